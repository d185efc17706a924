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
    [InlineData("")]
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
