namespace DashScope.Requests
{
    /// <summary>A source text and how to translate it: a term (-Term) or a translation-memory entry (-TranslationMemory).</summary>
    public sealed class TranslationTerm
    {
        public TranslationTerm(string source, string target)
        {
            Source = source;
            Target = target;
        }

        public string Source { get; }

        public string Target { get; }

        public override string ToString() => Source + " → " + Target;
    }
}
