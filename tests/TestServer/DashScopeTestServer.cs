using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DashScope.TestServer;

/// <summary>
/// The loopback DashScope double. Start it in-process (xunit) or as a program (Pester, Demo, benchmarks).
/// Paths: {options prefix}/api/v1/services/aigc/{text-generation|multimodal-generation}/generation;
/// control endpoints under /_test/. Temporary uploads: GET …/api/v1/uploads?action=getPolicy answers a policy whose
/// upload_host is this server's fake storage ({options prefix}/_oss/, see <see cref="TemporaryUploads"/>); /_test/uploads
/// lists what was stored. Media, OCR and speech recognition requests are simulated by <see cref="MultimodalSimulator"/>;
/// qwen-image pictures, Qwen-TTS and CosyVoice speech by <see cref="MediaGenerationSimulator"/>; embeddings, rerank and
/// the tokenizer by <see cref="ServiceSimulator"/>; async tasks (pictures, videos, file transcription, batch embeddings)
/// by <see cref="TaskSimulator"/>. Result URLs point at this server itself (<see cref="ResultFiles"/>, no API key wanted).
/// The OpenAI-compatible protocol is served under /compatible-mode/v1 (DashScope, a key needed) and /v1 (an on-premises
/// server such as vLLM: a key only checked when sent): chat by <see cref="CompatibleChatSimulator"/>, models and
/// embeddings by <see cref="CompatibleServiceSimulator"/>, with the same faults and OpenAI-shaped errors; the Batch API
/// (/compatible-mode/v1/batches) by <see cref="BatchSimulator"/> over the files API's store.
/// </summary>
public sealed class DashScopeTestServer : IAsyncDisposable
{
    public const string InvalidKey = "sk-invalid";
    private const string OptionsPrefix = "/x/";

    private readonly WebApplication _app;
    private readonly string _recordings;

    private DashScopeTestServer(WebApplication app, string recordings)
    {
        _app = app;
        _recordings = recordings;
    }

    public RequestLog Log { get; } = new();

    /// <summary>The compatible-mode files API's store (qwen-long documents).</summary>
    public FileStore Files { get; } = new();

    /// <summary>The temporary-upload policies and the files posted to the fake storage.</summary>
    public TemporaryUploads Uploads { get; } = new();

    /// <summary>The Batch API's batches.</summary>
    public BatchSimulator Batches { get; } = new();

    /// <summary>The async tasks submitted so far.</summary>
    public TaskSimulator Tasks { get; } = new();

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The native base (…/api/v1/) for the given options, e.g. "scenario=single-generation-text-sse,bom".</summary>
    public Uri BaseUri(string? options = null) =>
        new(Address, string.IsNullOrEmpty(options) ? "api/v1/" : "x/" + Uri.EscapeDataString(options) + "/api/v1/");

    /// <summary>DashScope's OpenAI-compatible base (…/compatible-mode/v1/) for the given options.</summary>
    public Uri CompatibleBaseUri(string? options = null) => new(Address, OptionsSegment(options) + "compatible-mode/v1/");

    /// <summary>The base of a simulated on-premises OpenAI-compatible server (…/v1/, like vLLM's) for the given options.</summary>
    public Uri OnPremisesBaseUri(string? options = null) => new(Address, OptionsSegment(options) + "v1/");

    /// <summary>A result file on this server's result host, for the given options (e.g. "breakat=1000").</summary>
    public Uri ResultUri(string? options, string name) => new(Address, OptionsSegment(options) + ResultFiles.Prefix.TrimStart('/') + name);

    private static string OptionsSegment(string? options) => string.IsNullOrEmpty(options) ? "" : "x/" + Uri.EscapeDataString(options) + "/";

    public static string DefaultRecordingsDirectory => Path.Combine(AppContext.BaseDirectory, "recordings");

    public static async Task<DashScopeTestServer> StartAsync(int port = 0, string? recordings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = 200L * 1024 * 1024;
            kestrel.AllowSynchronousIO = false;
        });
        var app = builder.Build();
        var server = new DashScopeTestServer(app, recordings ?? DefaultRecordingsDirectory);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/_test/", StringComparison.Ordinal))
        {
            await HandleControlAsync(context, path);
            return;
        }

        string? optionsText = null;
        if (path.StartsWith(OptionsPrefix, StringComparison.Ordinal))
        {
            var end = path.IndexOf('/', OptionsPrefix.Length);
            optionsText = end < 0 ? path[OptionsPrefix.Length..] : path[OptionsPrefix.Length..end];
            path = end < 0 ? "/" : path[end..];
        }

        ServerOptions options;
        try
        {
            options = ServerOptions.Parse(optionsText);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            await WriteErrorAsync(context, 400, "TestServer.BadOptions", exception.Message, Guid.NewGuid().ToString(), stream: false);
            return;
        }

        if (path == "/_oss" || path.StartsWith("/_oss/", StringComparison.Ordinal))
        {
            // The fake storage host of temporary uploads: no API key, its own (XML) errors.
            await Uploads.HandleStorageAsync(context, options, Log);
            return;
        }

        var body = await ReadBodyAsync(context);
        Log.Add(new LoggedRequest
        {
            Id = options.Key,
            Method = context.Request.Method,
            Path = path + context.Request.QueryString,
            Headers = context.Request.Headers.ToDictionary(
                header => header.Key.ToLowerInvariant(),
                header => header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? RedactAuthorization(header.Value.ToString()) : header.Value.ToString()),
            Body = Encoding.UTF8.GetString(body),
            ReceivedAt = DateTimeOffset.Now,
        });

        var requestId = Guid.NewGuid().ToString();
        var stream = IsStreamRequest(context.Request);
        var attempt = Log.NextAttempt(options.Key);
        var token = context.RequestAborted;
        var compatible = IsCompatibleService(path);

        try
        {
            if (options.FirstByteDelayMs > 0) await Task.Delay(options.FirstByteDelayMs, token);

            if (attempt <= options.Throttle)
            {
                context.Response.Headers["Retry-After"] = options.RetryAfterSeconds.ToString();
                if (compatible)
                    await WriteCompatibleErrorAsync(context, new(429, "limit_requests", "limit_requests", "Requests rate limit exceeded, please try again later."), requestId);
                else
                    await WriteErrorAsync(context, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.", requestId, stream);
                return;
            }
            if (options.FailStatus > 0 && attempt - options.Throttle <= options.FailCount)
            {
                if (compatible)
                    await WriteCompatibleErrorAsync(context, new(options.FailStatus, options.FailStatus >= 500 ? "internal_error" : "test_server_fault",
                        options.FailStatus >= 500 ? "server_error" : "invalid_request_error", "An internal error has occured, please try again later."), requestId);
                else
                    await WriteErrorAsync(context, options.FailStatus, options.FailStatus >= 500 ? "InternalError" : "TestServer.Fault",
                        "An internal error has occured, please try again later.", requestId, stream);
                return;
            }

            if (ResultFiles.Handles(path))
            {
                // A storage host: it takes no key, and a key sent to it would be a leak (the log shows it).
                await ResultFiles.ServeAsync(context, path, options, Tasks.ResultContent);
                return;
            }

            var authorization = context.Request.Headers.Authorization.ToString();
            if (compatible)
            {
                // DashScope wants a key; an on-premises server (/v1) checks one only when it is sent.
                var onPremises = path.StartsWith("/v1/", StringComparison.Ordinal);
                var missing = !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7;
                if ((missing && !onPremises) || (!missing && authorization[7..].Trim() == InvalidKey))
                {
                    await WriteCompatibleErrorAsync(context, new(401, "invalid_api_key", "invalid_request_error", "Incorrect API key provided. "), requestId);
                    return;
                }
                await HandleCompatibleAsync(context, path, body, requestId, options);
                return;
            }
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7 || authorization[7..].Trim() == InvalidKey)
            {
                await ReplayAsync(context, Recording.Load(_recordings, "auth-error-nosse"), options);
                return;
            }

            if (context.Request.Method == "GET" && path.EndsWith("/uploads", StringComparison.Ordinal) && context.Request.Query["action"] == "getPolicy")
            {
                var uploadHost = Address + (optionsText == null ? "" : "x/" + optionsText + "/") + "_oss";
                await WriteJsonAsync(context, 200, Uploads.PolicyBody(context.Request.Query["model"].ToString(), uploadHost, requestId), requestId);
                return;
            }

            if (options.Scenario != null)
            {
                await ReplayAsync(context, Recording.Load(_recordings, options.ScenarioFor(attempt)), options);
                return;
            }

            if (FileStore.Handles(path))
            {
                await Files.HandleAsync(context, path, body, options.Id, options.PageSize, requestId);
                return;
            }

            if (BatchSimulator.Handles(path))
            {
                await Batches.HandleAsync(context, path, body, options, Files, requestId);
                return;
            }

            if (TaskSimulator.HandlesTasks(path))
            {
                await Tasks.HandleAsync(context, path, options, requestId);
                return;
            }

            if (context.Request.Method == "POST" && TaskSimulator.FamilyFor(path) is { } family)
            {
                if (string.Equals(context.Request.Headers["X-DashScope-Async"].ToString(), "enable", StringComparison.OrdinalIgnoreCase))
                {
                    var resultsBase = Address + (optionsText == null ? "" : "x/" + optionsText + "/") + ResultFiles.Prefix.TrimStart('/');
                    await Tasks.SubmitAsync(context, family, body, options, resultsBase, requestId, Uploads);
                    return;
                }
                if (!family.AlsoSynchronous)
                {
                    await WriteErrorAsync(context, 403, "AccessDenied", "current user api does not support synchronous calls", requestId, stream: false);
                    return;
                }
            }

            if (context.Request.Method == "POST" && ServiceSimulator.Handles(path))
            {
                JsonNode? service;
                try
                {
                    service = JsonNode.Parse(body);
                }
                catch (JsonException)
                {
                    service = null;
                }
                if (options.LatencyMs > 0) await Task.Delay(options.LatencyMs, token);
                using var answer = new PooledBufferWriter(options.SameVector ? 256 * 1024 : 4096);
                if (ServiceSimulator.Answer(path, service, requestId, answer, options.SameVector) is var (serviceStatus, serviceCode, serviceMessage))
                    await WriteErrorAsync(context, serviceStatus, serviceCode, serviceMessage, requestId, stream: false);
                else
                    await WriteJsonAsync(context, 200, answer.WrittenMemory, requestId);
                return;
            }

            if (context.Request.Method == "POST" && ApplicationSimulator.AppIdOf(path) is { } appId)
            {
                await SimulateApplicationAsync(context, appId, body, stream, requestId, options);
                return;
            }

            var resultFiles = Address + (optionsText == null ? "" : "x/" + optionsText + "/") + ResultFiles.Prefix.TrimStart('/');
            if (context.Request.Method == "POST" && path == MediaGenerationSimulator.SpeechSynthesizerPath)
            {
                await WriteMediaAsync(context, MediaGenerationSimulator.CosyVoice(ParseOrNull(body), stream, requestId, resultFiles), stream, requestId, options);
                return;
            }

            var multimodal = path.EndsWith("/services/aigc/multimodal-generation/generation", StringComparison.Ordinal);
            if (context.Request.Method == "POST" && multimodal && MediaGenerationSimulator.Multimodal(ParseOrNull(body), stream, requestId, resultFiles) is { } media)
            {
                await WriteMediaAsync(context, media, stream, requestId, options);
                return;
            }
            if (context.Request.Method == "POST" && (multimodal || path.EndsWith("/services/aigc/text-generation/generation", StringComparison.Ordinal)))
            {
                await SimulateChatAsync(context, body, stream, multimodal, requestId, options);
                return;
            }

            await WriteErrorAsync(context, 404, "InvalidURL", "url error, please check url！", requestId, stream: false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    private static JsonNode? ParseOrNull(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task WriteMediaAsync(HttpContext context, MediaGenerationSimulator.Answer answer, bool stream, string requestId, ServerOptions options)
    {
        if (answer.Error is var (status, code, message))
        {
            await WriteErrorAsync(context, status, code, message, requestId, stream);
            return;
        }
        if (answer.Payloads == null)
        {
            if (options.LatencyMs > 0) await Task.Delay(options.LatencyMs, context.RequestAborted);
            await WriteJsonAsync(context, 200, answer.Body!, requestId);
            return;
        }
        var writer = new EventWriter(context, options, Log);
        await writer.StartAsync(requestId);
        var id = 0;
        foreach (var payload in answer.Payloads)
        {
            id++;
            if (!await writer.WriteAsync(new WireEvent { Id = id.ToString(), Data = payload })) return;
        }
    }

    private async Task SimulateChatAsync(HttpContext context, byte[] body, bool stream, bool multimodal, string requestId, ServerOptions options)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }

        if (MultimodalSimulator.CheckOss(json, context.Request.Headers, Uploads) is var (ossStatus, ossCode, ossMessage))
        {
            await WriteErrorAsync(context, ossStatus, ossCode, ossMessage, requestId, stream);
            return;
        }
        MultimodalSimulator.CurrentUploads.Value = Uploads;
        if (CapabilitySimulator.Plan(json, stream, multimodal, requestId, options, Files) is { } special)
        {
            if (special.Error is var (specialStatus, specialCode, specialMessage))
            {
                await WriteErrorAsync(context, specialStatus, specialCode, specialMessage, requestId, stream);
                return;
            }
            if (!stream)
            {
                if (options.LatencyMs > 0) await Task.Delay(options.LatencyMs, context.RequestAborted);
                await WriteJsonAsync(context, 200, special.Body!, requestId);
                return;
            }
            var specialWriter = new EventWriter(context, options, Log);
            await specialWriter.StartAsync(requestId);
            var specialId = 0;
            foreach (var payload in special.Payloads!)
            {
                specialId++;
                if (!await specialWriter.WriteAsync(new WireEvent { Id = specialId.ToString(), Data = payload })) return;
            }
            return;
        }
        var error = ChatSimulator.Validate(json, stream, out var plan, requestId, multimodal, options.Tokens);
        if (error is var (status, code, message))
        {
            await WriteErrorAsync(context, status, code, message, requestId, stream);
            return;
        }

        if (plan!.DelayMs > 0) await Task.Delay(plan.DelayMs, context.RequestAborted);
        if (!stream)
        {
            if (options.LatencyMs > 0) await Task.Delay(options.LatencyMs, context.RequestAborted);
            await WriteJsonAsync(context, 200, ChatSimulator.CompleteBody(plan!), requestId);
            return;
        }

        var writer = new EventWriter(context, options, Log);
        await writer.StartAsync(requestId);
        var id = 0;
        foreach (var payload in ChatSimulator.StreamPayloads(plan!))
        {
            id++;
            if (!await writer.WriteAsync(new WireEvent { Id = id.ToString(), Data = payload })) return;
        }
    }

    /// <summary>The OpenAI-compatible services this server simulates (the files API keeps its own handling).</summary>
    private static bool IsCompatibleService(string path) =>
        CompatibleChatSimulator.Handles(path) || CompatibleServiceSimulator.HandlesModels(path) || CompatibleServiceSimulator.HandlesEmbeddings(path);

    private async Task HandleCompatibleAsync(HttpContext context, string path, byte[] body, string requestId, ServerOptions options)
    {
        if (context.Request.Method == "GET" && CompatibleServiceSimulator.HandlesModels(path))
        {
            await WriteJsonAsync(context, 200, CompatibleServiceSimulator.Models(path, options), requestId);
            return;
        }
        if (context.Request.Method != "POST")
        {
            await WriteCompatibleErrorAsync(context, new(405, "method_not_allowed", "invalid_request_error", "Method not allowed."), requestId);
            return;
        }
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }
        if (CompatibleServiceSimulator.HandlesEmbeddings(path))
        {
            var (answer, failure) = CompatibleServiceSimulator.Embeddings(json, requestId);
            if (failure is { } embeddingError) await WriteCompatibleErrorAsync(context, embeddingError, requestId);
            else await WriteJsonAsync(context, 200, answer!, requestId);
            return;
        }

        if (CompatibleChatSimulator.Validate(json, options, requestId, out var plan) is { } error)
        {
            await WriteCompatibleErrorAsync(context, error, requestId);
            return;
        }
        if (plan!.DelayMs > 0) await Task.Delay(plan.DelayMs, context.RequestAborted);
        if (!plan.Stream)
        {
            if (options.LatencyMs > 0) await Task.Delay(options.LatencyMs, context.RequestAborted);
            await WriteJsonAsync(context, 200, CompatibleChatSimulator.CompleteBody(plan), requestId);
            return;
        }
        var writer = new EventWriter(context, options, Log, openAiFraming: true);
        await writer.StartAsync(requestId);
        foreach (var payload in CompatibleChatSimulator.StreamPayloads(plan))
        {
            if (!await writer.WriteAsync(new WireEvent { Data = payload })) return;
        }
        await writer.WriteDoneAsync();
    }

    private static Task WriteCompatibleErrorAsync(HttpContext context, CompatibleChatSimulator.Failure failure, string requestId) =>
        WriteJsonAsync(context, failure.Status, CompatibleChatSimulator.ErrorBody(failure, requestId), requestId);

    private async Task SimulateApplicationAsync(HttpContext context, string appId, byte[] body, bool stream, string requestId, ServerOptions options)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }
        if (ApplicationSimulator.Validate(appId, json, requestId, out var plan) is var (status, code, message))
        {
            await WriteErrorAsync(context, status, code, message, requestId, stream);
            return;
        }
        if (!stream)
        {
            if (options.LatencyMs > 0) await Task.Delay(options.LatencyMs, context.RequestAborted);
            await WriteJsonAsync(context, 200, ApplicationSimulator.CompleteBody(plan!), requestId);
            return;
        }
        var writer = new EventWriter(context, options, Log);
        await writer.StartAsync(requestId);
        var id = 0;
        foreach (var payload in ApplicationSimulator.StreamPayloads(plan!))
        {
            id++;
            if (!await writer.WriteAsync(new WireEvent { Id = id.ToString(), Data = payload })) return;
        }
    }

    private async Task ReplayAsync(HttpContext context, Recording recording, ServerOptions options)
    {
        var eventLevel = options.GapMs > 0 || options.DropAfter != null || options.ErrorAfter != null || options.MalformedEvent != null ||
                         options.HoldAfter != null || options.NoBlankLines || options.CrLf || options.Bom || options.LatencyMs > 0;
        if (recording.IsEventStream && recording.Status == 200 && eventLevel)
        {
            var writer = new EventWriter(context, options, Log);
            await ReplayEventsAsync(writer, recording, context);
            return;
        }

        context.Response.StatusCode = recording.Status;
        if (recording.ContentType != null) context.Response.ContentType = recording.ContentType;
        if (recording.RequestId != null) context.Response.Headers["x-request-id"] = recording.RequestId;
        if (recording.IsEventStream) context.Response.Headers["x-dashscope-finished"] = "false";
        await context.Response.StartAsync(context.RequestAborted);
        await new EventWriter(context, options, Log).WriteBytesAsync(recording.Body);
    }

    private static async Task ReplayEventsAsync(EventWriter writer, Recording recording, HttpContext context)
    {
        await writer.StartAsync(recording.RequestId ?? Guid.NewGuid().ToString());
        foreach (var wireEvent in recording.Events())
        {
            if (!await writer.WriteAsync(wireEvent)) return;
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string message, string requestId, bool stream)
    {
        var data = JsonSerializer.Serialize(new { code, message, request_id = requestId });
        if (stream)
        {
            // Newer service behaviour: the real status with a single event:error body.
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/event-stream;charset=UTF-8";
            context.Response.Headers["x-request-id"] = requestId;
            await context.Response.WriteAsync("id:1\nevent:error\n:HTTP_STATUS/" + status + "\ndata:" + data + "\n\n", context.RequestAborted);
            return;
        }
        await WriteJsonAsync(context, status, data, requestId);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string json, string requestId) =>
        WriteJsonAsync(context, status, Encoding.UTF8.GetBytes(json), requestId);

    private static async Task WriteJsonAsync(HttpContext context, int status, ReadOnlyMemory<byte> json, string requestId)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-request-id"] = requestId;
        // One write with its length, as the service answers: no chunked encoding, no piecewise flushes.
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }

    private async Task HandleControlAsync(HttpContext context, string path)
    {
        var id = context.Request.Query["id"].ToString();
        switch (path)
        {
            case "/_test/requests":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(Log.For(id), new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return;
            case "/_test/release":
                Log.Release(id);
                context.Response.StatusCode = 204;
                return;
            case "/_test/sent":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Log.EventsSent(id).ToString());
                return;
            case "/_test/reset":
                Log.Clear();
                Uploads.Clear();
                Tasks.Clear();
                Batches.Clear();
                context.Response.StatusCode = 204;
                return;
            case "/_test/uploads":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(Uploads.Files
                    .Where(file => string.IsNullOrEmpty(context.Request.Query["key"]) || file.Key == context.Request.Query["key"])
                    .Select(file => new { key = file.Key, fileName = file.FileName, contentType = file.ContentType, size = file.Size, sha256 = file.Sha256 }),
                    new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return;
            case "/_test/health":
                await context.Response.WriteAsync("ok");
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private static bool IsStreamRequest(HttpRequest request) =>
        string.Equals(request.Headers["X-DashScope-SSE"].ToString(), "enable", StringComparison.OrdinalIgnoreCase) ||
        request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>The log keeps the scheme and the key's length and last two characters, never the key.</summary>
    private static string RedactAuthorization(string value)
    {
        if (!value.StartsWith("Bearer ", StringComparison.Ordinal)) return "(not a bearer token)";
        var key = value[7..];
        return "Bearer <" + key.Length + " chars, ends " + (key.Length >= 2 ? key[^2..] : key) + ">";
    }
}
