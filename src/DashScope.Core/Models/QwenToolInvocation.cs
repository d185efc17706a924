namespace DashScope.Models
{
    /// <summary>How Invoke-QwenChat handles the tool calls the model makes.</summary>
    public enum QwenToolInvocation
    {
        /// <summary>Run nothing: return the tool calls on the result.</summary>
        None,
        /// <summary>Ask before each call (ShouldContinue), showing the command and its arguments.</summary>
        Confirm,
        /// <summary>Run the calls without asking (still only the commands given in -Tool).</summary>
        Auto,
    }
}
