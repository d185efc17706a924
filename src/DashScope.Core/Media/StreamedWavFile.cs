using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;

namespace DashScope.Media
{
    /// <summary>
    /// A spoken answer saved while it streams: base64 pieces of 16-bit mono PCM are decoded and written behind a WAV
    /// header whose sizes are filled in once the last piece is in, so the file plays however long the answer was and
    /// nothing but one piece is held in memory. The bytes go to a temporary file beside the target (created at the first
    /// piece), renamed to it by <see cref="CompleteAsync"/>; disposing before that deletes it.
    /// </summary>
    internal sealed class StreamedWavFile : IDisposable
    {
        private const int BufferSize = 64 * 1024;

        private readonly AtomicFile _file;
        private readonly char[] _carry = new char[3];
        private int _carried;
        private FileStream? _stream;
        private bool _committed;

        private StreamedWavFile(AtomicFile file, int sampleRate)
        {
            _file = file;
            SampleRate = sampleRate;
        }

        /// <summary>The full path the file will have.</summary>
        public string Target => _file.Target;

        public int SampleRate { get; }

        /// <summary>The PCM bytes written so far (the file is 44 bytes longer).</summary>
        public long DataBytes { get; private set; }

        /// <summary>How long the audio written so far plays.</summary>
        public TimeSpan Duration => TimeSpan.FromSeconds(DataBytes / (2.0 * SampleRate));

        /// <summary>
        /// Checks the target (a file path; an existing file only with <paramref name="overwrite"/>) before anything is
        /// sent; nothing is written yet.
        /// </summary>
        public static StreamedWavFile Prepare(string path, bool overwrite, int sampleRate)
        {
            if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
            return new StreamedWavFile(AtomicFile.Prepare(path, overwrite, "the spoken answer"), sampleRate);
        }

        /// <summary>
        /// Decodes one base64 piece and appends its bytes. Pieces may be cut anywhere from one base64 string (the service's
        /// samples concatenate them) or be padded each on its own: both decode to the same bytes.
        /// </summary>
        public async Task WriteAsync(string piece, CancellationToken cancellationToken)
        {
            if (_committed) throw new InvalidOperationException("The file is already complete.");
            if (string.IsNullOrEmpty(piece)) return;
            var chars = new char[_carried + piece.Length];
            Array.Copy(_carry, chars, _carried);
            var length = _carried;
            foreach (var c in piece)
            {
                if (!char.IsWhiteSpace(c)) chars[length++] = c;
            }
            var whole = length - length % 4;
            _carried = length - whole;
            Array.Copy(chars, whole, _carry, 0, _carried);
            await DecodeAsync(chars, whole, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Writes the header's sizes and renames the file to its target. False when no audio arrived: then there is no
        /// file, and the target is left as it was.
        /// </summary>
        public async Task<bool> CompleteAsync(CancellationToken cancellationToken)
        {
            if (_carried > 0)
            {
                // Unpadded base64 at the very end: two or three characters still make whole bytes.
                if (_carried == 1) throw NotBase64(null);
                var last = new char[4];
                Array.Copy(_carry, last, _carried);
                for (var i = _carried; i < 4; i++) last[i] = '=';
                _carried = 0;
                await DecodeAsync(last, 4, cancellationToken).ConfigureAwait(false);
            }
            if (_stream == null) return false;
            _stream.Seek(0, SeekOrigin.Begin);
            var header = WavHeader.For(DataBytes, SampleRate);
            await _stream.WriteAsync(header, 0, header.Length, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.Dispose();
            _stream = null;
            try
            {
                _file.Commit();
            }
            catch
            {
                _file.Discard();
                throw;
            }
            _committed = true;
            return true;
        }

        /// <summary>Deletes the temporary file unless <see cref="CompleteAsync"/> renamed it.</summary>
        public void Dispose()
        {
            if (_stream == null) return;
            _stream.Dispose();
            _stream = null;
            _file.Discard();
        }

        /// <summary>Decodes the first <paramref name="count"/> characters (whole quartets), a run at a time up to each padded quartet.</summary>
        private async Task DecodeAsync(char[] chars, int count, CancellationToken cancellationToken)
        {
            var start = 0;
            for (var quartet = 0; quartet < count; quartet += 4)
            {
                var padded = chars[quartet + 3] == '=';
                if (!padded && quartet + 4 < count) continue;
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64CharArray(chars, start, quartet + 4 - start);
                }
                catch (FormatException exception)
                {
                    throw NotBase64(exception);
                }
                await AppendAsync(bytes, cancellationToken).ConfigureAwait(false);
                start = quartet + 4;
            }
        }

        private async Task AppendAsync(byte[] bytes, CancellationToken cancellationToken)
        {
            if (bytes.Length == 0) return;
            if (_stream == null)
            {
                _stream = new FileStream(_file.Temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, useAsync: true);
                // Room for the header, written with the real sizes at the end.
                await _stream.WriteAsync(new byte[WavHeader.Length], 0, WavHeader.Length, cancellationToken).ConfigureAwait(false);
            }
            await _stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
            DataBytes += bytes.Length;
        }

        private static DashScopeException NotBase64(Exception? inner) =>
            new DashScopeException(DashScopeErrorKind.Protocol, "The service sent a piece of speech that is not base64 audio.", inner);
    }
}
