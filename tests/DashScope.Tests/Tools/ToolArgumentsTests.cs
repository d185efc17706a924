using System.Collections;
using DashScope.Tools;
using Xunit;

namespace DashScope.Tests.Tools;

public class ToolArgumentsTests
{
    private static ToolDefinition Tool() => new()
    {
        Name = "copy_item",
        Parameters = new Dictionary<string, object?>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object?>(),
            ["required"] = new List<object?> { "Path" },
        },
        AllowedParameters = ["Path", "Destination", "Count", "Size", "Ratio", "Items", "Options", "Force"],
        SwitchParameters = ["Force"],
    };

    [Fact]
    public void Bind_gives_the_schemas_spelling_and_plain_values()
    {
        var bound = ToolArguments.Bind(Tool(),
            "{\"path\":\"a.txt\",\"COUNT\":3,\"size\":5000000000,\"ratio\":0.5,\"items\":[1,\"x\"],\"options\":{\"Deep\":true},\"destination\":null}", out var error);

        Assert.Null(error);
        Assert.NotNull(bound);
        Assert.Equal(["Count", "Items", "Options", "Path", "Ratio", "Size"], bound!.Keys.Cast<string>().Order());
        Assert.Equal("a.txt", bound["PATH"]);
        Assert.IsType<int>(bound["Count"]);
        Assert.IsType<long>(bound["Size"]);
        Assert.IsType<double>(bound["Ratio"]);
        Assert.Equal(new object[] { 1, "x" }, Assert.IsType<object?[]>(bound["Items"]));
        Assert.Equal(true, Assert.IsType<Hashtable>(bound["Options"])["deep"]);
    }

    [Fact]
    public void Bind_takes_a_switch_as_true_or_false_only()
    {
        Assert.Equal(true, ToolArguments.Bind(Tool(), "{\"Path\":\"a\",\"Force\":true}", out _)!["Force"]);
        Assert.False(ToolArguments.Bind(Tool(), "{\"Path\":\"a\",\"Force\":false}", out _)!.ContainsKey("Force"));

        Assert.Null(ToolArguments.Bind(Tool(), "{\"Path\":\"a\",\"Force\":\"yes\"}", out var error));
        Assert.Equal("The parameter 'Force' is a switch: send true or false.", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Bind_of_no_arguments_is_an_empty_object(string? json)
    {
        Assert.Null(ToolArguments.Bind(Tool(), json, out var error));
        Assert.Equal("Missing required parameter(s): Path.", error);

        var optional = Tool();
        optional.Parameters.Remove("required");
        Assert.Empty(ToolArguments.Bind(optional, json, out _)!);
    }

    [Fact]
    public void CommandLine_sorts_parameters_and_quotes_values_as_PowerShell_reads_them()
    {
        var line = ToolArguments.CommandLine("Copy-Item", new Hashtable
        {
            ["Path"] = "O'Brien's file.txt",
            ["Count"] = 3,
            ["Ratio"] = 0.5,
            ["Force"] = true,
            ["Recurse"] = false,
            ["Items"] = new object?[] { "a", 2, null },
            ["Options"] = new Hashtable { ["Deep"] = true },
        });

        Assert.Equal("Copy-Item -Count 3 -Force -Items 'a', 2, $null -Options @{ Deep = $true } -Path 'O''Brien''s file.txt' -Ratio 0.5 -Recurse:$false", line);
    }

    [Fact]
    public void CommandLine_writes_an_empty_array_as_an_empty_array()
    {
        Assert.Equal("Get-Item -Path @()", ToolArguments.CommandLine("Get-Item", new Hashtable { ["Path"] = Array.Empty<object?>() }));
    }
}
