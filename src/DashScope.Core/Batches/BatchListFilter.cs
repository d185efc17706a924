using System;
using System.Collections.Generic;
using DashScope.Models;

namespace DashScope.Batches
{
    /// <summary>Which batches GET batches lists. Unset members are not sent.</summary>
    public sealed class BatchListFilter
    {
        /// <summary>Only batches in these states (status=a,b).</summary>
        public IReadOnlyList<QwenBatchStatus>? Status { get; set; }

        /// <summary>Only batches whose ds_name contains this text (ds_name=).</summary>
        public string? Name { get; set; }

        /// <summary>Only batches of these input files (input_file_ids=, at most 20).</summary>
        public IReadOnlyList<string>? InputFileIds { get; set; }

        /// <summary>Only batches created at or after this time (create_after, yyyyMMddHHmmss in UTC+8).</summary>
        public DateTimeOffset? CreatedAfter { get; set; }

        /// <summary>Only batches created before this time (create_before).</summary>
        public DateTimeOffset? CreatedBefore { get; set; }
    }
}
