namespace DashScope.Cmdlets
{
    /// <summary>
    /// Activity ids of the progress bars a worker shows for its own input: one per input and kind of bar, so the bars
    /// of inputs running at once (-ThrottleLimit) never share an id. The command-wide bars use ids below these.
    /// </summary>
    internal static class InputProgressIds
    {
        private const int First = 0x5154;

        public const int Task = 0;
        public const int Request = 1;
        public const int Download = 2;

        public static int For(int kind, int inputIndex) => First + 3 * (inputIndex % 10000) + kind;
    }
}
