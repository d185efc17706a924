namespace DashScope.Conversations
{
    /// <summary>The commands of a console conversation (typed as /name at its prompt).</summary>
    public enum ChatCommandKind
    {
        Help,
        Exit,
        Clear,
        Model,
        System,
        Retry,
        Undo,
        Save,
        Load,
        Copy,
        Usage,
        File,
    }
}
