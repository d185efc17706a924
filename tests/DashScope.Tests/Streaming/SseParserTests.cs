using System.Text;
using DashScope.Streaming;
using Xunit;

namespace DashScope.Tests.Streaming;

public class SseParserTests
{
    private static List<SseEvent> Parse(byte[] bytes)
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        parser.Push(bytes, 0, bytes.Length, events);
        parser.Complete(events);
        return events;
    }

    [Fact]
    public void Reads_the_exact_dashscope_framing()
    {
        var events = Parse(Encoding.UTF8.GetBytes("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"a\":1}\n\nid:2\nevent:error\n:HTTP_STATUS/400\ndata:{\"code\":\"X\"}\n\n"));

        Assert.Equal(2, events.Count);
        Assert.Equal("1", events[0].Id);
        Assert.Equal("result", events[0].EventType);
        Assert.Equal(200, events[0].Status);
        Assert.Equal("{\"a\":1}", events[0].DataText);
        Assert.True(events[1].IsError);
        Assert.Equal(400, events[1].Status);
    }
}
