using System;
using System.IO;
using System.Text;

namespace DashScope.Media
{
    /// <summary>
    /// How long a local audio file plays, from its header alone: exact for WAV (data size over byte rate), an estimate
    /// for MP3 (size over the first frame's bit rate; constant bit rate assumed). Other formats: unknown.
    /// </summary>
    public static class AudioDuration
    {
        private static readonly int[] Mpeg1Layer3 = { 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0 };
        private static readonly int[] Mpeg2Layer3 = { 0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0 };

        /// <summary>Seconds, or null when the header does not tell (or the file cannot be read).</summary>
        public static double? Estimate(string path)
        {
            try
            {
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    var head = new byte[Math.Min(64 * 1024, file.Length)];
                    var read = 0;
                    while (read < head.Length)
                    {
                        var count = file.Read(head, read, head.Length - read);
                        if (count == 0) break;
                        read += count;
                    }
                    return Wav(head, read) ?? Mp3(head, read, file.Length);
                }
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static double? Wav(byte[] head, int length)
        {
            if (length < 12 || Text(head, 0) != "RIFF" || Text(head, 8) != "WAVE") return null;
            long byteRate = 0;
            for (var at = 12; at + 8 <= length;)
            {
                var id = Text(head, at);
                var size = BitConverter.ToUInt32(head, at + 4);
                if (id == "fmt " && at + 20 <= length) byteRate = BitConverter.ToUInt32(head, at + 16);
                if (id == "data") return byteRate > 0 ? size / (double)byteRate : (double?)null;
                at += 8 + (int)Math.Min(size + (size & 1), int.MaxValue - at - 8);
            }
            return null;
        }

        private static double? Mp3(byte[] head, int length, long fileLength)
        {
            var start = 0;
            if (length >= 10 && Text(head, 0).StartsWith("ID3", StringComparison.Ordinal))
                start = 10 + ((head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F));
            for (var at = start; at + 4 <= length; at++)
            {
                if (head[at] != 0xFF || (head[at + 1] & 0xE0) != 0xE0) continue;
                var version = (head[at + 1] >> 3) & 3;   // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
                var layer = (head[at + 1] >> 1) & 3;     // 1: Layer III
                if (version == 1 || layer != 1) continue;
                var kilobits = (version == 3 ? Mpeg1Layer3 : Mpeg2Layer3)[(head[at + 2] >> 4) & 15];
                if (kilobits == 0) continue;
                return (fileLength - at) * 8.0 / (kilobits * 1000.0);
            }
            return null;
        }

        private static string Text(byte[] bytes, int at) => at + 4 <= bytes.Length ? Encoding.ASCII.GetString(bytes, at, 4) : string.Empty;
    }
}
