using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Catalog;
using DashScope.Requests;

namespace DashScope.Client
{
    /// <summary>
    /// Text embeddings where one bad text does not cost the others theirs. The service fails a whole call for one text
    /// it refuses (too long, empty, flagged), so a text that may be over the model's token limit (more UTF-8 bytes than
    /// the limit has tokens; a token is at least one byte) goes in a call of its own, and when a call of several texts
    /// is refused for its input anyway, its texts are sent again one by one. Each text ends with its embedding or its
    /// own error.
    /// </summary>
    public sealed class EmbeddingClient
    {
        private readonly DashScopeClient _client;
        private readonly ModelCatalog _catalog;

        public EmbeddingClient(DashScopeClient client, ModelCatalog? catalog = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _catalog = catalog ?? ModelCatalog.Default;
        }

        /// <summary>
        /// Embeds the texts of <paramref name="request"/> (at most the model's batch size) and returns one outcome per
        /// text, in text order. Errors that concern the call rather than a text (key, network, throttling after the
        /// retries) are each text's error; cancelling throws.
        /// </summary>
        public async Task<IReadOnlyList<EmbeddingOutcome>> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            request.Validate();
            var texts = request.Texts;
            var outcomes = new EmbeddingOutcome[texts.Count];
            var limit = _catalog.Find(request.Model).MaxInputTokens;
            var surelyFit = new List<int>(texts.Count);
            var mayNotFit = new List<int>();
            for (var i = 0; i < texts.Count; i++)
            {
                if (limit.HasValue && Encoding.UTF8.GetByteCount(texts[i]) > limit.Value) mayNotFit.Add(i);
                else surelyFit.Add(i);
            }
            if (surelyFit.Count > 0) await SendAsync(request, surelyFit, outcomes, cancellationToken).ConfigureAwait(false);
            foreach (var index in mayNotFit) await SendAsync(request, new[] { index }, outcomes, cancellationToken).ConfigureAwait(false);
            return outcomes;
        }

        private async Task SendAsync(EmbeddingRequest template, IList<int> indices, EmbeddingOutcome[] outcomes, CancellationToken cancellationToken)
        {
            var texts = new List<string>(indices.Count);
            foreach (var index in indices) texts.Add(template.Texts[index]);
            try
            {
                var result = await _client.SendAsync(template.WithTexts(texts), cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < indices.Count; i++)
                {
                    outcomes[indices[i]] = i < result.Embeddings.Count && result.Embeddings[i].Index == i
                        ? new EmbeddingOutcome(result.Embeddings[i])
                        : new EmbeddingOutcome(new DashScopeException(DashScopeErrorKind.Protocol,
                            "DashScope sent no embedding for text " + indices[i] + " (request id " + (result.RequestId ?? "none") + ")."));
                }
            }
            catch (DashScopeException failure) when (IsInputRefusal(failure) && indices.Count > 1)
            {
                _client.Log.Write("A call of " + indices.Count + " texts was refused for its input (" + failure.ServiceMessage +
                                  "); sending them one by one so only the refused text fails");
                foreach (var index in indices) await SendAsync(template, new[] { index }, outcomes, cancellationToken).ConfigureAwait(false);
            }
            catch (DashScopeException failure)
            {
                foreach (var index in indices)
                    outcomes[index] = new EmbeddingOutcome(indices.Count == 1 && IsInputRefusal(failure) ? Refused(template, index, failure) : failure);
            }
        }

        /// <summary>A 400 about the input (length, batch size, content inspection): the fault of some text, not of the call.</summary>
        private static bool IsInputRefusal(DashScopeException failure) =>
            failure.Kind == DashScopeErrorKind.Service && failure.StatusCode == 400 &&
            (string.Equals(failure.Code, "DataInspectionFailed", StringComparison.OrdinalIgnoreCase) ||
             (failure.ServiceMessage ?? string.Empty).IndexOf("input", StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>The service's refusal, saying which text it was and what the model takes.</summary>
        private DashScopeException Refused(EmbeddingRequest template, int index, DashScopeException failure)
        {
            var text = template.Texts[index];
            var limit = _catalog.Find(template.Model).MaxInputTokens;
            var tooLong = limit.HasValue && (failure.ServiceMessage ?? string.Empty).IndexOf("length", StringComparison.OrdinalIgnoreCase) >= 0;
            var message = string.Format(CultureInfo.InvariantCulture, "{0} refused the text \"{1}\" ({2:N0} characters): {3}{4}",
                template.Model, Preview(text), text.Length, failure.ServiceMessage ?? failure.Message,
                tooLong ? string.Format(CultureInfo.InvariantCulture, ". The model takes at most {0:N0} tokens per text: shorten or split it.", limit!.Value) : ".");
            return new DashScopeException(failure.Kind, message, failure.StatusCode, failure.Code, failure.ServiceMessage, failure.RequestId, failure);
        }

        private static string Preview(string text)
        {
            var line = text.Replace('\r', ' ').Replace('\n', ' ');
            return line.Length <= 40 ? line : line.Substring(0, 40) + "…";
        }
    }
}
