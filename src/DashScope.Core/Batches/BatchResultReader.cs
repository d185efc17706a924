using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;

namespace DashScope.Batches
{
    /// <summary>
    /// Turns a batch's downloaded output and error files back into what synchronous calls would have written, in input
    /// order (the service writes results in any order). The result files are indexed first (each line's custom_id and
    /// position: a few bytes per line), then the input is read in order and each line's result read where it lies, so
    /// neither file is ever held in memory. Without the input file, results come in custom_id order when all are numbers.
    /// </summary>
    public sealed class BatchResultReader
    {
        private const byte OutputFile = 1;
        private const byte ErrorFile = 2;

        private readonly string _batchId;
        private readonly string _endpoint;
        private readonly string? _inputPath;
        private readonly string? _outputPath;
        private readonly string? _errorsPath;
        private readonly string? _terminalStatus;
        private byte[] _resultBuffer = new byte[16 * 1024];

        /// <param name="inputPath">The batch's input file, when this machine has it.</param>
        /// <param name="terminalStatus">How the batch ended (completed, cancelled, expired), named in the errors of lines without a result.</param>
        public BatchResultReader(string batchId, string endpoint, string? inputPath, string? outputPath, string? errorsPath, string? terminalStatus = null)
        {
            _batchId = batchId;
            _endpoint = endpoint;
            _inputPath = inputPath != null && File.Exists(inputPath) ? inputPath : null;
            _outputPath = outputPath != null && File.Exists(outputPath) ? outputPath : null;
            _errorsPath = errorsPath != null && File.Exists(errorsPath) ? errorsPath : null;
            _terminalStatus = terminalStatus;
        }

        /// <summary>True when the input is here, so results carry their input and come in its order.</summary>
        public bool HasInput => _inputPath != null;

        private struct Slot
        {
            public byte File;
            public int Length;
            public long Offset;
        }

        /// <summary>Every line's outcome, in input order. <paramref name="raw"/>: the result lines as written, not decoded.</summary>
        public IEnumerable<BatchLineResult> Read(bool raw)
        {
            using (var output = Open(_outputPath, random: true))
            using (var errors = Open(_errorsPath, random: true))
            {
                Dictionary<string, int>? positions = null;
                Slot[] slots = Array.Empty<Slot>();
                if (_inputPath != null)
                {
                    positions = IndexInput();
                    slots = new Slot[positions.Count];
                }
                var unmatched = new List<KeyValuePair<string, Slot>>();
                IndexResults(output, OutputFile, positions, slots, unmatched);
                IndexResults(errors, ErrorFile, positions, slots, unmatched);

                if (_inputPath != null)
                {
                    using (var input = Open(_inputPath, random: false)!)
                    {
                        var reader = new JsonLineReader(input, int.MaxValue - 64);
                        var position = 0;
                        while (reader.TryRead(out var line, out _))
                        {
                            if (JsonLineReader.IsBlank(line)) continue;
                            if (position >= slots.Length) break;
                            yield return Produce(position + 1, line, slots[position], output, errors, raw);
                            position++;
                        }
                    }
                }
                foreach (var entry in Ordered(unmatched)) yield return Produce(0, null, entry.Value, output, errors, raw, entry.Key);
            }
        }

        /// <summary>custom_id → position of each input line.</summary>
        private Dictionary<string, int> IndexInput()
        {
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            using (var input = Open(_inputPath, random: false)!)
            {
                var reader = new JsonLineReader(input, int.MaxValue - 64);
                while (reader.TryRead(out var line, out _))
                {
                    if (JsonLineReader.IsBlank(line)) continue;
                    var customId = CustomIdOf(line) ?? string.Empty;
                    if (!positions.ContainsKey(customId)) positions[customId] = positions.Count;
                }
            }
            return positions;
        }

        private static void IndexResults(FileStream? file, byte kind, Dictionary<string, int>? positions, Slot[] slots, List<KeyValuePair<string, Slot>> unmatched)
        {
            if (file == null) return;
            var reader = new JsonLineReader(file, int.MaxValue - 64);
            while (reader.TryRead(out var line, out var offset))
            {
                if (JsonLineReader.IsBlank(line)) continue;
                var slot = new Slot { File = kind, Offset = offset, Length = line.Count };
                var customId = CustomIdOf(line) ?? string.Empty;
                if (positions != null && positions.TryGetValue(customId, out var position))
                {
                    // A line in both files keeps its output (the first seen).
                    if (slots[position].File == 0) slots[position] = slot;
                }
                else
                {
                    unmatched.Add(new KeyValuePair<string, Slot>(customId, slot));
                }
            }
        }

        /// <summary>Results without a known input line: by custom_id when all are numbers (as this module numbers them), else as found.</summary>
        private static IEnumerable<KeyValuePair<string, Slot>> Ordered(List<KeyValuePair<string, Slot>> unmatched)
        {
            var numbers = new long[unmatched.Count];
            for (var i = 0; i < unmatched.Count; i++)
            {
                if (!long.TryParse(unmatched[i].Key, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return unmatched;
            }
            return unmatched.Select((entry, i) => (entry, number: numbers[i])).OrderBy(pair => pair.number).Select(pair => pair.entry);
        }

        private BatchLineResult Produce(int lineNumber, ArraySegment<byte>? inputLine, Slot slot, FileStream? output, FileStream? errors, bool raw, string? knownId = null)
        {
            JsonDocument? input = inputLine.HasValue ? Parse(inputLine.Value) : null;
            using (input)
            {
                var root = input?.RootElement;
                var customId = knownId ?? (root.HasValue ? root.Value.GetStringOrNull("custom_id") : null) ?? string.Empty;
                var body = root.HasValue && root.Value.TryGet("body", out var b) ? b : default;
                var result = new BatchLineResult { Line = lineNumber, CustomId = customId };
                // The request is read once: for the result's Input, and again for its conversation or texts.
                var request = new LineRequest(body);
                result.Input = request.Input ?? customId;
                if (slot.File == 0)
                {
                    result.Error = new DashScopeException(DashScopeErrorKind.Service,
                        "Batch " + _batchId + " has no result for " + Where(result) + (_terminalStatus == null ? "." : ": it ended " + _terminalStatus + " before the line ran."),
                        404, "NoBatchResult", null, null) { ErrorId = "NoBatchResult" };
                    return result;
                }
                var bytes = ReadSlot(slot, slot.File == OutputFile ? output! : errors!);
                if (raw)
                {
                    result.Raw = Encoding.UTF8.GetString(bytes, 0, slot.Length);
                    return result;
                }
                using (var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(bytes, 0, slot.Length)))
                {
                    Decode(document.RootElement, body, request, result);
                }
                return result;
            }
        }

        private void Decode(JsonElement line, JsonElement inputBody, LineRequest request, BatchLineResult result)
        {
            line.TryGet("response", out var response);
            var status = response.GetIntOrNull("status_code");
            var requestId = response.GetStringOrNull("request_id") ?? line.GetStringOrNull("id");
            response.TryGet("body", out var body);
            if (line.TryGet("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                result.Error = Failure(result, status, error.GetStringOrNull("code") ?? error.GetStringOrNull("error_code"), null,
                    error.GetStringOrNull("message") ?? error.GetStringOrNull("error_message"), requestId);
                return;
            }
            if ((status.HasValue && status.Value != 200) || body.ValueKind != JsonValueKind.Object || body.TryGet("error", out _))
            {
                var bodyError = body.TryGet("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : body;
                result.Error = Failure(result, status, bodyError.GetStringOrNull("code"), bodyError.GetStringOrNull("type"), bodyError.GetStringOrNull("message"), requestId);
                return;
            }
            try
            {
                result.Value = _endpoint == CompatibleEmbeddingRequest.BatchUrl ? DecodeEmbeddings(result.CustomId, inputBody, request.Texts ?? TextsOf(inputBody), body, requestId)
                    : DecodeChat(inputBody, request.Messages ?? new List<QwenChatMessage>(), body, requestId);
            }
            catch (InvalidOperationException exception)
            {
                result.Error = new DashScopeException(DashScopeErrorKind.Protocol, "The result of " + Where(result) + " of batch " + _batchId + " cannot be read: " + exception.Message, exception);
            }
            catch (DashScopeException exception)
            {
                result.Error = exception;
            }
        }

        private static QwenChatResult DecodeChat(JsonElement inputBody, List<QwenChatMessage> messages, JsonElement body, string? requestId)
        {
            var model = inputBody.GetStringOrNull("model") ?? body.GetStringOrNull("model") ?? string.Empty;
            var accumulator = new ChatAccumulator();
            accumulator.Add(CompatibleChunkDecoder.Decode(body, requestId));
            var result = accumulator.ToResult(model, messages, completed: true);
            result.Prompt = PromptOf(messages);
            if (result.RequestId == null) result.RequestId = requestId;
            return result;
        }

        /// <summary>
        /// The embeddings of a line as Get-QwenEmbedding writes them, each carrying its text as its input: one
        /// <see cref="QwenEmbedding"/> for a line of one text, whose Index is its input's position when the custom_id is a
        /// whole number (custom_id − 1, as -AsBatch numbers lines); an array for a line of several texts (a file made
        /// elsewhere), Index being each text's place in its line.
        /// </summary>
        private static object DecodeEmbeddings(string customId, JsonElement inputBody, IList<string> texts, JsonElement body, string? requestId)
        {
            var request = new CompatibleEmbeddingRequest { Model = inputBody.GetStringOrNull("model") ?? body.GetStringOrNull("model") ?? string.Empty, Texts = texts };
            var embeddings = request.Decode(body, requestId).Embeddings;
            foreach (var embedding in embeddings) embedding.InputObject = embedding.Text;
            if (embeddings.Count != 1) return embeddings.ToArray();
            if (long.TryParse(customId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 && number <= int.MaxValue)
                embeddings[0].Index = (int)(number - 1);
            return embeddings[0];
        }

        private DashScopeException Failure(BatchLineResult line, int? status, string? code, string? type, string? message, string? requestId)
        {
            var httpStatus = status.HasValue && status.Value != 200 ? status.Value : CompatibleChunkDecoder.StatusOf(type, code);
            code = string.IsNullOrEmpty(code) ? type ?? "BatchLineFailed" : code;
            var text = "Batch " + _batchId + ", " + Where(line) + ": " + httpStatus.ToString(CultureInfo.InvariantCulture) + " " + code +
                       (string.IsNullOrEmpty(message) ? string.Empty : ": " + message) + (requestId == null ? string.Empty : " (request id " + requestId + ")");
            return new DashScopeException(DashScopeErrorKind.Service, text, httpStatus, code, message, requestId);
        }

        private static string Where(BatchLineResult line) =>
            (line.Line > 0 ? "line " + line.Line.ToString(CultureInfo.InvariantCulture) + " " : string.Empty) + "(custom_id " + line.CustomId + ")";

        /// <summary>The last user message's text: the prompt a synchronous call would carry.</summary>
        private static string? PromptOf(List<QwenChatMessage> messages)
        {
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                if (messages[i].Role == "user") return messages[i].Content;
            }
            return null;
        }

        /// <summary>What a line's request body asked: its conversation (chat) or its texts (embeddings).</summary>
        private readonly struct LineRequest
        {
            public LineRequest(JsonElement body)
            {
                Messages = null;
                Texts = null;
                if (body.ValueKind != JsonValueKind.Object) return;
                if (body.TryGet("messages", out var messages)) Messages = CompatibleMessageReader.ReadAll(messages);
                else Texts = TextsOf(body);
            }

            public List<QwenChatMessage>? Messages { get; }

            public IList<string>? Texts { get; }

            /// <summary>What a synchronous call would carry as its input: the prompt, the text, or the texts.</summary>
            public object? Input =>
                Messages != null ? PromptOf(Messages) : Texts == null ? null : Texts.Count == 1 ? Texts[0] : (object)Texts.ToArray();
        }

        private static IList<string> TextsOf(JsonElement body)
        {
            var texts = new List<string>();
            if (!body.TryGet("input", out var input)) return texts;
            if (input.ValueKind == JsonValueKind.String) texts.Add(input.GetString()!);
            else if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var text in input.EnumerateArray())
                {
                    if (text.ValueKind == JsonValueKind.String) texts.Add(text.GetString()!);
                }
            }
            return texts;
        }

        private byte[] ReadSlot(Slot slot, FileStream file)
        {
            if (_resultBuffer.Length < slot.Length) _resultBuffer = new byte[Math.Max(slot.Length, _resultBuffer.Length * 2)];
            file.Seek(slot.Offset, SeekOrigin.Begin);
            var read = 0;
            while (read < slot.Length)
            {
                var count = file.Read(_resultBuffer, read, slot.Length - read);
                if (count == 0) throw new DashScopeException(DashScopeErrorKind.Protocol, "The result file " + file.Name + " changed while it was read.");
                read += count;
            }
            return _resultBuffer;
        }

        /// <summary>The custom_id of a line, read without parsing the rest of it.</summary>
        internal static string? CustomIdOf(ArraySegment<byte> line)
        {
            try
            {
                var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(line.Array, line.Offset, line.Count));
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isCustomId = reader.ValueTextEquals(CustomId);
                    if (!reader.Read()) return null;
                    if (isCustomId) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
            }
            catch (JsonException)
            {
                // Not JSON: no custom_id.
            }
            return null;
        }

        private static readonly byte[] CustomId = Encoding.UTF8.GetBytes("custom_id");

        private static JsonDocument? Parse(ArraySegment<byte> line)
        {
            try
            {
                return JsonDocument.Parse(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count));
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static FileStream? Open(string? path, bool random) =>
            path == null ? null : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, random ? 4096 : 64 * 1024,
                random ? FileOptions.RandomAccess : FileOptions.SequentialScan);
    }
}
