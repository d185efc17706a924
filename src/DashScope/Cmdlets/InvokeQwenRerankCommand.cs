using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DashScope.Catalog;
using DashScope.Completion;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Orders texts, files or any objects by how relevant they are to a query.</summary>
    /// <remarks>
    /// <para>
    /// Invoke-QwenRerank sends a query and the piped documents to a DashScope rerank model (default gte-rerank-v2) and
    /// writes the piped objects themselves, most relevant first, each with two properties added: Score (the model's
    /// relevance score, from 0 to 1) and Rank (1 for the most relevant). So the objects keep everything they had: files
    /// stay files, CSV rows stay rows.
    /// </para>
    /// <para>
    /// INPUT. Strings are documents as they are. For objects, -Property names the property that holds the text; for
    /// files from Get-ChildItem, -Property Content reads each file, so Get-ChildItem *.md | Invoke-QwenRerank -Query
    /// 'backup' -Property Content ranks the files by their content. An empty text, or an object without the property,
    /// is an error for that input; the others are ranked.
    /// </para>
    /// <para>
    /// All documents are gathered and ranked together once the input ends: as many per call as the model takes (500
    /// for gte-rerank-v2 and qwen3-rerank, from the module's model catalog; more documents take several calls whose
    /// scores are merged). -Top N writes only the N most relevant. -Instruct tells the model the ranking task in English.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>'The backup job failed', 'Lunch is at noon', 'Restore the backup from Monday' | Invoke-QwenRerank -Query 'backup problems'</code>
    /// <para>Ranks three sentences by relevance; each string comes back with Score and Rank.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem *.md | Invoke-QwenRerank -Query 'What changed in the last release?' -Property Content -Top 1 | Select-Object Name, Rank, Score</code>
    /// <para>Finds the Markdown file that answers the question best: -Property Content reads each file.</para>
    /// </example>
    /// <example>
    /// <code>Import-Csv ./questions.csv | Invoke-QwenRerank -Query 'network addresses' -Property Prompt | Format-Table Rank, Score, Prompt</code>
    /// <para>Ranks CSV rows by one of their columns; the rows keep all their columns.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "QwenRerank")]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeQwenRerankCommand : DashScopeCmdlet
    {
        private readonly List<(object Input, string Text)> _documents = new List<(object, string)>();

        /// <summary>What the documents are ranked by: a question or a search phrase.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Query { get; set; }

        /// <summary>The documents to rank (strings, or objects whose text -Property names); usually piped.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [Alias("Document")]
        [AllowEmptyString]
        public object[]? InputObject { get; set; }

        /// <summary>The property (or hashtable key) of piped objects that holds the text; for files, Content reads the file.</summary>
        [Parameter]
        public string? Property { get; set; }

        /// <summary>Writes only this many of the most relevant documents (top_n).</summary>
        [Parameter]
        [Alias("First")]
        [ValidateRange(1, int.MaxValue)]
        public int? Top { get; set; }

        /// <summary>The rerank model; tab completion suggests the catalog's rerank models, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(RerankModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.Default.DefaultModel("rerank");

        /// <summary>The ranking task in English (instruct), e.g. 'Retrieve semantically similar text.'</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Instruct { get; set; }

        /// <summary>
        /// Request parameters the cmdlet has no parameter for, sent as given in the parameters of the request. A key here
        /// overrides the matching cmdlet parameter.
        /// </summary>
        [Parameter]
        [Alias("Parameters")]
        public Hashtable? AdditionalParameters { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var input in InputObject ?? Array.Empty<object>())
            {
                string text;
                try
                {
                    text = InputText.Of(input, Property);
                }
                catch (DashScopeException invalid)
                {
                    WriteError(ErrorRecords.From(invalid, input));
                    continue;
                }
                if (string.IsNullOrWhiteSpace(text))
                {
                    WriteError(ErrorRecords.InvalidInput("An input is an empty text; there is nothing to rank in it.", "EmptyText", input));
                    continue;
                }
                _documents.Add((input, text));
            }
        }

        protected override void EndProcessing()
        {
            if (_documents.Count == 0) return;
            var client = CreateClient(ResolveSettings());
            var perCall = ModelCatalog.Default.Find(Model).MaxDocuments ?? _documents.Count;
            var ranked = new List<(int Index, double Score)>(_documents.Count);
            for (var start = 0; start < _documents.Count; start += perCall)
            {
                var count = Math.Min(perCall, _documents.Count - start);
                var request = new RerankRequest
                {
                    Model = Model,
                    Query = Query!,
                    Documents = _documents.Skip(start).Take(count).Select(document => document.Text).ToList(),
                    TopN = Top.HasValue ? Math.Min(Top.Value, count) : (int?)null,
                    Instruct = Instruct,
                };
                PowerShellValue.CopyInto(AdditionalParameters, request.AdditionalParameters);
                QwenRerankResult result;
                try
                {
                    result = Await(client.SendAsync(request, StopToken));
                }
                catch (DashScopeException failure)
                {
                    // Nothing can be ranked without every call's scores.
                    ThrowTerminatingError(ErrorRecords.From(failure, Query));
                    return;
                }
                foreach (var item in result.Results)
                {
                    if (item.Index >= 0 && item.Index < count) ranked.Add((start + item.Index, item.RelevanceScore));
                }
            }

            var rank = 0;
            foreach (var (index, score) in ranked.OrderByDescending(item => item.Score).ThenBy(item => item.Index).Take(Top ?? int.MaxValue))
            {
                var shown = PSObject.AsPSObject(_documents[index].Input);
                SetNote(shown, "Score", score);
                SetNote(shown, "Rank", ++rank);
                WriteObject(shown);
            }
        }

        private static void SetNote(PSObject target, string name, object value)
        {
            target.Properties.Remove(name);
            target.Properties.Add(new PSNoteProperty(name, value));
        }
    }
}
