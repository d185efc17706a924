using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;

namespace DashScope.Client
{
    /// <summary>Calls Model Studio applications and workflows: whole answers or streams, like chat.</summary>
    public sealed class ApplicationClient
    {
        private readonly DashScopeClient _client;

        public ApplicationClient(DashScopeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>
        /// Sends the request; with <paramref name="onRecord"/> the answer streams and each event's new text goes to it as
        /// it arrives. A failure is a <see cref="DashScopeException"/> whose PartialResult holds what arrived.
        /// </summary>
        public async Task<QwenApplicationResult> SendAsync(ApplicationRequest request, Func<QwenChatStreamRecord, Task>? onRecord, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var path = ApplicationRequestBuilder.PathFor(request);
            var accumulator = new ApplicationAccumulator();
            if (onRecord == null)
            {
                var bytes = await _client.PostJsonAsync(path, ApplicationRequestBuilder.Build(request, stream: false), cancellationToken).ConfigureAwait(false);
                var chunk = ApplicationDecoder.Decode(bytes);
                if (chunk.ErrorCode != null) throw DashScopeException.FromService(400, chunk.ErrorCode, chunk.ErrorMessage, chunk.RequestId);
                accumulator.Add(chunk);
                var whole = accumulator.ToResult(request, completed: true);
                whole.Duration = watch.Elapsed;
                return whole;
            }

            using (var connection = await _client.OpenStreamAsync(path, ApplicationRequestBuilder.Build(request, stream: true), cancellationToken).ConfigureAwait(false))
            {
                QwenApplicationResult Partial()
                {
                    var partial = accumulator.ToResult(request, completed: false);
                    partial.Streamed = true;
                    partial.Duration = watch.Elapsed;
                    return partial;
                }

                while (true)
                {
                    SseEvent? next;
                    ApplicationChunk chunk;
                    try
                    {
                        next = await connection.ReadAsync().ConfigureAwait(false);
                        if (next == null) break;
                        chunk = ApplicationDecoder.Decode(next.Data);
                        if (chunk.ErrorCode != null) throw DashScopeException.FromService(next.Status ?? 400, chunk.ErrorCode, chunk.ErrorMessage, chunk.RequestId);
                    }
                    catch (DashScopeException failure)
                    {
                        failure.PartialResult = Partial();
                        throw;
                    }
                    accumulator.Add(chunk);
                    await onRecord(new QwenChatStreamRecord
                    {
                        Text = chunk.Text ?? string.Empty,
                        FinishReason = chunk.FinishReason,
                        EventId = next.Id,
                        ReceivedAt = next.ReceivedAt,
                        RequestId = chunk.RequestId ?? connection.HeaderRequestId,
                        Model = request.AppId,
                    }).ConfigureAwait(false);
                }
                var result = accumulator.ToResult(request, completed: true);
                result.Streamed = true;
                result.Duration = watch.Elapsed;
                if (result.RequestId == null) result.RequestId = connection.HeaderRequestId;
                return result;
            }
        }
    }
}
