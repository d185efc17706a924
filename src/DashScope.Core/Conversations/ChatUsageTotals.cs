using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DashScope.Models;

namespace DashScope.Conversations
{
    /// <summary>
    /// The tokens a conversation has used so far, over every call (tool rounds and stopped answers included). Streams
    /// report usage cumulatively, so the last usage seen for each request counts. Safe to update from a worker.
    /// </summary>
    public sealed class ChatUsageTotals
    {
        private readonly Dictionary<string, QwenUsage> _byRequest = new Dictionary<string, QwenUsage>();
        private readonly object _gate = new object();
        private int _anonymous;

        /// <summary>Records the usage reported so far by one request (a later report of the same request replaces it).</summary>
        public void Observe(string? requestId, QwenUsage? usage)
        {
            if (usage == null) return;
            lock (_gate)
            {
                var key = string.IsNullOrEmpty(requestId) ? "#" + (++_anonymous).ToString(CultureInfo.InvariantCulture) : requestId!;
                _byRequest[key] = usage;
            }
        }

        /// <summary>Calls that reported usage.</summary>
        public int Requests
        {
            get { lock (_gate) return _byRequest.Count; }
        }

        public int InputTokens => Sum(usage => usage.InputTokens);
        public int OutputTokens => Sum(usage => usage.OutputTokens);
        public int TotalTokens => Sum(usage => usage.TotalTokens ?? (usage.InputTokens ?? 0) + (usage.OutputTokens ?? 0));
        public int ReasoningTokens => Sum(usage => usage.ReasoningTokens);
        public int CachedTokens => Sum(usage => usage.CachedTokens);

        /// <summary>For example "3 requests, 1,530 tokens: in 1,200, out 330 (reasoning 80)".</summary>
        public override string ToString()
        {
            var requests = Requests;
            if (requests == 0) return "No tokens used yet";
            var text = new StringBuilder();
            text.Append(requests.ToString(CultureInfo.InvariantCulture)).Append(requests == 1 ? " request, " : " requests, ");
            text.Append(Number(TotalTokens)).Append(" tokens: in ").Append(Number(InputTokens)).Append(", out ").Append(Number(OutputTokens));
            var details = new List<string>();
            if (ReasoningTokens > 0) details.Add("reasoning " + Number(ReasoningTokens));
            if (CachedTokens > 0) details.Add("cached " + Number(CachedTokens));
            if (details.Count > 0) text.Append(" (").Append(string.Join(", ", details)).Append(')');
            return text.ToString();
        }

        private int Sum(System.Func<QwenUsage, int?> field)
        {
            lock (_gate)
            {
                var total = 0;
                foreach (var usage in _byRequest.Values) total += field(usage) ?? 0;
                return total;
            }
        }

        private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
