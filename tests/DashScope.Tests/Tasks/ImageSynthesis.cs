using System.Text.Json;
using DashScope.Client;

namespace DashScope.Tests.Tasks;

/// <summary>The recorded wanx-v1 text-to-image request, as a family outside the core would write it.</summary>
internal sealed class ImageSynthesis : ServiceRequest
{
    public override string Path => "services/aigc/text2image/image-synthesis";

    public string Prompt { get; init; } = "一只奔跑的猫";

    public int Count { get; init; } = 4;

    public override void WriteBody(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("model", "wanx-v1");
        writer.WriteStartObject("input");
        writer.WriteString("prompt", Prompt);
        writer.WriteEndObject();
        writer.WriteStartObject("parameters");
        writer.WriteString("style", "<sketch>");
        writer.WriteString("size", "1024*1024");
        writer.WriteNumber("n", Count);
        writer.WriteNumber("seed", 42);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
