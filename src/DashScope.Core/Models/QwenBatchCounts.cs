namespace DashScope.Models
{
    /// <summary>request_counts of a batch: its lines, and how many have succeeded and failed so far.</summary>
    public sealed class QwenBatchCounts
    {
        public int Total { get; set; }
        public int Completed { get; set; }
        public int Failed { get; set; }

        public override string ToString() => Completed + "/" + Total + (Failed > 0 ? ", " + Failed + " failed" : string.Empty);
    }
}
