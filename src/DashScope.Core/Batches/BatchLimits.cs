namespace DashScope.Batches
{
    /// <summary>
    /// What one Batch API input file may hold: 50,000 lines, 500 MB, 6 MB per line (protocol-services.md §12.2). Input over
    /// them is split into several files, one batch each.
    /// </summary>
    public sealed class BatchLimits
    {
        public static readonly BatchLimits Service = new BatchLimits();

        public int MaximumLines { get; set; } = 50000;

        public long MaximumBytes { get; set; } = 500L * 1024 * 1024;

        public int MaximumLineBytes { get; set; } = 6 * 1024 * 1024;
    }
}
