using System.Text.Json;

namespace DashScope.Tests;

/// <summary>JSON text as a detached element, for tests that compare bodies and answers.</summary>
internal static class TestJson
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
