using System.Buffers.Binary;
using System.Text;
using DashScope.Media;
using Xunit;

namespace DashScope.Tests.Media;

/// <summary>A spoken answer written while it streams: base64 pieces of PCM behind a WAV header fixed up at the end, atomically.</summary>
public sealed class StreamedWavFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wav-" + Guid.NewGuid().ToString("N"));

    public StreamedWavFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Pcm(int samples, int seed = 7)
    {
        var random = new Random(seed);
        var bytes = new byte[samples * 2];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The header's fields, read back as a player would.</summary>
    internal sealed record Wav(string Riff, int RiffSize, string Wave, string Fmt, int FmtSize, int Format, int Channels, int SampleRate,
        int ByteRate, int BlockAlign, int Bits, string Data, int DataSize, byte[] Samples);

    internal static Wav Read(string path)
    {
        var file = File.ReadAllBytes(path);
        var span = file.AsSpan();
        return new Wav(Encoding.ASCII.GetString(file, 0, 4), BinaryPrimitives.ReadInt32LittleEndian(span[4..]), Encoding.ASCII.GetString(file, 8, 4),
            Encoding.ASCII.GetString(file, 12, 4), BinaryPrimitives.ReadInt32LittleEndian(span[16..]), BinaryPrimitives.ReadInt16LittleEndian(span[20..]),
            BinaryPrimitives.ReadInt16LittleEndian(span[22..]), BinaryPrimitives.ReadInt32LittleEndian(span[24..]), BinaryPrimitives.ReadInt32LittleEndian(span[28..]),
            BinaryPrimitives.ReadInt16LittleEndian(span[32..]), BinaryPrimitives.ReadInt16LittleEndian(span[34..]), Encoding.ASCII.GetString(file, 36, 4),
            BinaryPrimitives.ReadInt32LittleEndian(span[40..]), file[44..]);
    }

    private string[] LeftOver(string except) => Directory.GetFiles(_folder).Where(path => path != except).ToArray();

    [Fact]
    public async Task Pieces_padded_each_on_its_own_make_a_playable_wav_whose_sizes_match_the_pcm()
    {
        var pcm = Pcm(24000);
        var target = Path.Combine(_folder, "answer.wav");
        using (var wav = StreamedWavFile.Prepare(target, overwrite: false, sampleRate: 24000))
        {
            // Pieces of odd lengths: a sample may be split between two of them.
            for (var offset = 0; offset < pcm.Length; offset += 1001)
                await wav.WriteAsync(Convert.ToBase64String(pcm, offset, Math.Min(1001, pcm.Length - offset)), CancellationToken.None);
            Assert.False(File.Exists(target), "the target appears only when complete");
            Assert.True(await wav.CompleteAsync(CancellationToken.None));
            Assert.Equal(pcm.Length, wav.DataBytes);
            Assert.Equal(TimeSpan.FromSeconds(1), wav.Duration);
        }

        var read = Read(target);
        Assert.Equal(new Wav("RIFF", 36 + pcm.Length, "WAVE", "fmt ", 16, 1, 1, 24000, 48000, 2, 16, "data", pcm.Length, read.Samples), read);
        Assert.Equal(pcm, read.Samples);
        Assert.Equal(1.0, AudioDuration.Estimate(target));
        Assert.Empty(LeftOver(target));
    }

    [Fact]
    public async Task Pieces_cut_anywhere_from_one_base64_string_decode_to_the_same_bytes()
    {
        var pcm = Pcm(5000, seed: 3);
        var text = Convert.ToBase64String(pcm);
        var target = Path.Combine(_folder, "cut.wav");
        using (var wav = StreamedWavFile.Prepare(target, overwrite: false, sampleRate: 24000))
        {
            var sizes = new[] { 1, 2, 3, 5, 7, 11, 13 };
            for (int offset = 0, turn = 0; offset < text.Length; turn++)
            {
                var size = Math.Min(sizes[turn % sizes.Length], text.Length - offset);
                await wav.WriteAsync(text.Substring(offset, size), CancellationToken.None);
                offset += size;
            }
            Assert.True(await wav.CompleteAsync(CancellationToken.None));
        }

        Assert.Equal(pcm, Read(target).Samples);
    }

    [Fact]
    public async Task Unpadded_base64_at_the_end_still_counts()
    {
        var pcm = Pcm(4); // 8 bytes: base64 ends in one padding character, left out here
        var target = Path.Combine(_folder, "unpadded.wav");
        using (var wav = StreamedWavFile.Prepare(target, overwrite: false, sampleRate: 16000))
        {
            await wav.WriteAsync(Convert.ToBase64String(pcm).TrimEnd('='), CancellationToken.None);
            Assert.True(await wav.CompleteAsync(CancellationToken.None));
        }

        var read = Read(target);
        Assert.Equal(pcm, read.Samples);
        Assert.Equal(16000, read.SampleRate);
        Assert.Equal(32000, read.ByteRate);
    }

    [Fact]
    public async Task No_audio_means_no_file_and_an_existing_target_untouched()
    {
        var target = Path.Combine(_folder, "keep.wav");
        File.WriteAllText(target, "old");
        using (var wav = StreamedWavFile.Prepare(target, overwrite: true, sampleRate: 24000))
        {
            await wav.WriteAsync("", CancellationToken.None);
            Assert.False(await wav.CompleteAsync(CancellationToken.None));
        }

        Assert.Equal("old", File.ReadAllText(target));
        Assert.Empty(LeftOver(target));
    }

    [Fact]
    public async Task Disposed_before_the_end_the_temporary_file_is_deleted_and_nothing_appears()
    {
        var target = Path.Combine(_folder, "broken.wav");
        using (var wav = StreamedWavFile.Prepare(target, overwrite: false, sampleRate: 24000))
        {
            await wav.WriteAsync(Convert.ToBase64String(Pcm(100)), CancellationToken.None);
            Assert.Single(Directory.GetFiles(_folder)); // the temporary file, beside the target
        }

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_nothing_once_disposed()
    {
        var target = Path.Combine(_folder, "cancelled.wav");
        using var cancel = new CancellationTokenSource();
        using (var wav = StreamedWavFile.Prepare(target, overwrite: false, sampleRate: 24000))
        {
            await wav.WriteAsync(Convert.ToBase64String(Pcm(100)), CancellationToken.None);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wav.WriteAsync(Convert.ToBase64String(Pcm(100)), cancel.Token));
        }

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_piece_that_is_not_base64_is_a_protocol_error()
    {
        var target = Path.Combine(_folder, "bad.wav");
        using (var wav = StreamedWavFile.Prepare(target, overwrite: false, sampleRate: 24000))
        {
            await wav.WriteAsync(Convert.ToBase64String(Pcm(10)), CancellationToken.None);
            var failure = await Assert.ThrowsAsync<DashScopeException>(() => wav.WriteAsync("@@@@", CancellationToken.None));
            Assert.Equal(DashScopeErrorKind.Protocol, failure.Kind);
        }

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void An_existing_target_is_refused_before_anything_is_written_unless_overwriting()
    {
        var target = Path.Combine(_folder, "exists.wav");
        File.WriteAllText(target, "old");

        var failure = Assert.Throws<DashScopeException>(() => StreamedWavFile.Prepare(target, overwrite: false, sampleRate: 24000));
        Assert.Equal("FileExists", failure.ErrorId);
        using var allowed = StreamedWavFile.Prepare(target, overwrite: true, sampleRate: 24000);
        Assert.Equal(target, allowed.Target);
    }

    [Fact]
    public async Task Overwriting_replaces_the_old_file_only_when_the_new_one_is_complete()
    {
        var target = Path.Combine(_folder, "replace.wav");
        File.WriteAllText(target, "old");
        var pcm = Pcm(10);
        using (var wav = StreamedWavFile.Prepare(target, overwrite: true, sampleRate: 24000))
        {
            await wav.WriteAsync(Convert.ToBase64String(pcm), CancellationToken.None);
            Assert.Equal("old", File.ReadAllText(target));
            Assert.True(await wav.CompleteAsync(CancellationToken.None));
        }

        Assert.Equal(pcm, Read(target).Samples);
        Assert.Empty(LeftOver(target));
    }
}
