using System.Text;
using Microsoft.AspNetCore.Http;

namespace DashScope.TestServer;

/// <summary>
/// Writes events with DashScope's exact framing (id / event / :HTTP_STATUS / data / blank line), or the OpenAI-compatible
/// one ("data: {…}", blank line, "data: [DONE]" at the end), or with the variations a test asks for, applying pauses,
/// drops and holds between events.
/// </summary>
public sealed class EventWriter
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly HttpContext _context;
    private readonly ServerOptions _options;
    private readonly RequestLog _log;
    private readonly bool _openAiFraming;
    private int _sent;
    private bool _started;

    public EventWriter(HttpContext context, ServerOptions options, RequestLog log, bool openAiFraming = false)
    {
        _context = context;
        _options = options;
        _log = log;
        _openAiFraming = openAiFraming;
    }

    public int Sent => _sent;

    public async Task StartAsync(string requestId)
    {
        var response = _context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream;charset=UTF-8";
        response.Headers["x-request-id"] = requestId;
        if (!_openAiFraming) response.Headers["x-dashscope-finished"] = "false";
        response.Headers["cache-control"] = "no-cache";
        await response.StartAsync(_context.RequestAborted);
        if (_options.Bom) await WriteBytesAsync(Bom);
        _log.EventSent(_options.Key, 0);
        _started = true;
    }

    /// <summary>Writes one event; returns false when a fault ended the stream instead.</summary>
    public async Task<bool> WriteAsync(WireEvent wireEvent)
    {
        if (!_started) throw new InvalidOperationException("StartAsync first.");
        var token = _context.RequestAborted;
        if (_sent == 0 && _options.LatencyMs > 0) await Task.Delay(_options.LatencyMs, token);
        if (_sent > 0 && _options.GapMs > 0) await Task.Delay(_options.GapMs, token);
        if (_options.HoldAfter == _sent && _sent > 0) await _log.WaitForRelease(_options.Key, token).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_options.DropAfter == _sent)
        {
            await _context.Response.Body.FlushAsync(token);
            // Let the client read what was flushed; an abort right away can reset the socket before it arrives.
            await Task.Delay(100, token);
            _context.Abort();
            return false;
        }
        if (_options.ErrorAfter == _sent && _sent > 0 && _openAiFraming)
        {
            // The OpenAI convention: a data event whose JSON is an error object, then the stream closes without [DONE].
            await WriteFrameAsync(new WireEvent
            {
                Data = "{\"error\":{\"code\":\"internal_error\",\"param\":null,\"message\":\"An internal error has occured, please try again later.\",\"type\":\"server_error\"}," +
                       "\"request_id\":\"" + _context.Response.Headers["x-request-id"] + "\"}",
            });
            return false;
        }
        if (_options.ErrorAfter == _sent && _sent > 0)
        {
            await WriteFrameAsync(new WireEvent
            {
                Id = (_sent + 1).ToString(),
                Event = "error",
                Status = 500,
                Data = "{\"code\":\"InternalError\",\"message\":\"An internal error has occured, please try again later.\",\"request_id\":\"" + _context.Response.Headers["x-request-id"] + "\"}",
            });
            return false;
        }

        var toWrite = wireEvent;
        if (_options.MalformedEvent == _sent + 1)
        {
            toWrite = new WireEvent
            {
                Id = wireEvent.Id, Event = wireEvent.Event, Status = wireEvent.Status,
                Data = _openAiFraming ? "{\"choices\":[{\"delta\":{\"content\":\"broken" : "{\"output\":{\"choices\":[{\"message\":{\"content\":\"broken",
            };
        }
        await WriteFrameAsync(toWrite);
        return true;
    }

    /// <summary>The OpenAI-compatible end of a stream: data: [DONE] (not counted as an event).</summary>
    public Task WriteDoneAsync()
    {
        var newline = _options.CrLf ? "\r\n" : "\n";
        return WriteBytesAsync(Encoding.UTF8.GetBytes("data: [DONE]" + newline + (_options.NoBlankLines ? "" : newline)));
    }

    private async Task WriteFrameAsync(WireEvent wireEvent)
    {
        var newline = _options.CrLf ? "\r\n" : "\n";
        var frame = new StringBuilder();
        if (_openAiFraming)
        {
            frame.Append("data: ").Append(wireEvent.Data).Append(newline);
            if (!_options.NoBlankLines) frame.Append(newline);
            await WriteBytesAsync(Encoding.UTF8.GetBytes(frame.ToString()));
            _sent++;
            _log.EventSent(_options.Key, _sent);
            return;
        }
        frame.Append("id:").Append(wireEvent.Id ?? (_sent + 1).ToString()).Append(newline);
        frame.Append("event:").Append(wireEvent.Event).Append(newline);
        frame.Append(":HTTP_STATUS/").Append(wireEvent.Status).Append(newline);
        frame.Append("data:").Append(wireEvent.Data).Append(newline);
        if (!_options.NoBlankLines) frame.Append(newline);
        await WriteBytesAsync(Encoding.UTF8.GetBytes(frame.ToString()));
        _sent++;
        _log.EventSent(_options.Key, _sent);
    }

    /// <summary>Writes and flushes; with chunk=N, N bytes at a time.</summary>
    public async Task WriteBytesAsync(byte[] bytes)
    {
        var body = _context.Response.Body;
        var token = _context.RequestAborted;
        if (_options.ChunkSize is int size)
        {
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                await body.WriteAsync(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), token);
                await body.FlushAsync(token);
            }
            return;
        }
        await body.WriteAsync(bytes, token);
        await body.FlushAsync(token);
    }
}
