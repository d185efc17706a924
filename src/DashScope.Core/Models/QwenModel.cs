using System;
using System.Collections.Generic;
using DashScope.Catalog;

namespace DashScope.Models
{
    /// <summary>
    /// A model a connection can use: from the module's catalog (DashScope), with what the catalog knows of its family, or
    /// as a server lists it (GET {base}/models of an OpenAI-compatible server).
    /// </summary>
    public sealed class QwenModel
    {
        /// <summary>The name to pass to -Model.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>The catalog family (qwen3, qwen-vl, qwen-omni, ...); null for a model only a server lists.</summary>
        public string? Family { get; set; }

        /// <summary>chat, vision, ocr, asr, audio, omni, translation, research, image, video, speech, transcription, embedding or rerank.</summary>
        public string? Kind { get; set; }

        /// <summary>The protocol it is served in (the omni family: only the compatible one).</summary>
        public ModelProtocol? Protocol { get; set; }

        /// <summary>What it takes: text, image, video, audio.</summary>
        public IReadOnlyList<string> Input { get; set; } = Array.Empty<string>();

        /// <summary>What it gives: text, audio, image, video, embedding, score.</summary>
        public IReadOnlyList<string> Output { get; set; } = Array.Empty<string>();

        /// <summary>True when it answers only streamed (the client streams internally).</summary>
        public bool StreamOnly { get; set; }

        /// <summary>Catalog (the module's knowledge of DashScope) or Server (what the server listed).</summary>
        public string Source { get; set; } = "Catalog";

        /// <summary>owned_by as the server lists it (system, vllm, ...).</summary>
        public string? OwnedBy { get; set; }

        /// <summary>When the server says the model was created.</summary>
        public DateTimeOffset? Created { get; set; }

        /// <summary>The OpenAI-compatible base that listed it; null for catalog entries.</summary>
        public Uri? Server { get; set; }

        /// <summary>A catalog model: its name and its family's facts.</summary>
        public static QwenModel FromCatalog(ModelFamily family, string name) => new QwenModel
        {
            Name = name,
            Family = family.Family,
            Kind = family.Kind,
            Protocol = family.Protocol,
            Input = family.Input,
            Output = family.Output,
            StreamOnly = family.StreamOnly,
            Source = "Catalog",
        };

        public override string ToString() => Name;
    }
}
