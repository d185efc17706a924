using System.Text.Json;
using DashScope.Models;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Requests;

/// <summary>Extra parameters matched to the modelled ones whatever their spelling, so each value is sent once.</summary>
public class ParameterNamesTests
{
    private static JsonElement Parameters(ChatRequest request)
    {
        using var document = JsonDocument.Parse(ChatRequestBuilder.Build(request, stream: false));
        JsonAssert.NoDuplicateMembers(document.RootElement);
        return document.RootElement.GetProperty("parameters").Clone();
    }

    private static ChatRequest Ask(params (string Key, object? Value)[] extra) => new()
    {
        Model = "qwen-plus",
        Messages = [new QwenChatMessage("user", "hi")],
        AdditionalParameters = extra.ToDictionary(entry => entry.Key, entry => entry.Value),
    };

    [Theory]
    [InlineData("temperature", "temperature")]
    [InlineData("Temperature", "temperature")]
    [InlineData("TopP", "top_p")]
    [InlineData("top_p", "top_p")]
    [InlineData("TOP_P", "top_p")]
    [InlineData("top-p", "top_p")]
    [InlineData("MaxTokens", "max_tokens")]
    [InlineData("Choices", "n")]
    [InlineData("N", "n")]
    [InlineData("LogProbabilities", "logprobs")]
    [InlineData("TopLogProbabilities", "top_logprobs")]
    [InlineData("EnableThinking", "enable_thinking")]
    [InlineData("EnableCodeInterpreter", "enable_code_interpreter")]
    [InlineData("HighResolution", "vl_high_resolution_images")]
    [InlineData("logit_bias", "logit_bias")]
    [InlineData("LogitBias", "LogitBias")]
    public void Canonical_gives_the_wire_name_of_modelled_parameters_and_leaves_others(string key, string wire)
    {
        Assert.Equal(wire, ParameterNames.Canonical(key));
    }

    [Fact]
    public void Every_modelled_name_is_its_own_canonical_spelling_and_its_cmdlet_parameter_maps_to_it()
    {
        foreach (var (wire, parameter) in ParameterNames.Modelled)
        {
            Assert.Equal(wire, ParameterNames.Canonical(wire));
            Assert.Equal(wire, ParameterNames.Canonical(parameter));
        }
    }

    [Fact]
    public void A_modelled_parameter_spelt_another_way_is_sent_once_under_its_wire_name_and_wins()
    {
        var request = Ask(("Temperature", 0.9), ("TopP", 0.5), ("Seed", 7)) with { Temperature = 0.2, TopP = 0.8 };

        var parameters = Parameters(request);

        Assert.Equal(0.9, parameters.GetProperty("temperature").GetDouble());
        Assert.Equal(0.5, parameters.GetProperty("top_p").GetDouble());
        Assert.Equal(7, parameters.GetProperty("seed").GetInt32());
        Assert.False(parameters.TryGetProperty("Temperature", out _));
        Assert.False(parameters.TryGetProperty("TopP", out _));
        Assert.False(parameters.TryGetProperty("Seed", out _));
    }

    [Fact]
    public void Capability_parameters_are_overridden_the_same_way()
    {
        var request = Ask(("N", 3), ("LogProbabilities", false), ("enable_code_interpreter", false)) with
        {
            Choices = 2,
            LogProbabilities = true,
            EnableCodeInterpreter = true,
        };

        var parameters = Parameters(request);

        Assert.Equal(3, parameters.GetProperty("n").GetInt32());
        Assert.False(parameters.GetProperty("logprobs").GetBoolean());
        Assert.False(parameters.GetProperty("enable_code_interpreter").GetBoolean());
    }

    [Fact]
    public void Parameters_the_client_owns_stay_its_own_however_spelt()
    {
        var parameters = Parameters(Ask(("result_format", "text"), ("incremental_output", true), ("logit_bias", new Dictionary<string, object?> { ["9909"] = -100 })));

        Assert.Equal("message", parameters.GetProperty("result_format").GetString());
        Assert.False(parameters.TryGetProperty("incremental_output", out _));
        Assert.Equal(-100, parameters.GetProperty("logit_bias").GetProperty("9909").GetInt32());
    }

    [Fact]
    public void Canonicalize_keeps_unmodelled_keys_and_their_values()
    {
        var result = ParameterNames.Canonicalize(new Dictionary<string, object?> { ["Temperature"] = 0.1, ["custom_thing"] = "x" });
        Assert.Equal(["custom_thing", "temperature"], result.Keys.OrderBy(key => key, StringComparer.Ordinal));
        Assert.Equal(0.1, result["temperature"]);
        Assert.Equal("x", result["custom_thing"]);
    }
}
