using System;
using System.Text;

namespace DashScope.Streaming
{
    /// <summary>One server-sent event as DashScope frames it: id, event type, the :HTTP_STATUS/ comment, one data line.</summary>
    public sealed class SseEvent
    {
        public SseEvent(string? id, string eventType, int? status, byte[] data, DateTimeOffset receivedAt)
        {
            Id = id;
            EventType = eventType;
            Status = status;
            Data = data;
            ReceivedAt = receivedAt;
        }

        public string? Id { get; }

        /// <summary>"result" for data, "error" for an error event; "message" when the server named none.</summary>
        public string EventType { get; }

        /// <summary>The logical status from the ":HTTP_STATUS/nnn" comment, when present.</summary>
        public int? Status { get; }

        /// <summary>The data line as UTF-8 bytes (no decoding until someone needs text).</summary>
        public byte[] Data { get; }

        public DateTimeOffset ReceivedAt { get; }

        public bool IsError => string.Equals(EventType, "error", StringComparison.OrdinalIgnoreCase);

        public string DataText => Encoding.UTF8.GetString(Data);

        public override string ToString() => "id:" + Id + " event:" + EventType + " data:" + DataText;
    }
}
