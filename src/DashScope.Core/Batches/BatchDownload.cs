namespace DashScope.Batches
{
    /// <summary>Where a batch's result files are on this machine, and how many bytes had to be downloaded for them.</summary>
    public sealed class BatchDownload
    {
        /// <summary>The output file (the lines that succeeded); null when the batch has none.</summary>
        public string? OutputPath { get; set; }

        /// <summary>The error file (the lines that failed); null when the batch has none.</summary>
        public string? ErrorsPath { get; set; }

        /// <summary>0 when both were already there.</summary>
        public long DownloadedBytes { get; set; }
    }
}
