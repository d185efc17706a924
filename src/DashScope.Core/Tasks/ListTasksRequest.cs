using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using DashScope.Client;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Tasks
{
    /// <summary>GET tasks?…: one page of the account's tasks, flat entries with epoch-millisecond times.</summary>
    internal sealed class ListTasksRequest : ServiceRequest<QwenTaskPage>
    {
        private readonly TaskListFilter _filter;

        public ListTasksRequest(TaskListFilter? filter)
        {
            _filter = filter ?? new TaskListFilter();
        }

        public override HttpMethod Method => HttpMethod.Get;

        public override string Path
        {
            get
            {
                var query = new StringBuilder("tasks");
                var separator = '?';
                void Add(string name, string? value)
                {
                    if (string.IsNullOrEmpty(value)) return;
                    query.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                    separator = '&';
                }
                Add("start_time", _filter.StartTime.HasValue ? ServiceTime.FormatFilter(_filter.StartTime.Value) : null);
                Add("end_time", _filter.EndTime.HasValue ? ServiceTime.FormatFilter(_filter.EndTime.Value) : null);
                Add("model_name", _filter.Model);
                Add("status", _filter.Status?.ToString().ToUpperInvariant());
                Add("page_no", _filter.PageNumber?.ToString(CultureInfo.InvariantCulture));
                Add("page_size", _filter.PageSize?.ToString(CultureInfo.InvariantCulture));
                return query.ToString();
            }
        }

        public override void Validate()
        {
            if (_filter.PageNumber.HasValue && _filter.PageNumber.Value < 1)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The page number starts at 1.");
            if (_filter.PageSize.HasValue && _filter.PageSize.Value < 1)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The page size must be positive.");
            if (_filter.StartTime.HasValue && _filter.EndTime.HasValue && _filter.EndTime.Value < _filter.StartTime.Value)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The end time is before the start time.");
        }

        public override QwenTaskPage Decode(JsonElement root, string? requestId)
        {
            var items = new List<QwenTask>();
            if (root.TryGet("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray()) items.Add(QwenTaskDecoder.DecodeListItem(item));
            }
            return new QwenTaskPage
            {
                Total = root.GetIntOrNull("total") ?? items.Count,
                PageNumber = root.GetIntOrNull("page_no") ?? _filter.PageNumber ?? 1,
                PageSize = root.GetIntOrNull("page_size") ?? _filter.PageSize ?? items.Count,
                TotalPages = root.GetIntOrNull("total_page") ?? 1,
                Items = items,
                RequestId = requestId,
            };
        }
    }
}
