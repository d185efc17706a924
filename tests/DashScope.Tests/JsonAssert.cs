using System.Text.Json;
using Xunit;

namespace DashScope.Tests;

/// <summary>Semantic JSON comparison: member order ignored, numbers compared by value, every difference named by its path.</summary>
internal static class JsonAssert
{
    public static void Equal(JsonElement expected, JsonElement actual, string path = "$")
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences);
        if (differences.Count > 0) Assert.Fail("JSON differs:\n" + string.Join("\n", differences));
    }

    public static bool AreEqual(JsonElement expected, JsonElement actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        return differences.Count == 0;
    }

    /// <summary>Fails when an object anywhere in the document has the same member twice.</summary>
    public static void NoDuplicateMembers(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    Assert.True(names.Add(property.Name), "duplicate member " + path + "." + property.Name);
                    NoDuplicateMembers(property.Value, path + "." + property.Name);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) NoDuplicateMembers(item, path + "[" + index++ + "]");
                break;
        }
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (expected.ValueKind != actual.ValueKind && !(IsBoolean(expected) && IsBoolean(actual) && expected.GetBoolean() == actual.GetBoolean()))
        {
            differences.Add(path + ": expected " + expected.ValueKind + " " + expected.GetRawText() + ", got " + actual.ValueKind + " " + actual.GetRawText());
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var missing in expectedNames.Except(actualNames)) differences.Add(path + "." + missing + ": missing");
                foreach (var extra in actualNames.Except(expectedNames)) differences.Add(path + "." + extra + ": not expected (" + actual.GetProperty(extra).GetRawText() + ")");
                foreach (var name in expectedNames.Intersect(actualNames))
                    Compare(expected.GetProperty(name), actual.GetProperty(name), path + "." + name, differences);
                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    differences.Add(path + ": expected " + expected.GetArrayLength() + " items, got " + actual.GetArrayLength() + " " + actual.GetRawText());
                    return;
                }
                for (var i = 0; i < expected.GetArrayLength(); i++) Compare(expected[i], actual[i], path + "[" + i + "]", differences);
                break;
            case JsonValueKind.Number:
                var same = expected.TryGetDecimal(out var e) && actual.TryGetDecimal(out var a)
                    ? e == a
                    : expected.GetDouble().Equals(actual.GetDouble());
                if (!same) differences.Add(path + ": expected " + expected.GetRawText() + ", got " + actual.GetRawText());
                break;
            case JsonValueKind.String:
                if (!string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal))
                    differences.Add(path + ": expected \"" + expected.GetString() + "\", got \"" + actual.GetString() + "\"");
                break;
        }
    }

    private static bool IsBoolean(JsonElement element) => element.ValueKind is JsonValueKind.True or JsonValueKind.False;
}
