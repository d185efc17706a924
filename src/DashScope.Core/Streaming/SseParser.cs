using System;
using System.Collections.Generic;
using System.Text;

namespace DashScope.Streaming
{
    /// <summary>
    /// Push parser from raw bytes to <see cref="SseEvent"/>s. Works on bytes so a UTF-8 character
    /// split across network reads is never decoded half-way. Tolerates what recorded DashScope traffic
    /// contains: a leading BOM, CRLF or CR line ends, and events with no blank line between them
    /// (a field line that arrives after a data line starts the next event).
    /// </summary>
    public sealed class SseParser
    {
        private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };
        private static readonly byte[] StatusPrefix = Encoding.ASCII.GetBytes(":HTTP_STATUS/");

        private byte[] _line = new byte[4096];
        private int _lineLength;
        private bool _atStreamStart = true;
        private int _bomMatched;
        private bool _skipLineFeed;

        private string? _id;
        private string? _eventType;
        private int? _status;
        private byte[]? _data;
        private bool _hasFields;

        /// <summary>Feeds bytes; completed events are added to <paramref name="events"/>.</summary>
        public void Push(byte[] buffer, int offset, int count, List<SseEvent> events)
        {
            var end = offset + count;
            var i = offset;
            if (_atStreamStart)
            {
                // Match a BOM byte by byte, so one split across reads is still recognised.
                while (i < end && _bomMatched < Bom.Length)
                {
                    if (buffer[i] != Bom[_bomMatched])
                    {
                        AppendToLine(Bom, 0, _bomMatched);
                        _atStreamStart = false;
                        break;
                    }
                    _bomMatched++;
                    i++;
                }
                if (_bomMatched == Bom.Length) _atStreamStart = false;
                if (_atStreamStart) return;
            }
            Scan(buffer, i, end - i, events);
        }

        /// <summary>Call at end of stream: dispatches a final event that had no trailing blank line.</summary>
        public void Complete(List<SseEvent> events)
        {
            if (_lineLength > 0)
            {
                ProcessLine(_line, 0, _lineLength, events);
                _lineLength = 0;
            }
            Dispatch(events);
        }

        private void Scan(byte[] buffer, int offset, int count, List<SseEvent> events)
        {
            var end = offset + count;
            var start = offset;
            for (var i = offset; i < end; i++)
            {
                var b = buffer[i];
                if (b != (byte)'\n' && b != (byte)'\r')
                {
                    if (_skipLineFeed) _skipLineFeed = false;
                    continue;
                }
                if (b == (byte)'\n' && _skipLineFeed)
                {
                    // Second half of CRLF.
                    _skipLineFeed = false;
                    start = i + 1;
                    continue;
                }
                _skipLineFeed = b == (byte)'\r';
                if (_lineLength > 0)
                {
                    AppendToLine(buffer, start, i - start);
                    ProcessLine(_line, 0, _lineLength, events);
                    _lineLength = 0;
                }
                else
                {
                    ProcessLine(buffer, start, i - start, events);
                }
                start = i + 1;
            }
            if (start < end) AppendToLine(buffer, start, end - start);
        }

        private void AppendToLine(byte[] source, int offset, int count)
        {
            if (count <= 0) return;
            if (_lineLength + count > _line.Length)
            {
                var bigger = new byte[Math.Max(_line.Length * 2, _lineLength + count)];
                Buffer.BlockCopy(_line, 0, bigger, 0, _lineLength);
                _line = bigger;
            }
            Buffer.BlockCopy(source, offset, _line, _lineLength, count);
            _lineLength += count;
        }

        private void ProcessLine(byte[] line, int offset, int length, List<SseEvent> events)
        {
            if (length == 0)
            {
                Dispatch(events);
                return;
            }

            // A stray BOM at the start of a line (concatenated recordings) is not content.
            if (length >= 3 && line[offset] == Bom[0] && line[offset + 1] == Bom[1] && line[offset + 2] == Bom[2])
            {
                offset += 3;
                length -= 3;
                if (length == 0) return;
            }

            if (line[offset] == (byte)':')
            {
                if (StartsWith(line, offset, length, StatusPrefix))
                {
                    if (_data != null) Dispatch(events);
                    _status = ParseInt(line, offset + StatusPrefix.Length, length - StatusPrefix.Length);
                    _hasFields = true;
                }
                return;
            }

            var colon = Array.IndexOf(line, (byte)':', offset, length);
            var nameLength = colon < 0 ? length : colon - offset;
            var valueStart = colon < 0 ? offset + length : colon + 1;
            if (valueStart < offset + length && line[valueStart] == (byte)' ') valueStart++;
            var valueLength = offset + length - valueStart;

            if (IsField(line, offset, nameLength, "data"))
            {
                if (_data != null) Dispatch(events);
                var data = new byte[valueLength];
                Buffer.BlockCopy(line, valueStart, data, 0, valueLength);
                _data = data;
                _hasFields = true;
            }
            else if (IsField(line, offset, nameLength, "id"))
            {
                if (_data != null) Dispatch(events);
                _id = Encoding.UTF8.GetString(line, valueStart, valueLength);
                _hasFields = true;
            }
            else if (IsField(line, offset, nameLength, "event"))
            {
                if (_data != null) Dispatch(events);
                _eventType = EventTypeOf(line, valueStart, valueLength);
                _hasFields = true;
            }
            else if (IsField(line, offset, nameLength, "status"))
            {
                // Not sent by DashScope today, but the Python SDK understands it; treat like :HTTP_STATUS/.
                if (_data != null) Dispatch(events);
                _status = ParseInt(line, valueStart, valueLength);
                _hasFields = true;
            }
            // Other fields (retry, unknown) are ignored, as the SSE specification says.
        }

        private void Dispatch(List<SseEvent> events)
        {
            if (_data != null)
            {
                events.Add(new SseEvent(_id, _eventType ?? "message", _status, _data, DateTimeOffset.Now));
            }
            if (_hasFields || _data != null)
            {
                _id = null;
                _eventType = null;
                _status = null;
                _data = null;
                _hasFields = false;
            }
        }

        /// <summary>DashScope only ever sends "result" and "error": no new string per event for those.</summary>
        private static string EventTypeOf(byte[] line, int offset, int length)
        {
            if (IsField(line, offset, length, "result")) return "result";
            if (IsField(line, offset, length, "error")) return "error";
            return Encoding.UTF8.GetString(line, offset, length);
        }

        private static bool StartsWith(byte[] line, int offset, int length, byte[] prefix)
        {
            if (length < prefix.Length) return false;
            for (var k = 0; k < prefix.Length; k++)
            {
                if (line[offset + k] != prefix[k]) return false;
            }
            return true;
        }

        private static bool IsField(byte[] line, int offset, int length, string name)
        {
            if (length != name.Length) return false;
            for (var k = 0; k < length; k++)
            {
                if (line[offset + k] != (byte)name[k]) return false;
            }
            return true;
        }

        private static int? ParseInt(byte[] line, int offset, int length)
        {
            var value = 0;
            var digits = 0;
            for (var k = offset; k < offset + length; k++)
            {
                var b = line[k];
                if (b == (byte)' ') continue;
                if (b < (byte)'0' || b > (byte)'9') break;
                value = value * 10 + (b - '0');
                digits++;
            }
            return digits == 0 ? (int?)null : value;
        }
    }
}
