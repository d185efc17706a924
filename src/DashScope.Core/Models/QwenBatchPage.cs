using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>One page of the account's batches, newest first; pass <see cref="LastId"/> as after= for the next.</summary>
    public sealed class QwenBatchPage
    {
        public IReadOnlyList<QwenBatch> Items { get; set; } = Array.Empty<QwenBatch>();

        public string? FirstId { get; set; }

        public string? LastId { get; set; }

        public bool HasMore { get; set; }

        public override string ToString() => Items.Count + " batches" + (HasMore ? ", more follow" : string.Empty);
    }
}
