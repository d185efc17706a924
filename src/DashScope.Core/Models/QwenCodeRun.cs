using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>Code the model ran with the code interpreter (-EnableCodeInterpreter), and what came of it.</summary>
    public sealed class QwenCodeRun
    {
        /// <summary>The tool (code_interpreter).</summary>
        public string Type { get; set; } = "code_interpreter";

        /// <summary>The code that ran.</summary>
        public string? Code { get; set; }

        /// <summary>Its output, when the service reports one.</summary>
        public string? Result { get; set; }

        /// <summary>Everything the service said about the run, as plain values.</summary>
        public IDictionary<string, object?> Details { get; set; } = new Dictionary<string, object?>();

        public override string ToString() => Code ?? string.Empty;
    }
}
