using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DashScope.Json;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Media
{
    /// <summary>Turns a generation result into the vision, speech and OCR result objects.</summary>
    public static class MultimodalResults
    {
        public static QwenVisionResult Vision(QwenChatResult result, IList<MediaInput> media, string? prompt) => new QwenVisionResult
        {
            Text = result.Text,
            Prompt = prompt,
            File = media.Count == 0 ? null : string.Join(", ", media.Select(item => item.DisplayName)),
            Media = media.Select(item => item.Value.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? item.DisplayName : item.Value).ToList(),
            Model = result.Model,
            Usage = result.Usage,
            RequestId = result.RequestId,
            FinishReason = result.FinishReason,
            Reasoning = result.Reasoning,
            History = result.History,
            Streamed = result.Streamed,
            Completed = result.Completed,
            Duration = result.Duration,
        };

        public static QwenTranscript Transcript(QwenChatResult result, MediaInput audio, string? prompt)
        {
            string? language = null, emotion = null;
            if (result.Annotations != null)
            {
                foreach (var annotation in result.Annotations)
                {
                    if (!string.Equals(Text(annotation, "type"), "audio_info", StringComparison.Ordinal)) continue;
                    language = Text(annotation, "language") ?? language;
                    emotion = Text(annotation, "emotion") ?? emotion;
                }
            }
            return new QwenTranscript
            {
                File = audio.DisplayName,
                Path = audio.Location == MediaLocation.DataUri ? null : audio.Value,
                Text = result.Text,
                Language = language,
                Emotion = emotion,
                Seconds = result.Usage?.Seconds,
                FinishReason = result.FinishReason,
                RequestId = result.RequestId,
                Model = result.Model,
                Prompt = prompt,
                Usage = result.Usage,
                Duration = result.Duration,
            };
        }

        public static QwenOcrResult Ocr(QwenChatResult result, MediaInput image, OcrTask? task)
        {
            var ocr = new QwenOcrResult
            {
                File = image.DisplayName,
                Path = image.Location == MediaLocation.DataUri ? null : image.Value,
                Task = task?.ToString(),
                Text = result.Text,
                Model = result.Model,
                Usage = result.Usage,
                FinishReason = result.FinishReason,
                RequestId = result.RequestId,
                Raw = result.OcrResult,
                Duration = result.Duration,
            };
            if (result.OcrResult != null && result.OcrResult.TryGetValue("kv_result", out var kv) && kv is IDictionary<string, object?> fields)
                ocr.Fields = fields;
            else if (task == OcrTask.KeyInformationExtraction)
                ocr.Fields = JsonFromText(result.Text) as IDictionary<string, object?>;

            if (result.OcrResult != null && result.OcrResult.TryGetValue("words_info", out var info) && info is IList<object?> words)
            {
                foreach (var item in words)
                {
                    if (item is IDictionary<string, object?> word) ocr.Words.Add(Word(word, ocr.File));
                }
            }
            return ocr;
        }

        private static QwenOcrWord Word(IDictionary<string, object?> word, string? file)
        {
            var result = new QwenOcrWord { Text = Text(word, "text") ?? string.Empty, File = file };
            var location = Numbers(word, "location");
            for (var i = 0; i + 1 < location.Count; i += 2) result.Location.Add(new QwenPoint(location[i], location[i + 1]));
            var rect = Numbers(word, "rotate_rect");
            if (rect.Count >= 5)
                result.RotateRect = new QwenRotatedRect { CenterX = rect[0], CenterY = rect[1], Width = rect[2], Height = rect[3], Angle = rect[4] };
            return result;
        }

        private static List<double> Numbers(IDictionary<string, object?> map, string key)
        {
            var numbers = new List<double>();
            if (map.TryGetValue(key, out var value) && value is IList<object?> list)
            {
                foreach (var item in list)
                {
                    if (item is long whole) numbers.Add(whole);
                    else if (item is double real) numbers.Add(real);
                }
            }
            return numbers;
        }

        private static string? Text(IDictionary<string, object?> map, string key) =>
            map.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

        /// <summary>The JSON inside a ```json fence (or the whole text), as plain values; null when it is not JSON.</summary>
        public static object? JsonFromText(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var match = Regex.Match(text, "```(?:json)?\\s*(?<body>[\\s\\S]*?)```");
            var body = match.Success ? match.Groups["body"].Value : text;
            try
            {
                using (var document = JsonDocument.Parse(body))
                {
                    return document.RootElement.ToPlainValue();
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>
        /// The rows of the HTML tables in a table-parsing answer: the first row of each table names the columns
        /// (blank or repeated names get Column N / a number), every later row is one list of (column, cell text).
        /// </summary>
        public static IList<IList<KeyValuePair<string, string>>> TableRows(string html)
        {
            var rows = new List<IList<KeyValuePair<string, string>>>();
            foreach (Match table in Regex.Matches(html ?? string.Empty, "<table\\b[^>]*>(?<body>[\\s\\S]*?)</table>", RegexOptions.IgnoreCase))
            {
                List<string>? header = null;
                foreach (Match row in Regex.Matches(table.Groups["body"].Value, "<tr\\b[^>]*>(?<cells>[\\s\\S]*?)</tr>", RegexOptions.IgnoreCase))
                {
                    var cells = new List<string>();
                    foreach (Match cell in Regex.Matches(row.Groups["cells"].Value, "<t[hd]\\b(?<attributes>[^>]*)>(?<text>[\\s\\S]*?)</t[hd]>", RegexOptions.IgnoreCase))
                    {
                        var text = WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(cell.Groups["text"].Value, "<br\\s*/?>", " ", RegexOptions.IgnoreCase), "<[^>]+>", string.Empty)).Trim();
                        var span = Regex.Match(cell.Groups["attributes"].Value, "colspan\\s*=\\s*\"?(?<n>\\d+)", RegexOptions.IgnoreCase);
                        var count = span.Success ? Math.Max(1, Math.Min(50, int.Parse(span.Groups["n"].Value, CultureInfo.InvariantCulture))) : 1;
                        for (var i = 0; i < count; i++) cells.Add(text);
                    }
                    if (header == null)
                    {
                        header = UniqueNames(cells);
                        continue;
                    }
                    var values = new List<KeyValuePair<string, string>>();
                    for (var i = 0; i < Math.Max(header.Count, cells.Count); i++)
                    {
                        if (i >= header.Count) header.Add("Column" + (i + 1).ToString(CultureInfo.InvariantCulture));
                        values.Add(new KeyValuePair<string, string>(header[i], i < cells.Count ? cells[i] : string.Empty));
                    }
                    rows.Add(values);
                }
            }
            return rows;
        }

        private static List<string> UniqueNames(List<string> cells)
        {
            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < cells.Count; i++)
            {
                var name = string.IsNullOrWhiteSpace(cells[i]) ? "Column" + (i + 1).ToString(CultureInfo.InvariantCulture) : cells[i];
                var unique = name;
                for (var n = 2; !seen.Add(unique); n++) unique = name + n.ToString(CultureInfo.InvariantCulture);
                names.Add(unique);
            }
            return names;
        }
    }
}
