using System.Globalization;
using System.Text;
using DashScope.Models;

namespace DashScope.Formatting
{
    /// <summary>Console rendering helpers for the vision, speech, OCR and application results (called from the format views).</summary>
    public static class MediaDisplay
    {
        /// <summary>The dim line under an answer: media, model, finish, usage, duration, request id.</summary>
        public static string Footer(object? result)
        {
            var parts = new StringBuilder();
            switch (result)
            {
                case QwenVisionResult vision:
                    Add(parts, vision.File);
                    Add(parts, vision.Model);
                    Add(parts, vision.FinishReason ?? (vision.Completed ? "done" : "incomplete"));
                    if (vision.Usage != null) Add(parts, vision.Usage + " tokens");
                    Add(parts, Seconds(vision.Duration.TotalSeconds));
                    Add(parts, vision.RequestId);
                    break;
                case QwenTranscript transcript:
                    Add(parts, transcript.File);
                    Add(parts, transcript.Model);
                    Add(parts, transcript.Language);
                    Add(parts, transcript.Emotion);
                    if (transcript.Seconds.HasValue) Add(parts, transcript.Seconds.Value.ToString("0.#", CultureInfo.InvariantCulture) + " s of audio");
                    Add(parts, transcript.RequestId);
                    break;
                case QwenApplicationResult application:
                    Add(parts, application.AppId);
                    Add(parts, application.FinishReason ?? (application.Completed ? "done" : "incomplete"));
                    foreach (var usage in application.Usage) Add(parts, usage.Model + " " + usage.InputTokens + "+" + usage.OutputTokens + " tokens");
                    if (application.DocReferences.Count > 0) Add(parts, application.DocReferences.Count.ToString(CultureInfo.InvariantCulture) + " references");
                    Add(parts, Seconds(application.Duration.TotalSeconds));
                    Add(parts, "session " + application.SessionId);
                    Add(parts, application.RequestId);
                    break;
                case QwenOcrResult ocr:
                    Add(parts, ocr.File);
                    Add(parts, ocr.Task);
                    Add(parts, ocr.Model);
                    if (ocr.Words.Count > 0) Add(parts, ocr.Words.Count.ToString(CultureInfo.InvariantCulture) + " words");
                    if (ocr.Usage != null) Add(parts, ocr.Usage + " tokens");
                    Add(parts, ocr.RequestId);
                    break;
            }
            return "── " + parts;
        }

        private static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

        private static void Add(StringBuilder parts, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (parts.Length > 0) parts.Append(" · ");
            parts.Append(value);
        }
    }
}
