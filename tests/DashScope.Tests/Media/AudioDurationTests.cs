using DashScope.Media;
using Xunit;

namespace DashScope.Tests.Media;

/// <summary>The play length read from audio headers, which decides whether audio goes to file transcription.</summary>
public class AudioDurationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "duration-" + Guid.NewGuid().ToString("N")[..8]);

    public AudioDurationTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_wav_file_plays_its_data_over_its_byte_rate()
    {
        // 16 kHz mono 16-bit: 32,000 bytes a second; the header claims 200 s (the data itself need not be there).
        var header = WavHeader.For(200 * 32000L, 16000);
        Assert.Equal(200.0, AudioDuration.Estimate(Write("a.wav", header))!.Value, 3);
    }

    [Fact]
    public void A_wav_file_with_other_chunks_before_its_data_is_read_too()
    {
        var header = WavHeader.For(48000, 24000);
        var list = new byte[] { (byte)'L', (byte)'I', (byte)'S', (byte)'T', 4, 0, 0, 0, 1, 2, 3, 4 };
        var bytes = header[..36].Concat(list).Concat(header[36..]).ToArray();
        Assert.Equal(1.0, AudioDuration.Estimate(Write("list.wav", bytes))!.Value, 3);
    }

    [Fact]
    public void An_mp3_file_plays_its_size_over_the_bit_rate_of_its_first_frame()
    {
        // An ID3v2 tag of 20 bytes, then MPEG-1 Layer III frames at 128 kbit/s: 16,000 bytes a second.
        var tag = new byte[] { (byte)'I', (byte)'D', (byte)'3', 3, 0, 0, 0, 0, 0, 20 }.Concat(new byte[20]).ToArray();
        var frames = new byte[160000];
        frames[0] = 0xFF;
        frames[1] = 0xFB;
        frames[2] = 0x90;
        Assert.Equal(10.0, AudioDuration.Estimate(Write("a.mp3", tag.Concat(frames).ToArray()))!.Value, 3);
    }

    [Theory]
    [InlineData("noise.ogg")]
    [InlineData("empty.wav")]
    public void Other_or_unreadable_files_have_no_known_length(string name)
    {
        Assert.Null(AudioDuration.Estimate(Write(name, name == "empty.wav" ? Array.Empty<byte>() : new byte[] { 1, 2, 3, 4, 5 })));
        Assert.Null(AudioDuration.Estimate(Path.Combine(_folder, "missing.mp3")));
    }
}
