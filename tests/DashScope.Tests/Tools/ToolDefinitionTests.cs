using System.Text.Json;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tools;
using Xunit;

namespace DashScope.Tests.Tools;

/// <summary>Raw function schemas as users write them (the API reference's shape included) into tool definitions.</summary>
public class ToolDefinitionTests
{
    private static Dictionary<string, object?> Properties() =>
        new() { ["location"] = new Dictionary<string, object?> { ["type"] = "string" }, ["unit"] = new Dictionary<string, object?> { ["type"] = "string" } };

    /// <summary>The function object the request sends for the tool.</summary>
    private static JsonElement Sent(ToolDefinition tool)
    {
        var request = new ChatRequest { Messages = [new QwenChatMessage("user", "杭州天气？")], Tools = [tool] };
        using var document = JsonDocument.Parse(ChatRequestBuilder.Build(request, stream: false));
        return document.RootElement.GetProperty("parameters").GetProperty("tools")[0].GetProperty("function").Clone();
    }

    private static IEnumerable<string?> Required(JsonElement function) =>
        function.GetProperty("parameters").GetProperty("required").EnumerateArray().Select(item => item.GetString());

    [Fact]
    public void Required_beside_parameters_goes_inside_the_schema()
    {
        // The shape the API reference shows.
        var tool = ToolDefinition.FromSchema(new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?>
            {
                ["name"] = "get_current_weather",
                ["description"] = "获取现在的天气",
                ["parameters"] = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = Properties() },
                ["required"] = new List<object?> { "location" },
            },
        });

        var function = Sent(tool);

        Assert.Equal(["name", "description", "parameters"], function.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["location"], Required(function));
        Assert.Equal(["type", "properties", "required"], function.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        Assert.Null(ToolArguments.Bind(tool, "{}", out var missing));
        Assert.Contains("location", missing);
    }

    [Fact]
    public void Required_beside_parameters_of_a_flat_schema_goes_inside_too()
    {
        var tool = ToolDefinition.FromSchema(new Dictionary<string, object?>
        {
            ["name"] = "get_current_weather",
            ["parameters"] = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = Properties() },
            ["Required"] = new List<object?> { "location", "unit" },
        });

        Assert.Equal(["location", "unit"], Required(Sent(tool)));
    }

    [Fact]
    public void Required_inside_the_schema_wins_over_one_beside_it()
    {
        var tool = ToolDefinition.FromSchema(new Dictionary<string, object?>
        {
            ["name"] = "get_current_weather",
            ["parameters"] = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = Properties(), ["required"] = new List<object?> { "unit" } },
            ["required"] = new List<object?> { "location" },
        });

        Assert.Equal(["unit"], Required(Sent(tool)));
    }

    [Fact]
    public void The_callers_schema_is_not_changed()
    {
        var parameters = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = Properties() };
        ToolDefinition.FromSchema(new Dictionary<string, object?> { ["name"] = "f", ["parameters"] = parameters, ["required"] = new List<object?> { "location" } });

        Assert.False(parameters.ContainsKey("required"));
    }

    [Fact]
    public void A_schema_without_required_sends_none()
    {
        var tool = ToolDefinition.FromSchema(new Dictionary<string, object?>
        {
            ["name"] = "get_current_weather",
            ["parameters"] = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = Properties() },
        });

        Assert.False(Sent(tool).GetProperty("parameters").TryGetProperty("required", out _));
        Assert.Equal(["location", "unit"], tool.AllowedParameters);
    }
}
