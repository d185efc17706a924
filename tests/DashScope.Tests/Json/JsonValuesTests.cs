using System.Text;
using System.Text.Json;
using DashScope.Json;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Json;

public class JsonValuesTests
{

    [Fact]
    public void ToPlainValue_gives_dictionaries_lists_and_scalars()
    {
        var value = Parse("{\"s\":\"文本\",\"i\":42,\"d\":4.5,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"x\",[],{}],\"o\":{\"inner\":[null]}}").ToPlainValue();

        var map = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal(["s", "i", "d", "t", "f", "n", "a", "o"], map.Keys);
        Assert.Equal("文本", map["s"]);
        Assert.Equal(42L, Assert.IsType<long>(map["i"]));
        Assert.Equal(4.5, Assert.IsType<double>(map["d"]));
        Assert.True(Assert.IsType<bool>(map["t"]));
        Assert.False(Assert.IsType<bool>(map["f"]));
        Assert.Null(map["n"]);
        var list = Assert.IsType<List<object?>>(map["a"]);
        Assert.Equal(1L, list[0]);
        Assert.Equal("x", list[1]);
        Assert.Empty(Assert.IsType<List<object?>>(list[2]));
        Assert.Empty(Assert.IsType<Dictionary<string, object?>>(list[3]));
        var inner = Assert.IsType<List<object?>>(Assert.IsType<Dictionary<string, object?>>(map["o"])["inner"]);
        Assert.Null(Assert.Single(inner));
    }

    [Theory]
    [InlineData("\"x\"", "x")]
    [InlineData("true", true)]
    [InlineData("null", null)]
    [InlineData("7", 7L)]
    [InlineData("-7.25", -7.25)]
    public void ToPlainValue_of_a_scalar_root(string json, object? expected)
    {
        Assert.Equal(expected, Parse(json).ToPlainValue());
    }

    [Fact]
    public void ToPlainValue_member_names_are_case_sensitive()
    {
        var map = Assert.IsType<Dictionary<string, object?>>(Parse("{\"Name\":1,\"name\":2}").ToPlainValue());

        Assert.Equal(1L, map["Name"]);
        Assert.Equal(2L, map["name"]);
    }

    [Fact]
    public void TryGet_finds_members_of_objects_only()
    {
        var root = Parse("{\"a\":{\"b\":1},\"list\":[1]}");

        Assert.True(root.TryGet("a", out var a));
        Assert.True(a.TryGet(Encoding.UTF8.GetBytes("b"), out var b));
        Assert.Equal(1, b.GetInt32());
        Assert.False(root.TryGet("missing", out _));
        Assert.False(root.GetProperty("list").TryGet("a", out _));
        Assert.False(b.TryGet(Encoding.UTF8.GetBytes("b"), out _));
        Assert.False(default(JsonElement).TryGet("a", out _));
    }

    [Fact]
    public void GetStringOrNull_reads_strings_and_scalars_as_text()
    {
        var root = Parse("{\"s\":\"text\",\"n\":12.50,\"t\":true,\"o\":{},\"a\":[],\"z\":null}");

        Assert.Equal("text", root.GetStringOrNull("s"));
        Assert.Equal("12.50", root.GetStringOrNull("n"));
        Assert.Equal("true", root.GetStringOrNull(Encoding.UTF8.GetBytes("t")));
        Assert.Null(root.GetStringOrNull("o"));
        Assert.Null(root.GetStringOrNull("a"));
        Assert.Null(root.GetStringOrNull("z"));
        Assert.Null(root.GetStringOrNull("missing"));
    }

    [Fact]
    public void GetIntOrNull_and_GetDoubleOrNull_accept_only_what_fits()
    {
        var root = Parse("{\"i\":42,\"s\":\"17\",\"bad\":\"x\",\"d\":1.5,\"big\":3000000000,\"b\":true}");

        Assert.Equal(42, root.GetIntOrNull("i"));
        Assert.Equal(17, root.GetIntOrNull("s"));
        Assert.Null(root.GetIntOrNull("bad"));
        Assert.Null(root.GetIntOrNull("d"));
        Assert.Null(root.GetIntOrNull("big"));
        Assert.Null(root.GetIntOrNull("b"));
        Assert.Null(root.GetIntOrNull("missing"));

        Assert.Equal(1.5, root.GetDoubleOrNull("d"));
        Assert.Equal(42.0, root.GetDoubleOrNull("i"));
        Assert.Null(root.GetDoubleOrNull("s"));
        Assert.Null(root.GetDoubleOrNull("missing"));
    }
}
