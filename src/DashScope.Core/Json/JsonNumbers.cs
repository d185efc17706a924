using System;
using System.Buffers.Text;

namespace DashScope.Json
{
    /// <summary>
    /// Reads JSON numbers straight from their UTF-8 text, for answers made of many of them (embedding vectors: ten
    /// vectors of up to 2,048 numbers a call, where a general JSON reader costs more than the network).
    /// </summary>
    public static class JsonNumbers
    {
        private static readonly double[] PowersOfTen =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        /// <summary>The JSON number <paramref name="text"/> as a float; text that is not exactly one JSON number throws.</summary>
        public static float ToSingle(ReadOnlySpan<byte> text)
        {
            var position = 0;
            var value = ReadSingle(text, ref position);
            if (position != text.Length) throw NotANumber(text);
            return value;
        }

        /// <summary>
        /// Reads the numbers of a JSON array whose '[' ends just before <paramref name="position"/> into
        /// <paramref name="values"/> (grown as needed; <paramref name="count"/> of them are the array's) and returns the
        /// index of its ']'. Anything but numbers, commas and whitespace throws.
        /// </summary>
        public static int ReadSingleArray(ReadOnlySpan<byte> json, int position, ref float[] values, out int count)
        {
            count = 0;
            position = SkipWhitespace(json, position);
            if (position < json.Length && json[position] == (byte)']') return position;
            while (true)
            {
                if (count == values.Length) Array.Resize(ref values, Math.Max(16, values.Length * 2));
                values[count++] = ReadSingle(json, ref position);
                position = SkipWhitespace(json, position);
                if (position >= json.Length) throw NotANumber(json.Slice(json.Length));
                if (json[position] == (byte)']') return position;
                if (json[position] != (byte)',') throw NotANumber(json.Slice(position, 1));
                position = SkipWhitespace(json, position + 1);
            }
        }

        /// <summary>
        /// One number at <paramref name="position"/>, which moves past it. A mantissa up to 2^53 and a power of ten up
        /// to 22 are both exact doubles, so one division gives the correctly rounded double, and the float is the one
        /// nearest that (a double rounding that can differ from the exact answer only a hair from a float tie: none in
        /// a million numbers tested); other numbers go to the framework's parser.
        /// </summary>
        private static float ReadSingle(ReadOnlySpan<byte> text, ref int position)
        {
            var begin = position;
            var i = position;
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
            // JSON has no leading zeros (01) and no bare sign or point (-, .5).
            if (i == start || (text[start] == (byte)'0' && i - start > 1)) throw NotANumber(Token(text, begin));
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
                if (i == fraction) throw NotANumber(Token(text, begin));
            }
            if (i < text.Length && (text[i] == (byte)'e' || text[i] == (byte)'E'))
            {
                i++;
                var exponentNegative = false;
                if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+')) exponentNegative = text[i++] == (byte)'-';
                var exponent = 0;
                var exponentStart = i;
                for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
                {
                    if (exponent < 100000) exponent = exponent * 10 + (text[i] - '0');
                }
                if (i == exponentStart) throw NotANumber(Token(text, begin));
                scale += exponentNegative ? -exponent : exponent;
            }
            position = i;
            if (mantissa > (1UL << 53) || scale < -22 || scale > 22)
            {
                // Out of the exact range: the framework's parser rounds these correctly.
                if (Utf8Parser.TryParse(text.Slice(begin, i - begin), out float parsed, out var consumed) && consumed == i - begin) return parsed;
                throw NotANumber(text.Slice(begin, i - begin));
            }
            double value = mantissa;
            value = scale < 0 ? value / PowersOfTen[-scale] : value * PowersOfTen[scale];
            return (float)(negative ? -value : value);
        }

        private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
        {
            while (position < json.Length && (json[position] == (byte)' ' || json[position] == (byte)'\n' || json[position] == (byte)'\r' || json[position] == (byte)'\t')) position++;
            return position;
        }

        /// <summary>The text from <paramref name="begin"/> to the next delimiter, for the message.</summary>
        private static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> text, int begin)
        {
            var end = begin;
            while (end < text.Length && end - begin < 40 && text[end] != (byte)',' && text[end] != (byte)']' && text[end] > (byte)' ') end++;
            return text.Slice(begin, Math.Max(end - begin, 0));
        }

        private static FormatException NotANumber(ReadOnlySpan<byte> text) =>
            new FormatException("'" + System.Text.Encoding.UTF8.GetString(text.ToArray()) + "' is not a JSON number.");
    }
}
