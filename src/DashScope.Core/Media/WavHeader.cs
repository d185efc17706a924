using System;
using System.Text;

namespace DashScope.Media
{
    /// <summary>The 44-byte header that makes raw PCM (16-bit little-endian, mono) a playable WAV file.</summary>
    public static class WavHeader
    {
        public const int Length = 44;

        public static byte[] For(long dataBytes, int sampleRate)
        {
            var size = (int)Math.Min(dataBytes, int.MaxValue - 36);
            var header = new byte[Length];
            Encoding.ASCII.GetBytes("RIFF").CopyTo(header, 0);
            Write(header, 4, 36 + size);
            Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(header, 8);
            Write(header, 16, 16);
            Write16(header, 20, 1);
            Write16(header, 22, 1);
            Write(header, 24, sampleRate);
            Write(header, 28, sampleRate * 2);
            Write16(header, 32, 2);
            Write16(header, 34, 16);
            Encoding.ASCII.GetBytes("data").CopyTo(header, 36);
            Write(header, 40, size);
            return header;
        }

        private static void Write(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }

        private static void Write16(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
        }
    }
}
