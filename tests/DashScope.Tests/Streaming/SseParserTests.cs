using System.Text;
using DashScope.Streaming;
using Xunit;

namespace DashScope.Tests.Streaming;

public class SseParserTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    internal static List<SseEvent> Parse(byte[] bytes)
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        parser.Push(bytes, 0, bytes.Length, events);
        parser.Complete(events);
        return events;
    }

    private static List<SseEvent> Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>Pushes each piece separately (each piece is its own buffer, at a non-zero offset to catch offset bugs).</summary>
    private static List<SseEvent> ParsePieces(params byte[][] pieces)
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        foreach (var piece in pieces)
        {
            var padded = new byte[piece.Length + 7];
            padded.AsSpan(0, 5).Fill((byte)'#');
            padded.AsSpan(5 + piece.Length).Fill((byte)'#');
            piece.CopyTo(padded, 5);
            parser.Push(padded, 5, piece.Length, events);
        }
        parser.Complete(events);
        return events;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Reads_the_exact_dashscope_framing()
    {
        var events = Parse("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":1}\n\nid:2\nevent:error\n:HTTP_STATUS/400\ndata:{\"code\":\"X\"}\n\n");

        Assert.Equal(2, events.Count);
        Assert.Equal("1", events[0].Id);
        Assert.Equal("result", events[0].EventType);
        Assert.Equal(200, events[0].Status);
        Assert.Equal("{\"a\":1}", events[0].DataText);
        Assert.False(events[0].IsError);
        Assert.Equal("2", events[1].Id);
        Assert.Equal("error", events[1].EventType);
        Assert.True(events[1].IsError);
        Assert.Equal(400, events[1].Status);
        Assert.Equal("{\"code\":\"X\"}", events[1].DataText);
    }

    [Fact]
    public void An_event_is_dispatched_as_soon_as_its_blank_line_arrives()
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        var first = Utf8("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"n\":1}\n");
        parser.Push(first, 0, first.Length, events);
        Assert.Empty(events);

        var blank = Utf8("\n");
        parser.Push(blank, 0, 1, events);
        var only = Assert.Single(events);
        Assert.Equal("{\"n\":1}", only.DataText);
    }

    [Fact]
    public void Http_status_comment_is_read_into_status()
    {
        var events = Parse("id:1\nevent:error\n:HTTP_STATUS/400\ndata:{}\n\nid:2\nevent:error\n:HTTP_STATUS/503\ndata:{}\n\nid:3\nevent:result\ndata:{}\n\n");

        Assert.Equal(3, events.Count);
        Assert.Equal(400, events[0].Status);
        Assert.Equal(503, events[1].Status);
        Assert.Null(events[2].Status);
    }

    [Fact]
    public void Status_does_not_leak_into_the_next_event()
    {
        var events = Parse("id:1\nevent:error\n:HTTP_STATUS/429\ndata:{}\n\nid:2\ndata:{}\n\n");

        Assert.Equal(2, events.Count);
        Assert.Equal(429, events[0].Status);
        Assert.Null(events[1].Status);
        Assert.Equal("message", events[1].EventType);
    }

    [Fact]
    public void Comments_are_ignored()
    {
        var events = Parse(": keep-alive\nid:1\n: another comment\nevent:result\n:HTTP_STATUS/200\n:\ndata:{\"a\":1}\n\n: trailing comment\n\n");

        var only = Assert.Single(events);
        Assert.Equal("1", only.Id);
        Assert.Equal("result", only.EventType);
        Assert.Equal(200, only.Status);
        Assert.Equal("{\"a\":1}", only.DataText);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_an_event_without_data_is_not_dispatched()
    {
        var events = Parse("retry:1000\nfoo:bar\n\nid:7\nevent:result\n\nid:8\ndata:x\n\n");

        var only = Assert.Single(events);
        Assert.Equal("8", only.Id);
        Assert.Equal("x", only.DataText);
    }

    [Fact]
    public void Event_type_defaults_to_message_and_one_space_after_the_colon_is_dropped()
    {
        var only = Assert.Single(Parse("data: {\"a\": 1}\n\n"));
        Assert.Equal("message", only.EventType);
        Assert.Null(only.Id);
        Assert.Equal("{\"a\": 1}", only.DataText);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Every_line_ending_gives_the_same_events(string newline)
    {
        var text = "id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"t\":\"一\"}\n\nid:2\nevent:result\n:HTTP_STATUS/200\ndata:{\"t\":\"二\"}\n\n".Replace("\n", newline);

        var events = Parse(text);

        Assert.Equal(2, events.Count);
        Assert.Equal(["1", "2"], events.Select(e => e.Id));
        Assert.All(events, e => Assert.Equal(200, e.Status));
        Assert.Equal("{\"t\":\"一\"}", events[0].DataText);
        Assert.Equal("{\"t\":\"二\"}", events[1].DataText);
    }

    [Fact]
    public void Crlf_split_between_cr_and_lf_is_one_line_end()
    {
        // If the LF after a CR in the next push were read as a second line end, it would be a blank line:
        // the half-built event (id and event, no data yet) would be dropped and the data would lose its id.
        var events = ParsePieces(Utf8("id:1\r"), Utf8("\nevent:result\r"), Utf8("\n:HTTP_STATUS/200\r"), Utf8("\ndata:{}\r"), Utf8("\n\r"), Utf8("\n"));

        var only = Assert.Single(events);
        Assert.Equal("1", only.Id);
        Assert.Equal("result", only.EventType);
        Assert.Equal(200, only.Status);
    }

    [Fact]
    public void Cr_cr_lf_is_a_line_end_then_a_blank_line()
    {
        var events = Parse("id:1\r\ndata:a\r\r\nid:2\r\ndata:b\r\n\r\n");

        Assert.Equal(["a", "b"], events.Select(e => e.DataText));
        Assert.Equal(["1", "2"], events.Select(e => e.Id));
    }

    [Fact]
    public void Leading_bom_is_skipped()
    {
        var events = Parse([.. Bom, .. Utf8("id:1\nevent:result\ndata:x\n\n")]);

        var only = Assert.Single(events);
        Assert.Equal("1", only.Id);
        Assert.Equal("x", only.DataText);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Bom_split_across_pushes_is_skipped(int split)
    {
        var bytes = (byte[])[.. Bom, .. Utf8("id:1\nevent:result\ndata:x\n\n")];

        var events = ParsePieces(bytes[..split], bytes[split..]);

        var only = Assert.Single(events);
        Assert.Equal("1", only.Id);
        Assert.Equal("result", only.EventType);
        Assert.Equal("x", only.DataText);
    }

    [Fact]
    public void Bom_pushed_one_byte_at_a_time_is_skipped()
    {
        var bytes = (byte[])[.. Bom, .. Utf8("id:1\ndata:x\n\n")];

        var events = ParsePieces(bytes.Select(b => new[] { b }).ToArray());

        var only = Assert.Single(events);
        Assert.Equal("1", only.Id);
        Assert.Equal("x", only.DataText);
    }

    [Fact]
    public void Bytes_that_only_look_like_a_bom_start_are_kept()
    {
        // 0xEF 0xBB followed by something else is not a BOM: the bytes belong to the (unknown) first line, which is
        // ignored, and the event after it must still be read.
        var events = ParsePieces([0xEF], [0xBB, (byte)'x', (byte)'\n'], Utf8("id:1\ndata:y\n\n"));

        var only = Assert.Single(events);
        Assert.Equal("y", only.DataText);
    }

    [Fact]
    public void Missing_blank_lines_still_separate_events()
    {
        var events = Parse("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"n\":1}\nid:2\nevent:result\n:HTTP_STATUS/200\ndata:{\"n\":2}\nid:3\nevent:error\n:HTTP_STATUS/500\ndata:{\"n\":3}\n");

        Assert.Equal(3, events.Count);
        Assert.Equal(["1", "2", "3"], events.Select(e => e.Id));
        Assert.Equal(["result", "result", "error"], events.Select(e => e.EventType));
        Assert.Equal([200, 200, 500], events.Select(e => e.Status ?? -1));
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], events.Select(e => e.DataText));
    }

    [Fact]
    public void Missing_blank_lines_with_only_status_and_data_still_separate_events()
    {
        var events = Parse(":HTTP_STATUS/200\ndata:a\n:HTTP_STATUS/400\ndata:b\n");

        Assert.Equal(["a", "b"], events.Select(e => e.DataText));
        Assert.Equal([200, 400], events.Select(e => e.Status ?? -1));
    }

    [Fact]
    public void Final_event_without_trailing_newline_is_dispatched_by_complete()
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        var bytes = Utf8("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"last\":true}");

        parser.Push(bytes, 0, bytes.Length, events);
        Assert.Empty(events);

        parser.Complete(events);
        var only = Assert.Single(events);
        Assert.Equal("1", only.Id);
        Assert.Equal(200, only.Status);
        Assert.Equal("{\"last\":true}", only.DataText);
    }

    [Fact]
    public void Complete_without_pending_data_adds_nothing()
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        var bytes = Utf8("id:1\ndata:a\n\nid:2\nevent:result\n");
        parser.Push(bytes, 0, bytes.Length, events);
        parser.Complete(events);

        var only = Assert.Single(events);
        Assert.Equal("a", only.DataText);
    }

    [Fact]
    public void Chinese_and_emoji_split_inside_characters_stay_intact()
    {
        const string data = "{\"content\":\"杭州是浙江省的省会，风景优美！😊\"}";
        var bytes = Utf8("id:1\nevent:result\n:HTTP_STATUS/200\ndata:" + data + "\n\n");

        // Every split point, including inside each 3-byte CJK character and the 4-byte emoji.
        for (var split = 1; split < bytes.Length; split++)
        {
            var events = ParsePieces(bytes[..split], bytes[split..]);
            var only = Assert.Single(events);
            Assert.Equal(data, only.DataText);
        }

        var byteByByte = ParsePieces(bytes.Select(b => new[] { b }).ToArray());
        Assert.Equal(data, Assert.Single(byteByByte).DataText);
    }

    [Fact]
    public void Long_lines_beyond_the_initial_buffer_are_kept_whole()
    {
        var data = "{\"t\":\"" + new string('x', 20000) + string.Concat(Enumerable.Repeat("汉", 5000)) + "\"}";
        var bytes = Utf8("id:1\ndata:" + data + "\n\n");

        var whole = Assert.Single(Parse(bytes));
        Assert.Equal(data, whole.DataText);

        var pieces = new List<byte[]>();
        for (var offset = 0; offset < bytes.Length; offset += 1000) pieces.Add(bytes[offset..Math.Min(bytes.Length, offset + 1000)]);
        Assert.Equal(data, Assert.Single(ParsePieces(pieces.ToArray())).DataText);
    }

    public static TheoryData<string> SseRecordings()
    {
        var data = new TheoryData<string>();
        foreach (var name in TestPaths.SseRecordingNames) data.Add(name);
        return data;
    }

    /// <summary>Event counts of every recorded stream, counted by hand (and with a script) from the files.</summary>
    private static readonly Dictionary<string, int> RecordedEventCounts = new()
    {
        ["application-single-generation-text-sse"] = 65,
        ["conversation-generation-message-skill-ppt-sse"] = 18,
        ["conversation-generation-message-sse"] = 6,
        ["conversation-generation-message-with-doc-url-sse"] = 93,
        ["conversation-generation-message-with-files-sse"] = 12,
        ["deep-research-answer-finished-sse"] = 1,
        ["deep-research-answer-typing-reference-sse"] = 1,
        ["deep-research-keep-alive-type-sse"] = 1,
        ["deep-research-planning-type-sse"] = 1,
        ["deep-research-web-research-streaming-queries-research-goal-sse"] = 1,
        ["deep-research-web-research-streaming-queries-sse"] = 1,
        ["deep-research-web-research-streaming-web-results-learning-map-sse"] = 1,
        ["deep-research-web-research-streaming-web-results-sse"] = 1,
        ["deep-research-web-research-web-result-finished-sse"] = 1,
        ["multimodal-generation-audio-caption-sse"] = 443,
        ["multimodal-generation-audio-sse"] = 2,
        ["multimodal-generation-message-with-parallel-function-call-sse"] = 11,
        ["multimodal-generation-message-with-tools-sse"] = 65,
        ["multimodal-generation-vl-ocr-sse"] = 155,
        ["multimodal-generation-vl-sse"] = 14,
        ["multimodal-generation-vl-video-file-sse"] = 283,
        ["multimodal-generation-vl-video-sse"] = 47,
        ["parameter-error-sse"] = 1,
        ["single-generation-message-reasoning-sse"] = 16,
        ["single-generation-message-search-sse"] = 25,
        ["single-generation-message-sse"] = 10,
        ["single-generation-message-with-code-interpreter-sse"] = 56,
        ["single-generation-message-with-parallel-tools-sse"] = 4,
        ["single-generation-message-with-tools-sse"] = 14,
        ["single-generation-text-sse"] = 5,
    };

    [Fact]
    public void Every_recorded_stream_has_a_known_event_count()
    {
        Assert.Equal(RecordedEventCounts.Keys.OrderBy(k => k, StringComparer.Ordinal), TestPaths.SseRecordingNames);
    }

    [Theory]
    [MemberData(nameof(SseRecordings))]
    public void Every_recorded_stream_parses_into_its_events(string name)
    {
        var body = TestPaths.ResponseBody(name);
        var expectedData = RecordedStream.DataLines(body);

        var events = Parse(body);

        Assert.Equal(RecordedEventCounts[name], events.Count);
        Assert.Equal(expectedData, events.Select(e => e.DataText));
        Assert.All(events, e =>
        {
            Assert.NotEmpty(e.Data);
            Assert.DoesNotContain('\uFEFF', e.DataText);
            Assert.NotEqual((byte)'\r', e.Data[^1]);
        });

        // Recordings that carry ids number their events 1, 2, 3, ... (no event swallowed its neighbour's id).
        if (events.All(e => e.Id != null))
            Assert.Equal(Enumerable.Range(1, events.Count).Select(n => n.ToString()), events.Select(e => e.Id));
    }

    [Fact]
    public void Recording_with_bom_and_no_blank_lines_parses_like_the_framing_says()
    {
        var body = TestPaths.ResponseBody("single-generation-message-sse");
        Assert.Equal(Bom, body[..3]);
        Assert.DoesNotContain("\n\n", Encoding.UTF8.GetString(body));

        var events = Parse(body);

        Assert.Equal(10, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal("result", e.EventType);
            Assert.Equal(200, e.Status);
            Assert.StartsWith("{\"output\":", e.DataText);
        });
        Assert.Equal("1", events[0].Id);
        Assert.Equal("10", events[^1].Id);
    }

    [Fact]
    public void Recorded_error_stream_reads_as_an_error_event_with_status_400()
    {
        var only = Assert.Single(Parse(TestPaths.ResponseBody("parameter-error-sse")));

        Assert.True(only.IsError);
        Assert.Equal("1", only.Id);
        Assert.Equal(400, only.Status);
        Assert.Contains("\"code\":\"InvalidParameter\"", only.DataText);
    }
}
