using System;
using System.IO;

namespace DashScope.Batches
{
    /// <summary>
    /// Reads a JSONL stream line by line as bytes (no decoding), with each line's position in the stream, so a file of
    /// any size passes through a buffer the size of its longest line. A trailing \r is not part of a line.
    /// </summary>
    internal sealed class JsonLineReader
    {
        private readonly Stream _stream;
        private readonly int _maximumLine;
        private byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;
        private long _bufferOffset;
        private bool _ended;

        /// <param name="maximumLine">The longest line accepted; a longer one throws <see cref="LineTooLongException"/>.</param>
        public JsonLineReader(Stream stream, int maximumLine)
        {
            _stream = stream;
            _maximumLine = maximumLine;
        }

        /// <summary>True for a line of spaces and tabs only (or none): no request in it.</summary>
        public static bool IsBlank(ArraySegment<byte> line)
        {
            for (var i = 0; i < line.Count; i++)
            {
                var b = line.Array![line.Offset + i];
                if (b != (byte)' ' && b != (byte)'\t') return false;
            }
            return true;
        }

        /// <summary>The 1-based number of the line read last.</summary>
        public int LineNumber { get; private set; }

        /// <summary>The next line (valid until the next call) and where it starts; false at the end.</summary>
        public bool TryRead(out ArraySegment<byte> line, out long offset)
        {
            while (true)
            {
                var newLine = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newLine >= 0 || (_ended && _end > _start))
                {
                    var stop = newLine >= 0 ? newLine : _end;
                    var length = stop - _start;
                    if (length > 0 && _buffer[_start + length - 1] == (byte)'\r') length--;
                    if (length > _maximumLine) throw new LineTooLongException(LineNumber + 1, length);
                    line = new ArraySegment<byte>(_buffer, _start, length);
                    offset = _bufferOffset + _start;
                    _start = newLine >= 0 ? newLine + 1 : _end;
                    LineNumber++;
                    return true;
                }
                if (_ended)
                {
                    line = default;
                    offset = _bufferOffset + _end;
                    return false;
                }
                Fill();
            }
        }

        private void Fill()
        {
            if (_end - _start > _maximumLine + 2) throw new LineTooLongException(LineNumber + 1, _end - _start);
            if (_start > 0)
            {
                // Keep the unfinished line, at the front.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _bufferOffset += _start;
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                var bigger = new byte[_buffer.Length * 2];
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                _buffer = bigger;
            }
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _ended = true;
            _end += read;
        }

        /// <summary>A line longer than the reader accepts.</summary>
        internal sealed class LineTooLongException : Exception
        {
            public LineTooLongException(int line, long length)
                : base("Line " + line + " has more than " + length + " bytes.")
            {
                Line = line;
                Length = length;
            }

            public int Line { get; }

            public long Length { get; }
        }
    }
}
