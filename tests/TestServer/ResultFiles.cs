using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DashScope.TestServer;

/// <summary>
/// The result host of async tasks ({options prefix}/_results/NAME): any NAME is a file of deterministic bytes
/// (<see cref="Content"/>), filesize=N long (default <see cref="DefaultSize"/>), sent with its Content-Length, chunk=N
/// bytes at a time with gap=MS between chunks; breakat=BYTES aborts the connection after that many bytes. It wants no
/// API key (the request log shows whether one came).
/// </summary>
public static class ResultFiles
{
    public const string Prefix = "/_results/";
    public const int DefaultSize = 100_000;

    public static bool Handles(string path) => path.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The bytes of result NAME: a SHA-256 chain seeded by the name.</summary>
    public static byte[] Content(string name, int size)
    {
        var bytes = new byte[size];
        var block = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        for (var offset = 0; offset < size; offset += block.Length)
        {
            Array.Copy(block, 0, bytes, offset, Math.Min(block.Length, size - offset));
            block = SHA256.HashData(block);
        }
        return bytes;
    }

    public static async Task ServeAsync(HttpContext context, string path, ServerOptions options)
    {
        var name = path[Prefix.Length..];
        if (context.Request.Method != "GET" || name.Length == 0)
        {
            context.Response.StatusCode = 404;
            return;
        }
        var content = Content(name, options.FileSize ?? DefaultSize);
        var token = context.RequestAborted;
        context.Response.StatusCode = 200;
        context.Response.ContentType = ContentTypeOf(name);
        context.Response.ContentLength = content.Length;
        await context.Response.StartAsync(token);

        var end = options.BreakAt is int breakAt ? Math.Min(breakAt, content.Length) : content.Length;
        var chunk = options.ChunkSize ?? content.Length;
        for (var offset = 0; offset < end; offset += chunk)
        {
            if (offset > 0 && options.GapMs > 0) await Task.Delay(options.GapMs, token);
            await context.Response.Body.WriteAsync(content.AsMemory(offset, Math.Min(chunk, end - offset)), token);
            await context.Response.Body.FlushAsync(token);
        }
        if (end < content.Length)
        {
            // As the stream faults do: let the client read what was flushed before the connection goes.
            await Task.Delay(100, token);
            context.Abort();
        }
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".gz" => "application/gzip",
        ".mp4" => "video/mp4",
        _ => "application/octet-stream",
    };
}
