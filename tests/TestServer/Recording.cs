using System.Text;

namespace DashScope.TestServer;

/// <summary>A recorded response: status, the headers a client looks at, and the body bytes exactly as received.</summary>
public sealed class Recording
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public required string Name { get; init; }
    public required int Status { get; init; }
    public required string? ContentType { get; init; }
    public required string? RequestId { get; init; }
    public required byte[] Body { get; init; }

    public bool IsEventStream => ContentType?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;

    public static Recording Load(string directory, string name)
    {
        var headerPath = Path.Combine(directory, name + ".response.header.txt");
        var bodyPath = Path.Combine(directory, name + ".response.body.txt");
        if (!File.Exists(bodyPath)) throw new FileNotFoundException("No recording named '" + name + "'.", bodyPath);

        var status = 200;
        string? contentType = null, requestId = null;
        if (File.Exists(headerPath))
        {
            var lines = File.ReadAllLines(headerPath, Encoding.UTF8);
            var statusLine = lines.Length > 0 ? lines[0].Trim('\uFEFF', ' ') : "HTTP/1.1 200 OK";
            var pieces = statusLine.Split(' ');
            if (pieces.Length > 1 && int.TryParse(pieces[1], out var parsed)) status = parsed;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var header = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (header.Equals("content-type", StringComparison.OrdinalIgnoreCase)) contentType = value;
                if (header.Equals("x-request-id", StringComparison.OrdinalIgnoreCase)) requestId = value;
            }
        }
        var body = File.ReadAllBytes(bodyPath);
        // Several recorded SSE bodies have no content-type header copied; the name says what they are.
        if (contentType == null && name.EndsWith("-sse", StringComparison.Ordinal)) contentType = "text/event-stream;charset=UTF-8";
        if (contentType == null && body.Length > 0) contentType = "application/json";
        return new Recording { Name = name, Status = status, ContentType = contentType, RequestId = requestId, Body = body };
    }

    /// <summary>The recorded events (id, event, status comment, data), whatever the recording's framing.</summary>
    public List<WireEvent> Events()
    {
        var text = Encoding.UTF8.GetString(Body.AsSpan().StartsWith(Bom) ? Body.AsSpan(3) : Body);
        var events = new List<WireEvent>();
        WireEvent? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                if (current?.Data != null) events.Add(current);
                current = null;
                continue;
            }
            if (line.StartsWith("id:", StringComparison.Ordinal) && current?.Data != null) { events.Add(current); current = null; }
            current ??= new WireEvent();
            if (line.StartsWith("id:", StringComparison.Ordinal)) current.Id = line[3..];
            else if (line.StartsWith("event:", StringComparison.Ordinal)) current.Event = line[6..];
            else if (line.StartsWith(":HTTP_STATUS/", StringComparison.Ordinal)) current.Status = int.Parse(line[13..]);
            else if (line.StartsWith("data:", StringComparison.Ordinal)) current.Data = line[5..];
        }
        if (current?.Data != null) events.Add(current);
        return events;
    }
}

/// <summary>One SSE event to write.</summary>
public sealed class WireEvent
{
    public string? Id { get; set; }
    public string Event { get; set; } = "result";
    public int Status { get; set; } = 200;
    public string? Data { get; set; }
}
