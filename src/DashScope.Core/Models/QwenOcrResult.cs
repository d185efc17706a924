using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// What an OCR model read from one image: the text (HTML for tables, LaTeX for documents and formulas),
    /// and per task the extracted fields (key information extraction) or the words with their positions
    /// (advanced recognition).
    /// </summary>
    public sealed class QwenOcrResult
    {
        /// <summary>The file name (or URL) of the image.</summary>
        public string? File { get; set; }

        /// <summary>The built-in task (TextRecognition, KeyInformationExtraction, ...); null for a free prompt.</summary>
        public string? Task { get; set; }

        /// <summary>The text the model wrote.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>Key information extraction: the fields, shaped like the schema (kv_result); null otherwise.</summary>
        public IDictionary<string, object?>? Fields { get; set; }

        /// <summary>Advanced recognition: each word with its location (words_info).</summary>
        public IList<QwenOcrWord> Words { get; set; } = new List<QwenOcrWord>();

        public string Model { get; set; } = string.Empty;

        public QwenUsage? Usage { get; set; }

        /// <summary>stop, or length when the answer was cut short (the audio or image held more than the model wrote).</summary>
        public string? FinishReason { get; set; }

        public string? RequestId { get; set; }

        /// <summary>The full path of the local file, or the URL.</summary>
        public string? Path { get; set; }

        /// <summary>The ocr_result as the service sent it (plain values).</summary>
        public IDictionary<string, object?>? Raw { get; set; }

        /// <summary>Time from sending to the last byte (upload included).</summary>
        public TimeSpan Duration { get; set; }

        public override string ToString() => Text;
    }
}
