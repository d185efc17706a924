namespace DashScope.Conversations
{
    /// <summary>One command of a console conversation as /help lists it: its name, its argument and what it does.</summary>
    public sealed class ChatCommandInfo
    {
        internal ChatCommandInfo(ChatCommandKind kind, string name, string? argument, bool argumentRequired, string description)
        {
            Kind = kind;
            Name = name;
            Argument = argument;
            ArgumentRequired = argumentRequired;
            Description = description;
        }

        public ChatCommandKind Kind { get; }

        /// <summary>The name with its slash, e.g. /model.</summary>
        public string Name { get; }

        /// <summary>What the argument is (NAME, PATH, TEXT), or null when the command takes none.</summary>
        public string? Argument { get; }

        /// <summary>True when the command cannot run without its argument.</summary>
        public bool ArgumentRequired { get; }

        public string Description { get; }

        /// <summary>How the command is typed, e.g. "/model [NAME]".</summary>
        public string Usage => Argument == null ? Name : Name + " " + (ArgumentRequired ? Argument : "[" + Argument + "]");

        public override string ToString() => Usage;
    }
}
