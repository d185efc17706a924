using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using DashScope.Json;

namespace DashScope.Batches
{
    /// <summary>
    /// The local folder of batch work (~/.dashscope/batches by default): the input files this module writes, one manifest
    /// per submitted batch, and the output and error files downloaded for it, named &lt;batch id&gt;.input.jsonl,
    /// &lt;batch id&gt;.json, &lt;batch id&gt;.output.jsonl and &lt;batch id&gt;.errors.jsonl. A new session finds a batch's
    /// input here by its id alone.
    /// </summary>
    public sealed class BatchStore
    {
        public BatchStore(string folder)
        {
            if (string.IsNullOrWhiteSpace(folder)) throw new ArgumentException("A folder is needed.", nameof(folder));
            Folder = Path.GetFullPath(folder);
        }

        public string Folder { get; }

        /// <summary>~/.dashscope/batches of the current user (HOME, else USERPROFILE), beside the SDKs' ~/.dashscope/api_key.</summary>
        public static BatchStore ForCurrentUser()
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home)) home = Environment.GetEnvironmentVariable("USERPROFILE");
            if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return new BatchStore(Path.Combine(home!, ".dashscope", "batches"));
        }

        /// <summary>Where new input files are written before their batch exists.</summary>
        public string DraftFolder => Path.Combine(Folder, "drafts");

        public string InputPathFor(string batchId) => Path.Combine(Folder, Safe(batchId) + ".input.jsonl");

        public static string OutputPath(string folder, string batchId) => Path.Combine(folder, Safe(batchId) + ".output.jsonl");

        public static string ErrorsPath(string folder, string batchId) => Path.Combine(folder, Safe(batchId) + ".errors.jsonl");

        private string ManifestPath(string batchId) => Path.Combine(Folder, Safe(batchId) + ".json");

        /// <summary>Records a submitted batch; an input part this module wrote moves into the store under the batch's id.</summary>
        public BatchManifest Remember(string batchId, BatchInputPart part)
        {
            Directory.CreateDirectory(Folder);
            var input = part.Path;
            if (part.Owned)
            {
                input = InputPathFor(batchId);
                File.Move(part.Path, input);
                part.Path = input;
            }
            var manifest = new BatchManifest
            {
                BatchId = batchId,
                Endpoint = part.Url,
                InputPath = input,
                InputOwned = part.Owned,
                Lines = part.Lines,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            File.WriteAllBytes(ManifestPath(batchId), JsonText.ToUtf8(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("batch_id", manifest.BatchId);
                writer.WriteString("endpoint", manifest.Endpoint);
                writer.WriteString("input_path", manifest.InputPath);
                writer.WriteBoolean("input_owned", manifest.InputOwned);
                writer.WriteNumber("lines", manifest.Lines);
                writer.WriteString("created_at", manifest.CreatedAt);
                writer.WriteEndObject();
            }, indented: true));
            return manifest;
        }

        /// <summary>The manifest of a batch submitted from this machine; null when there is none (or it cannot be read).</summary>
        public BatchManifest? Find(string batchId)
        {
            var path = ManifestPath(batchId);
            if (!File.Exists(path)) return null;
            try
            {
                using (var document = JsonDocument.Parse(File.ReadAllBytes(path)))
                {
                    var root = document.RootElement;
                    return new BatchManifest
                    {
                        BatchId = root.GetStringOrNull("batch_id") ?? batchId,
                        Endpoint = root.GetStringOrNull("endpoint") ?? string.Empty,
                        InputPath = root.GetStringOrNull("input_path"),
                        InputOwned = root.TryGet("input_owned", out var owned) && owned.ValueKind == JsonValueKind.True,
                        Lines = root.GetIntOrNull("lines") ?? 0,
                        CreatedAt = root.TryGet("created_at", out var created) && created.TryGetDateTimeOffset(out var time) ? time : default,
                    };
                }
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is JsonException)
            {
                return null;
            }
        }

        /// <summary>
        /// Deletes what the store keeps of a batch: its manifest, its input when the store wrote it, and results downloaded
        /// into the store; returns the paths deleted.
        /// </summary>
        public IReadOnlyList<string> Forget(string batchId)
        {
            var deleted = new List<string>();
            var manifest = Find(batchId);
            var paths = new List<string> { OutputPath(Folder, batchId), ErrorsPath(Folder, batchId), ManifestPath(batchId) };
            if (manifest != null && manifest.InputOwned && manifest.InputPath != null) paths.Insert(0, manifest.InputPath);
            foreach (var path in paths)
            {
                if (!File.Exists(path)) continue;
                BatchInputWriter.TryDelete(path);
                deleted.Add(path);
            }
            return deleted;
        }

        /// <summary>A batch id as a file name: the service's ids are safe; anything else is made so.</summary>
        private static string Safe(string batchId)
        {
            var name = batchId.Trim();
            foreach (var invalid in Path.GetInvalidFileNameChars()) name = name.Replace(invalid, '_');
            return name.Length == 0 ? "_" : name;
        }
    }
}
