using System.Globalization;
using System.Text;
using DashScope.Json;
using Xunit;

namespace DashScope.Tests.Json;

/// <summary>The fast number reader gives what the framework's parser gives, for every form JSON allows.</summary>
public class JsonNumbersTests
{
    private static float Read(string text) => JsonNumbers.ToSingle(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("1")]
    [InlineData("-0.005039233741296242")]
    [InlineData("0.0000000001")]
    [InlineData("123456789")]
    [InlineData("1e5")]
    [InlineData("1E+3")]
    [InlineData("-2.5e-7")]
    [InlineData("3.4028235e38")]
    [InlineData("1.17549435e-38")]
    [InlineData("1.4e-45")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("0.1234567890123456789012345")]
    [InlineData("9007199254740993")]
    [InlineData("1e-30")]
    [InlineData("7e22")]
    [InlineData("7e23")]
    public void Reads_like_the_framework(string text)
    {
        var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var actual = Read(text);
        Assert.Equal(expected, actual);
        Assert.Equal(float.IsNegative(expected), float.IsNegative(actual));
    }

    [Fact]
    public void Random_vectors_in_every_format_a_service_writes_read_exactly()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 200_000; i++)
        {
            var value = (random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-12, 4));
            foreach (var text in new[]
            {
                value.ToString("R", CultureInfo.InvariantCulture),
                ((float)value).ToString("R", CultureInfo.InvariantCulture),
                value.ToString("G9", CultureInfo.InvariantCulture),
                value.ToString("F6", CultureInfo.InvariantCulture),
                value.ToString("E10", CultureInfo.InvariantCulture),
            })
            {
                var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.True(expected == Read(text), text + " read as " + Read(text).ToString("R", CultureInfo.InvariantCulture) + ", expected " + expected.ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }

    [Theory]
    [InlineData("[]", new float[0])]
    [InlineData("[ ]", new float[0])]
    [InlineData("[1]", new[] { 1f })]
    [InlineData("[1,-2.5,3e2]", new[] { 1f, -2.5f, 300f })]
    [InlineData("[ 1 ,\n\t-2.5 ,\r\n 0 ]", new[] { 1f, -2.5f, 0f })]
    public void Arrays_are_read_up_to_their_closing_bracket(string json, float[] expected)
    {
        var bytes = Encoding.UTF8.GetBytes(json + ",\"after\"");
        var values = new float[1];

        var close = JsonNumbers.ReadSingleArray(bytes, 1, ref values, out var count);

        Assert.Equal(json.Length - 1, close);
        Assert.Equal(expected, values.Take(count));
    }

    [Fact]
    public void Arrays_longer_than_the_buffer_grow_it()
    {
        var numbers = Enumerable.Range(0, 3000).Select(i => (i * 0.001f - 1.5f).ToString("R", CultureInfo.InvariantCulture)).ToArray();
        var bytes = Encoding.UTF8.GetBytes("[" + string.Join(",", numbers) + "]");
        var values = new float[0];

        var close = JsonNumbers.ReadSingleArray(bytes, 1, ref values, out var count);

        Assert.Equal(bytes.Length - 1, close);
        Assert.Equal(numbers.Select(n => float.Parse(n, CultureInfo.InvariantCulture)), values.Take(count));
    }

    [Theory]
    [InlineData("[1,]")]
    [InlineData("[,1]")]
    [InlineData("[1 2]")]
    [InlineData("[1")]
    [InlineData("[1,")]
    [InlineData("[null]")]
    [InlineData("[[1]]")]
    [InlineData("[\"1\"]")]
    [InlineData("[01]")]
    [InlineData("[+1]")]
    public void Arrays_of_anything_but_numbers_are_refused(string json)
    {
        var values = new float[4];
        Assert.Throws<FormatException>(() => JsonNumbers.ReadSingleArray(Encoding.UTF8.GetBytes(json), 1, ref values, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("-01.5")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("abc")]
    [InlineData("1.5x")]
    public void Text_that_is_no_number_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => Read(text));
    }
}
