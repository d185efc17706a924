using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using DashScope.Json;
using DashScope.Requests;

namespace DashScope.Batches
{
    /// <summary>
    /// Writes Batch API input lines ({"custom_id", "method", "url", "body"}) straight to disk, one line at a time: the body
    /// of each is what the synchronous OpenAI-compatible call would send. A new file starts when the next line would go
    /// over the service's per-file limits or changes the model (the service runs one model, and one thinking mode, per
    /// file). Lines are numbered 1, 2, … across the files, in input order, as their custom_id; a caller that skips inputs
    /// may number a line by its input's position instead, so its result keeps that position.
    /// </summary>
    public sealed class BatchInputWriter : IDisposable
    {
        private const byte NewLine = (byte)'\n';

        private readonly string _folder;
        private readonly BatchLimits _limits;
        private readonly string _stem = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly List<BatchInputPart> _parts = new List<BatchInputPart>();
        private readonly MemoryStream _line = new MemoryStream();
        private readonly Utf8JsonWriter _writer;
        private FileStream? _file;
        private string? _path;
        private string? _url;
        private string? _model;
        private bool? _thinking;
        private long _lastId;
        private int _partLines;
        private long _partBytes;
        private bool _completed;

        public BatchInputWriter(string folder, BatchLimits? limits = null)
        {
            _folder = folder ?? throw new ArgumentNullException(nameof(folder));
            _limits = limits ?? BatchLimits.Service;
            _writer = new Utf8JsonWriter(_line, JsonText.WriterOptions);
        }

        /// <summary>Lines written so far, over all files.</summary>
        public int Lines { get; private set; }

        /// <summary>Bytes written so far, over all files.</summary>
        public long Bytes { get; private set; }

        /// <summary>Adds a chat request; returns its custom_id. Throws InvalidInput (nothing written) for a request that cannot be a line.</summary>
        public string Add(ChatRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            return Add(CompatibleChatRequestBuilder.BatchUrl, request.Model, request.ThinkingAsSent,
                writer => CompatibleChatRequestBuilder.Write(writer, request, stream: false, dashScope: true));
        }

        /// <summary>
        /// Adds an embedding request; returns its custom_id: <paramref name="inputIndex"/> + 1 when given (the position of
        /// its input among all the inputs, from 0, past the last line's), else the next number. Throws InvalidInput (nothing
        /// written) for a request that cannot be a line.
        /// </summary>
        public string Add(CompatibleEmbeddingRequest request, long? inputIndex = null)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (inputIndex.HasValue && inputIndex.Value + 1 <= _lastId)
                throw new ArgumentOutOfRangeException(nameof(inputIndex), "Input positions must increase: " + inputIndex.Value + " follows custom_id " + _lastId + ".");
            request.Validate();
            return Add(CompatibleEmbeddingRequest.BatchUrl, request.Model, null, request.WriteBody, inputIndex + 1);
        }

        /// <summary>Copies a line of a file made elsewhere as it is (its custom_id kept).</summary>
        public void AddLine(ArraySegment<byte> line, string url, string model)
        {
            CheckOpen();
            if (line.Count > _limits.MaximumLineBytes) throw LineTooLong(line.Count, (Lines + 1).ToString(CultureInfo.InvariantCulture));
            Append(line, url, model, null);
        }

        private string Add(string url, string model, bool? thinking, Action<Utf8JsonWriter> writeBody, long? number = null)
        {
            CheckOpen();
            var id = number ?? _lastId + 1;
            var customId = id.ToString(CultureInfo.InvariantCulture);
            _line.SetLength(0);
            _writer.Reset(_line);
            _writer.WriteStartObject();
            _writer.WriteString("custom_id", customId);
            _writer.WriteString("method", "POST");
            _writer.WriteString("url", url);
            _writer.WritePropertyName("body");
            writeBody(_writer);
            _writer.WriteEndObject();
            _writer.Flush();
            if (_line.Length > _limits.MaximumLineBytes) throw LineTooLong(_line.Length, customId);
            Append(new ArraySegment<byte>(_line.GetBuffer(), 0, (int)_line.Length), url, model, thinking);
            _lastId = id;
            return customId;
        }

        private void Append(ArraySegment<byte> line, string url, string model, bool? thinking)
        {
            var size = line.Count + 1;
            if (_file != null && (_partLines + 1 > _limits.MaximumLines || _partBytes + size > _limits.MaximumBytes ||
                                  url != _url || model != _model || thinking != _thinking)) ClosePart();
            if (_file == null)
            {
                Directory.CreateDirectory(_folder);
                _path = Path.Combine(_folder, _stem + "-" + (_parts.Count + 1).ToString(CultureInfo.InvariantCulture) + ".jsonl");
                _file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
                _url = url;
                _model = model;
                _thinking = thinking;
            }
            _file.Write(line.Array!, line.Offset, line.Count);
            _file.WriteByte(NewLine);
            _partLines++;
            _partBytes += size;
            Lines++;
            Bytes += size;
        }

        /// <summary>Closes the last file and returns all of them, in input order.</summary>
        public IReadOnlyList<BatchInputPart> Complete()
        {
            if (!_completed)
            {
                ClosePart();
                _completed = true;
            }
            return _parts;
        }

        /// <summary>
        /// Deletes the files written that are still where this writer put them (nothing sent: -WhatIf, a stop before the
        /// upload); a file a submitted batch took into the store stays.
        /// </summary>
        public void Discard()
        {
            Complete();
            var folder = Path.GetFullPath(_folder);
            foreach (var part in _parts)
            {
                if (string.Equals(Path.GetDirectoryName(Path.GetFullPath(part.Path)), folder, StringComparison.Ordinal)) TryDelete(part.Path);
            }
        }

        private void ClosePart()
        {
            if (_file == null) return;
            _file.Dispose();
            _file = null;
            _parts.Add(new BatchInputPart(_path!, _url!, _partLines, _partBytes, owned: true));
            _partLines = 0;
            _partBytes = 0;
        }

        private void CheckOpen()
        {
            if (_completed) throw new InvalidOperationException("The batch input is complete.");
        }

        private DashScopeException LineTooLong(long bytes, string customId) =>
            new DashScopeException(DashScopeErrorKind.InvalidInput, string.Format(CultureInfo.InvariantCulture,
                "Request {0} is {1:0.0} MB as a batch line; the Batch API takes lines of at most {2:0.#} MB. Send it on its own, without -AsBatch.",
                customId, bytes / 1048576.0, _limits.MaximumLineBytes / 1048576.0));

        internal static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                // Best effort: a leftover file in the batch folder does no harm.
            }
        }

        public void Dispose()
        {
            _file?.Dispose();
            _file = null;
            _writer.Dispose();
            _line.Dispose();
        }
    }
}
