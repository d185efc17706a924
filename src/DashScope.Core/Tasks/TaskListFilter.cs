using System;
using DashScope.Models;

namespace DashScope.Tasks
{
    /// <summary>Which tasks GET tasks lists. Unset members are not sent (the service then lists the last 24 hours).</summary>
    public sealed class TaskListFilter
    {
        /// <summary>Tasks submitted at or after this time (sent as yyyyMMddHHmmss, UTC+8).</summary>
        public DateTimeOffset? StartTime { get; set; }

        /// <summary>Tasks submitted before this time.</summary>
        public DateTimeOffset? EndTime { get; set; }

        public string? Model { get; set; }

        public QwenTaskStatus? Status { get; set; }

        /// <summary>1-based page number (the service's default: 1).</summary>
        public int? PageNumber { get; set; }

        /// <summary>Tasks per page (the service's default: 10).</summary>
        public int? PageSize { get; set; }
    }
}
