using System.Diagnostics;
using System.Text;
using DashScope.Streaming;
using Xunit;

namespace DashScope.Tests.Streaming;

/// <summary>
/// Network reads split a stream anywhere: inside a line, between CR and LF, inside the BOM, inside a UTF-8 character.
/// Whatever the split, the parser must produce exactly the events of one whole push; and the framing variations seen
/// in recordings (BOM, CRLF, CR, no blank lines, extra blank lines) must not change the events either.
/// </summary>
public class SseParserFuzzTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private sealed record EventSnapshot(string? Id, string EventType, int? Status, byte[] Data)
    {
        public bool Equals(EventSnapshot? other) =>
            other != null && Id == other.Id && EventType == other.EventType && Status == other.Status && Data.AsSpan().SequenceEqual(other.Data);

        public override int GetHashCode() => HashCode.Combine(Id, EventType, Status, Data.Length);
    }

    private static List<EventSnapshot> Snapshot(List<SseEvent> events) =>
        events.Select(e => new EventSnapshot(e.Id, e.EventType, e.Status, e.Data)).ToList();

    private static List<EventSnapshot> ParseWhole(byte[] bytes) => Snapshot(SseParserTests.Parse(bytes));

    private static List<EventSnapshot> ParseChunked(byte[] bytes, Random random, int maximumChunk)
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        // One reused read buffer, as a network reader has: stale bytes from earlier reads stay in it.
        var buffer = new byte[Math.Max(1, maximumChunk) + 16];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var size = Math.Min(bytes.Length - offset, random.Next(1, maximumChunk + 1));
            var at = random.Next(0, buffer.Length - size + 1);
            Buffer.BlockCopy(bytes, offset, buffer, at, size);
            parser.Push(buffer, at, size, events);
            offset += size;
        }
        parser.Complete(events);
        return Snapshot(events);
    }

    /// <summary>The framing variations of a recording (all must give the original's events).</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Variants(byte[] original)
    {
        var text = Encoding.UTF8.GetString(original.AsSpan().StartsWith(Bom) ? original[3..] : original);
        var lf = text.Replace("\r\n", "\n");
        var lines = lf.Split('\n');
        var noBlank = string.Join("\n", lines.Where(line => line.Length > 0)) + "\n";
        var extraBlank = string.Join("\n", lines.Select(line => line.StartsWith("id:", StringComparison.Ordinal) ? "\n" + line : line));

        yield return ("original", original);
        yield return ("lf-no-bom", Encoding.UTF8.GetBytes(lf));
        yield return ("bom", [.. Bom, .. Encoding.UTF8.GetBytes(lf)]);
        yield return ("crlf", Encoding.UTF8.GetBytes(lf.Replace("\n", "\r\n")));
        yield return ("bom-crlf", [.. Bom, .. Encoding.UTF8.GetBytes(lf.Replace("\n", "\r\n"))]);
        yield return ("cr", Encoding.UTF8.GetBytes(lf.Replace('\n', '\r')));
        yield return ("no-blank-lines", Encoding.UTF8.GetBytes(noBlank));
        yield return ("bom-crlf-no-blank-lines", [.. Bom, .. Encoding.UTF8.GetBytes(noBlank.Replace("\n", "\r\n"))]);
        yield return ("extra-blank-lines", Encoding.UTF8.GetBytes(extraBlank));
        yield return ("no-trailing-newline", Encoding.UTF8.GetBytes(noBlank.TrimEnd('\n')));
    }

    [Fact]
    public void Random_chunking_of_every_recording_and_variant_gives_the_events_of_one_whole_push()
    {
        var random = new Random(20240226);
        var watch = Stopwatch.StartNew();
        var iterations = 0;
        var maximumChunks = new[] { 1, 2, 3, 4, 5, 7, 16, 64, 300, 4096, int.MaxValue - 1 };

        foreach (var name in TestPaths.SseRecordingNames)
        {
            var original = TestPaths.ResponseBody(name);
            var expected = ParseWhole(original);
            Assert.Equal(RecordedStream.DataLines(original).Count, expected.Count);
            Assert.NotEmpty(expected);

            // Big recordings get fewer rounds (and no byte-by-byte round) so the whole test stays well under two seconds.
            var big = original.Length > 50_000;
            var rounds = big ? 1 : original.Length > 10_000 ? 4 : 12;
            foreach (var (variant, bytes) in Variants(original))
            {
                Assert.True(expected.SequenceEqual(ParseWhole(bytes)), name + " / " + variant + ": whole push differs from the original's events");
                for (var round = 0; round < rounds; round++)
                {
                    var maximum = round == 0 ? (big ? 7 : 1) : maximumChunks[random.Next(maximumChunks.Length)];
                    if (maximum == 1 && big) maximum = 5;
                    var chunked = ParseChunked(bytes, random, Math.Min(maximum, bytes.Length));
                    iterations++;
                    if (!expected.SequenceEqual(chunked))
                    {
                        Assert.Fail(name + " / " + variant + " chunked up to " + maximum + " bytes: got " + chunked.Count + " events, expected " + expected.Count +
                                    "; first difference at event " + FirstDifference(expected, chunked));
                    }
                }
            }
        }

        Assert.True(iterations >= 2000, "only " + iterations + " iterations ran");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "fuzzing took " + watch.Elapsed);
    }

    [Fact]
    public void Random_chunking_of_synthetic_chinese_streams_keeps_every_character()
    {
        var random = new Random(7);
        var pieces = new[] { "杭", "州", "是", "浙江", "省会", "😊", "，", "a", "𠀀", "é", "。" };
        for (var round = 0; round < 300; round++)
        {
            var texts = new List<string>();
            var body = new StringBuilder(round % 2 == 0 ? "\uFEFF" : "");
            var newline = (round % 3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" };
            var eventCount = random.Next(1, 8);
            for (var n = 1; n <= eventCount; n++)
            {
                var text = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
                texts.Add(text);
                body.Append("id:").Append(n).Append(newline).Append("event:result").Append(newline).Append(":HTTP_STATUS/200").Append(newline)
                    .Append("data:{\"t\":\"").Append(text).Append("\"}").Append(newline);
                if (round % 4 != 3) body.Append(newline);
            }
            var bytes = Encoding.UTF8.GetBytes(body.ToString());

            var events = ParseChunked(bytes, random, random.Next(1, 6));

            Assert.Equal(texts.Select(t => "{\"t\":\"" + t + "\"}"), events.Select(e => Encoding.UTF8.GetString(e.Data)));
            Assert.Equal(Enumerable.Range(1, eventCount).Select(n => n.ToString()), events.Select(e => e.Id));
            Assert.All(events, e => Assert.Equal(200, e.Status));
        }
    }

    private static int FirstDifference(List<EventSnapshot> expected, List<EventSnapshot> actual)
    {
        var n = 0;
        while (n < expected.Count && n < actual.Count && expected[n] == actual[n]) n++;
        return n;
    }
}
