namespace DashScope.Models
{
    /// <summary>Subtask counts of a task (task_metrics), e.g. one per requested image.</summary>
    public sealed class QwenTaskMetrics
    {
        public int Total { get; set; }

        public int Succeeded { get; set; }

        public int Failed { get; set; }

        public override string ToString() => Succeeded + "/" + Total + " succeeded" + (Failed > 0 ? ", " + Failed + " failed" : string.Empty);
    }
}
