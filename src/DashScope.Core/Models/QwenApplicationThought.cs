namespace DashScope.Models
{
    /// <summary>One step an application or agent took before answering (has_thoughts): retrieval, a plug-in call, reasoning.</summary>
    public sealed class QwenApplicationThought
    {
        /// <summary>agentRag, api, reasoning, response, ...</summary>
        public string? ActionType { get; set; }

        /// <summary>What the step is called in the application (a plug-in or knowledge base name).</summary>
        public string? ActionName { get; set; }

        public string? Action { get; set; }

        /// <summary>The step's reasoning text, when it has one.</summary>
        public string? Thought { get; set; }

        /// <summary>The step's input, as JSON text.</summary>
        public string? Arguments { get; set; }

        /// <summary>What the step returned (retrieved passages, a plug-in's answer), as JSON text.</summary>
        public string? Observation { get; set; }

        public string? Response { get; set; }

        public override string ToString() => (ActionType ?? "thought") + (ActionName == null ? string.Empty : ": " + ActionName);
    }
}
