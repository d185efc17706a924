using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// One streamed event of a chat: the new text (and reasoning) it brought. Written to the pipeline as it arrives.
    /// </summary>
    public sealed class QwenChatStreamRecord
    {
        /// <summary>The new answer text in this event (a delta, not the whole text).</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>The new reasoning text in this event.</summary>
        public string? Reasoning { get; set; }

        /// <summary>Set on the last event: stop, length or tool_calls.</summary>
        public string? FinishReason { get; set; }

        /// <summary>The answer this piece belongs to when several were asked for (-Choices); 0 otherwise.</summary>
        public int ChoiceIndex { get; set; }

        /// <summary>-LogProbabilities: the log-probabilities of this event's tokens; null otherwise.</summary>
        public IList<QwenLogProbability>? LogProbabilities { get; set; }

        /// <summary>-EnableCodeInterpreter: code the model ran, on the event that first reports it; null otherwise.</summary>
        public IList<QwenCodeRun>? CodeRuns { get; set; }

        /// <summary>
        /// Omni models asked for speech: the bytes of audio this event brought, already written to the answer's file
        /// (the audio itself is not on the record); 0 otherwise.
        /// </summary>
        public int AudioBytes { get; set; }

        /// <summary>The SSE event id (1, 2, ...).</summary>
        public string? EventId { get; set; }

        public DateTimeOffset ReceivedAt { get; set; }

        public string? RequestId { get; set; }

        public string Model { get; set; } = string.Empty;

        public override string ToString() => Text;
    }
}
