namespace DashScope.Batches
{
    /// <summary>One input file of a batch: where it is, what its lines call, and how much it holds.</summary>
    public sealed class BatchInputPart
    {
        public BatchInputPart(string path, string url, int lines, long bytes, bool owned)
        {
            Path = path;
            Url = url;
            Lines = lines;
            Bytes = bytes;
            Owned = owned;
        }

        /// <summary>The JSONL file.</summary>
        public string Path { get; internal set; }

        /// <summary>The url of every line (/v1/chat/completions, /v1/embeddings): the batch's endpoint.</summary>
        public string Url { get; }

        public int Lines { get; }

        public long Bytes { get; }

        /// <summary>True when this module wrote the file (it may move and delete it); false for a file the user gave.</summary>
        public bool Owned { get; }

        public override string ToString() => Path + " (" + Lines + " lines)";
    }
}
