namespace DashScope.Tools
{
    /// <summary>What the host decided about one tool call.</summary>
    public enum ToolCallDecision
    {
        /// <summary>Run the call.</summary>
        Run,
        /// <summary>The user said no: the model is told so.</summary>
        Declined,
        /// <summary>-WhatIf: nothing runs, and the loop returns the calls.</summary>
        WhatIf,
        /// <summary>The host could not decide (it has written why): the loop returns the calls.</summary>
        Stop,
    }
}
