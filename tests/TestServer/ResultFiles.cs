using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DashScope.TestServer;

/// <summary>
/// The result host of async tasks and media answers ({options prefix}/_results/NAME): a NAME the simulators made content
/// for (a transcript) is that content; any other NAME is a file of deterministic bytes (<see cref="Content"/>; a .wav
/// name is a playable WAV of them), filesize=N long (default <see cref="DefaultSize"/>), sent with its Content-Length,
/// chunk=N bytes at a time with gap=MS between chunks; breakat=BYTES aborts the connection after that many bytes. It wants
/// no API key (the request log shows whether one came).
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

    /// <summary>A WAV file (24 kHz, mono, 16-bit) whose samples are <see cref="Content"/> of the name: what speech results are.</summary>
    public static byte[] Wav(string name, int size)
    {
        var samples = Content(name, Math.Max(0, size - 44) & ~1);
        return [.. WavHeader(samples.Length, 24000), .. samples];
    }

    /// <summary>The 44-byte header of a PCM WAV of <paramref name="dataBytes"/> bytes (mono, 16-bit).</summary>
    public static byte[] WavHeader(int dataBytes, int sampleRate)
    {
        var header = new byte[44];
        void Text(int at, string value) => Encoding.ASCII.GetBytes(value).CopyTo(header, at);
        void Int(int at, int value) => BitConverter.GetBytes(value).CopyTo(header, at);
        void Short(int at, short value) => BitConverter.GetBytes(value).CopyTo(header, at);
        Text(0, "RIFF");
        Int(4, 36 + dataBytes);
        Text(8, "WAVEfmt ");
        Int(16, 16);
        Short(20, 1);
        Short(22, 1);
        Int(24, sampleRate);
        Int(28, sampleRate * 2);
        Short(32, 2);
        Short(34, 16);
        Text(36, "data");
        Int(40, dataBytes);
        return header;
    }

    public static async Task ServeAsync(HttpContext context, string path, ServerOptions options, Func<string, byte[]?> made)
    {
        var name = path[Prefix.Length..];
        if (context.Request.Method != "GET" || name.Length == 0)
        {
            context.Response.StatusCode = 404;
            return;
        }
        var size = options.FileSize ?? DefaultSize;
        var content = made(name) ?? (name.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) ? Wav(name, size) : Content(name, size));
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
        ".json" => "application/json",
        ".wav" => "audio/wav",
        ".mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    };
}
