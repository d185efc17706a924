using System;

namespace DashScope.Requests
{
    /// <summary>
    /// What the requests that make pictures and videos from a prompt share: the prompt, what to leave out, the size, the
    /// seed, prompt extension and the watermark, checked and written alike. Where negative_prompt goes (input or
    /// parameters) differs by endpoint, so each family writes it.
    /// </summary>
    public abstract class CreationRequest<TResponse> : ModelRequest<TResponse>
    {
        protected CreationRequest(string model)
            : base(model)
        {
        }

        public string Prompt { get; set; } = string.Empty;

        /// <summary>What the result should not show (negative_prompt).</summary>
        public string? NegativePrompt { get; set; }

        /// <summary>"W*H", e.g. 1024*1024.</summary>
        public string? Size { get; set; }

        /// <summary>0 to 2147483647: the same seed and prompt make similar results.</summary>
        public int? Seed { get; set; }

        /// <summary>Let the service rewrite the prompt in more detail (prompt_extend; its default: true).</summary>
        public bool? PromptExtend { get; set; }

        /// <summary>Mark the result as AI-made (watermark; its default: false).</summary>
        public bool? Watermark { get; set; }

        /// <summary>What is made, for messages: "picture" or "video".</summary>
        protected abstract string Made { get; }

        /// <summary>True when the request says what to make without a prompt (a first frame for image-to-video).</summary>
        protected virtual bool HasOtherInput => false;

        public override void Validate()
        {
            base.Validate();
            if (string.IsNullOrWhiteSpace(Prompt) && !HasOtherInput)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No prompt was given: describe the " + Made + " to make.");
            if (Seed.HasValue && Seed.Value < 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The seed must be 0 to 2147483647.");
            ImageSizes.Check(Size);
        }

        /// <summary>Writes size, seed, prompt_extend and watermark.</summary>
        protected void WriteCreationParameters(ParameterWriter parameters)
        {
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            parameters.Write("size", Size);
            parameters.Write("seed", Seed);
            parameters.Write("prompt_extend", PromptExtend);
            parameters.Write("watermark", Watermark);
        }
    }
}
