namespace DashScope.Interactive
{
    /// <summary>What reading the prompt of a console conversation gave.</summary>
    internal enum ChatLineKind
    {
        /// <summary>A line of text (possibly empty).</summary>
        Text,
        /// <summary>The input ended: Ctrl+D on an empty line, or the end of redirected input.</summary>
        EndOfInput,
        /// <summary>Ctrl+C at the prompt.</summary>
        Interrupt,
    }
}
