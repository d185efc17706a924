using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Batches
{
    /// <summary>GET {compatible base}/batches?…: one page of the account's batches, newest first.</summary>
    internal sealed class ListBatchesRequest : ServiceRequest<QwenBatchPage>
    {
        private readonly BatchListFilter _filter;
        private readonly string? _after;
        private readonly int? _limit;

        public ListBatchesRequest(BatchListFilter? filter, string? after, int? limit)
        {
            _filter = filter ?? new BatchListFilter();
            _after = after;
            _limit = limit;
        }

        public override HttpMethod Method => HttpMethod.Get;

        public override ModelProtocol Protocol => ModelProtocol.Compatible;

        public override string Path
        {
            get
            {
                var query = new StringBuilder("batches");
                var separator = '?';
                void Add(string name, string? value)
                {
                    if (string.IsNullOrEmpty(value)) return;
                    query.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                    separator = '&';
                }
                Add("after", _after);
                Add("limit", _limit?.ToString(CultureInfo.InvariantCulture));
                Add("ds_name", _filter.Name);
                Add("input_file_ids", _filter.InputFileIds == null || _filter.InputFileIds.Count == 0 ? null : string.Join(",", _filter.InputFileIds));
                Add("status", _filter.Status == null || _filter.Status.Count == 0 ? null : string.Join(",", _filter.Status.Select(QwenBatchDecoder.WireName)));
                Add("create_after", _filter.CreatedAfter.HasValue ? ServiceTime.FormatFilter(_filter.CreatedAfter.Value) : null);
                Add("create_before", _filter.CreatedBefore.HasValue ? ServiceTime.FormatFilter(_filter.CreatedBefore.Value) : null);
                return query.ToString();
            }
        }

        public override void Validate()
        {
            if (_limit.HasValue && (_limit.Value < 1 || _limit.Value > 100))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "A page holds 1 to 100 batches.");
            if (_filter.InputFileIds != null && _filter.InputFileIds.Count > 20)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Batches can be listed for at most 20 input files at once.");
            if (_filter.CreatedAfter.HasValue && _filter.CreatedBefore.HasValue && _filter.CreatedBefore.Value < _filter.CreatedAfter.Value)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The end of the time range is before its start.");
        }

        public override QwenBatchPage Decode(JsonElement root, string? requestId) => QwenBatchDecoder.DecodePage(root, requestId);
    }
}
