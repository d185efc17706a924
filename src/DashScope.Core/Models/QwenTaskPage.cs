using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>One page of the account's task list.</summary>
    public sealed class QwenTaskPage
    {
        /// <summary>Tasks that match, on all pages.</summary>
        public int Total { get; set; }

        /// <summary>1-based.</summary>
        public int PageNumber { get; set; }

        public int PageSize { get; set; }

        public int TotalPages { get; set; }

        public IReadOnlyList<QwenTask> Items { get; set; } = Array.Empty<QwenTask>();

        public string? RequestId { get; set; }

        public bool HasMore => PageNumber < TotalPages;

        public override string ToString() => "page " + PageNumber + " of " + TotalPages + " (" + Total + " tasks)";
    }
}
