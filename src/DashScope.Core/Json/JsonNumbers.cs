using System;
using System.Buffers.Text;

namespace DashScope.Json
{
    /// <summary>
    /// Reads JSON numbers straight from their UTF-8 text, for answers made of many of them (embedding vectors): the
    /// usual decimal form is read in one pass; anything else goes to the framework's parser.
    /// </summary>
    public static class JsonNumbers
    {
        private static readonly double[] PowersOfTen =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        /// <summary>
        /// The number as a float: a mantissa up to 2^53 and a power of ten up to 22 are both exact doubles, so one division
        /// gives the correctly rounded double, and the float nearest that (a double rounding that differs from the exact
        /// answer only for numbers a hair from a float tie, none in a million tested); other numbers go to the framework's parser. Text that is not a JSON number throws.
        /// </summary>
        public static float ToSingle(ReadOnlySpan<byte> text)
        {
            var i = 0;
            var negative = false;
            if (i < text.Length && text[i] == (byte)'-')
            {
                negative = true;
                i++;
            }
            ulong mantissa = 0;
            var digits = 0;
            var scale = 0;
            var start = i;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                if (digits < 19) mantissa = mantissa * 10 + (uint)(text[i] - '0');
                else scale++;
                if (mantissa != 0) digits++;
            }
            if (i == start) throw NotANumber(text);
            if (i < text.Length && text[i] == (byte)'.')
            {
                i++;
                var fraction = i;
                for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
                {
                    if (digits < 19)
                    {
                        mantissa = mantissa * 10 + (uint)(text[i] - '0');
                        scale--;
                        if (mantissa != 0) digits++;
                    }
                }
                if (i == fraction) throw NotANumber(text);
            }
            if (i < text.Length && (text[i] == (byte)'e' || text[i] == (byte)'E'))
            {
                i++;
                var exponentNegative = false;
                if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+')) exponentNegative = text[i++] == (byte)'-';
                var exponent = 0;
                var exponentStart = i;
                for (; i < text.Length && (uint)(text[i] - '0') <= 9 && exponent < 10000; i++) exponent = exponent * 10 + (text[i] - '0');
                if (i == exponentStart) throw NotANumber(text);
                scale += exponentNegative ? -exponent : exponent;
            }
            if (i != text.Length) throw NotANumber(text);
            // Out of the exact range: the framework's parser rounds these correctly.
            if (mantissa > (1UL << 53) || scale < -22 || scale > 22) return Fallback(text);
            double value = mantissa;
            value = scale < 0 ? value / PowersOfTen[-scale] : value * PowersOfTen[scale];
            return (float)(negative ? -value : value);
        }

        private static float Fallback(ReadOnlySpan<byte> text)
        {
            if (Utf8Parser.TryParse(text, out float value, out var consumed) && consumed == text.Length) return value;
            throw NotANumber(text);
        }

        private static FormatException NotANumber(ReadOnlySpan<byte> text) =>
            new FormatException("'" + System.Text.Encoding.UTF8.GetString(text.ToArray()) + "' is not a JSON number.");
    }
}
