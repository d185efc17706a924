using System.Text.Json;
using DashScope.Models;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Requests;

/// <summary>Spoken answers of omni models (protocol-services.md §10): modalities and audio only for models that speak.</summary>
public class CompatibleSpeechRequestTests
{
    private static ChatRequest Speak(string model, string? voice = null) => new()
    {
        Model = model,
        Messages = [new QwenChatMessage("user", "hi")],
        Modalities = ["text", "audio"],
        Voice = voice,
        AudioFile = new AudioTarget("answer.wav"),
    };

    private static JsonElement Body(ChatRequest request)
    {
        using var document = JsonDocument.Parse(CompatibleChatRequestBuilder.Build(request, stream: true));
        return document.RootElement.Clone();
    }

    [Fact]
    public void A_spoken_answer_asks_for_text_and_audio_in_wav_with_the_voice()
    {
        JsonAssert.Equal(JsonDocument.Parse("""
            {"model":"qwen3-omni-flash","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true},
             "modalities":["text","audio"],"audio":{"voice":"Serena","format":"wav"}}
            """).RootElement, Body(Speak("qwen3-omni-flash", "Serena")));
    }

    [Theory]
    [InlineData("qwen3-omni-flash", "Cherry")]
    [InlineData("qwen3.5-omni-plus", "Tina")]
    [InlineData("qwen3.5-omni-flash", "Tina")]
    [InlineData("qwen-omni-turbo-latest", "Chelsie")]
    [InlineData("my-omni-finetune", "Cherry")]
    public void Without_a_voice_the_catalog_names_the_model_s_default(string model, string voice)
    {
        Assert.Equal(voice, Body(Speak(model)).GetProperty("audio").GetProperty("voice").GetString());
    }

    [Fact]
    public void Text_alone_sends_neither_modalities_nor_audio_and_a_voice_without_audio_is_not_sent()
    {
        var body = Body(Speak("qwen3-omni-flash", "Ethan") with { Modalities = ["text"] });

        Assert.False(body.TryGetProperty("modalities", out _));
        Assert.False(body.TryGetProperty("audio", out _));
    }

    [Fact]
    public void Additional_parameters_win_over_the_speech_members()
    {
        var body = Body(Speak("qwen3-omni-flash") with
        {
            AdditionalParameters = new Dictionary<string, object?> { ["audio"] = new Dictionary<string, object?> { ["voice"] = "Custom", ["format"] = "wav" } },
        });

        Assert.Equal("Custom", body.GetProperty("audio").GetProperty("voice").GetString());
        Assert.Equal(2, body.GetProperty("modalities").GetArrayLength());
    }

    [Theory]
    [InlineData("qwen-plus", "does not list qwen-plus as answering in speech")]
    [InlineData("qwen3-tts-flash", "does not list qwen3-tts-flash as answering in speech")]
    public void Speech_from_a_model_that_does_not_give_it_is_refused(string model, string message)
    {
        var failure = Assert.Throws<DashScopeException>(() => Body(Speak(model)));

        Assert.Equal(DashScopeErrorKind.InvalidInput, failure.Kind);
        Assert.Contains(message, failure.Message);
        Assert.Contains("qwen3-omni-flash", failure.Message);
    }

    [Fact]
    public void Speech_needs_a_file_and_modalities_are_text_or_audio()
    {
        Assert.Contains("file", Assert.Throws<DashScopeException>(() => Body(Speak("qwen3-omni-flash") with { AudioFile = null })).Message);
        Assert.Contains("'video'", Assert.Throws<DashScopeException>(() => Body(Speak("qwen3-omni-flash") with { Modalities = ["text", "video"] })).Message);
    }
}
