using System.Collections;
using System.Text;
using System.Text.Json;
using DashScope.Json;
using Xunit;

namespace DashScope.Tests.Json;

public class JsonTextTests
{
    [Theory]
    [InlineData("{\"city\":\"杭州\",\"days\":3}")]
    [InlineData("  {\"city\":\"杭州\",\"days\":3}\n")]
    [InlineData("```json\n{\"city\":\"杭州\",\"days\":3}\n```")]
    [InlineData("```JSON\r\n{\"city\":\"杭州\",\"days\":3}\r\n```\r\n")]
    [InlineData("```\n{\"city\":\"杭州\",\"days\":3}\n```")]
    [InlineData("\n  ```json\n{\"city\":\"杭州\",\n \"days\":3}\n```  ")]
    [InlineData("```json\n{\"city\":\"杭州\",\"days\":3}")]
    public void ParseAnswer_reads_the_object_with_or_without_a_fence(string answer)
    {
        var parsed = Assert.IsType<Dictionary<string, object?>>(JsonText.ParseAnswer(answer));

        Assert.Equal(["city", "days"], parsed.Keys);
        Assert.Equal("杭州", parsed["city"]);
        Assert.Equal(3L, parsed["days"]);
    }

    [Fact]
    public void ParseAnswer_keeps_backticks_inside_the_fenced_json()
    {
        var parsed = Assert.IsType<Dictionary<string, object?>>(JsonText.ParseAnswer("```json\n{\"code\":\"```sh\\nls\\n```\"}\n```"));

        Assert.Equal("```sh\nls\n```", parsed["code"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Sure! Here it is: {\"a\":1}")]
    [InlineData("{\"answer\": \"unfinished")]
    [InlineData("```json```")]
    public void ParseAnswer_of_something_that_is_not_json_throws_JsonException(string answer)
    {
        Assert.ThrowsAny<JsonException>(() => JsonText.ParseAnswer(answer));
    }

    [Theory]
    [InlineData("```json\n[1]\n```", "[1]")]
    [InlineData("```\n\n```", "")]
    [InlineData("no fence", "no fence")]
    [InlineData("```one line```", "```one line```")]
    [InlineData("  padded  ", "padded")]
    public void StripFence_returns_the_fenced_text_or_the_trimmed_text(string text, string expected)
    {
        Assert.Equal(expected, JsonText.StripFence(text));
    }

    [Fact]
    public void Numbers_follow_one_rule_integers_as_long_others_as_double()
    {
        var values = Assert.IsType<List<object?>>(JsonText.ParsePlain("[1, -7, 0, 9007199254740993, 1.5, 2.0, 1e3, -0.25, 9223372036854775808]"));

        Assert.Equal(typeof(long), values[0]!.GetType());
        Assert.Equal([1L, -7L, 0L, 9007199254740993L], values.Take(4));
        Assert.All(values.Skip(4), value => Assert.IsType<double>(value));
        Assert.Equal([1.5, 2.0, 1000.0, -0.25, 9223372036854775808.0], values.Skip(4));
    }

    [Fact]
    public void Serialize_writes_cjk_and_markup_characters_raw()
    {
        var text = JsonText.Serialize(new Dictionary<string, object?> { ["城市"] = "杭州，西湖", ["html"] = "<b>&'</b>", ["quote"] = "say \"hi\"\n" });

        Assert.Equal("{\"城市\":\"杭州，西湖\",\"html\":\"<b>&'</b>\",\"quote\":\"say \\\"hi\\\"\\n\"}", text);
        Assert.Equal(text, Encoding.UTF8.GetString(JsonText.ToUtf8(writer => JsonValueWriter.Write(writer, new Dictionary<string, object?>
        {
            ["城市"] = "杭州，西湖", ["html"] = "<b>&'</b>", ["quote"] = "say \"hi\"\n",
        }))));
    }

    [Fact]
    public void Serialize_writes_plain_values_and_indents_on_request()
    {
        var value = new Dictionary<string, object?>
        {
            ["n"] = 3,
            ["big"] = 9007199254740993L,
            ["x"] = 0.5,
            ["ok"] = true,
            ["none"] = null,
            ["list"] = new List<object?> { "a", 1 },
            ["table"] = new Hashtable { ["k"] = "v" },
        };

        Assert.Equal("{\"n\":3,\"big\":9007199254740993,\"x\":0.5,\"ok\":true,\"none\":null,\"list\":[\"a\",1],\"table\":{\"k\":\"v\"}}", JsonText.Serialize(value));
        var indented = JsonText.Serialize(new Dictionary<string, object?> { ["a"] = 1 }, indented: true);
        Assert.Equal("{\n  \"a\": 1\n}", indented.Replace("\r\n", "\n"));
        Assert.Equal("{\"a\":1}", JsonText.Serialize(new Dictionary<string, object?> { ["a"] = 1 }));
    }

    [Fact]
    public void Parse_then_serialize_round_trips()
    {
        const string json = "{\"名字\":\"通义千问\",\"tags\":[\"a\",\"b\"],\"score\":0.75,\"count\":12,\"nested\":{\"ok\":false,\"nothing\":null}}";

        Assert.Equal(json, JsonText.Serialize(JsonText.ParsePlain(json)));
    }
}
