using System;

namespace DashScope.Streaming
{
    /// <summary>Recorded and proxied DashScope bodies sometimes start with a UTF-8 BOM, which JSON parsers reject.</summary>
    internal static class Utf8Bom
    {
        public static ReadOnlyMemory<byte> Skip(ReadOnlyMemory<byte> bytes)
        {
            var span = bytes.Span;
            return span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF ? bytes.Slice(3) : bytes;
        }

        public static ReadOnlyMemory<byte> Skip(byte[] bytes) => Skip(new ReadOnlyMemory<byte>(bytes));
    }
}
