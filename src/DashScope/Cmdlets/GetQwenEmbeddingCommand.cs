using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DashScope.Batches;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Completion;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Turns texts into embedding vectors for semantic search, clustering and similarity.</summary>
    /// <remarks>
    /// <para>
    /// Get-QwenEmbedding sends texts to a DashScope text embedding model (default text-embedding-v4) and writes one
    /// QwenEmbedding per input, in input order: Index (the input's position, from 0), Text, Embedding (the vector, a
    /// float[]), InputObject (what was piped in), Model, Usage (of the call that embedded it: the texts of one call
    /// share it) and RequestId.
    /// </para>
    /// <para>
    /// INPUT. Strings come from the pipeline or the first argument, one text each (Get-Content file.txt embeds each
    /// line). For objects, -Property names the property that holds the text; for files from Get-ChildItem, -Property
    /// Content reads each file. An empty text, or an object without the property, is an error for that input only.
    /// </para>
    /// <para>
    /// BATCHES. Texts go in calls of as many as the model takes (10 for text-embedding-v4 and -v3, 25 for -v2 and -v1,
    /// from the module's model catalog), and -ThrottleLimit calls run at once. Output still comes in input order.
    /// The service refuses a whole call when one of its texts is too long (8,192 tokens for v4 and v3): a text that may
    /// be too long is sent on its own, and a refused call is sent again text by text, so only the refused text is an
    /// error (naming it) and every other text gets its vector. Nothing holds more texts or vectors than the calls in
    /// flight and the ordered output need, so a file of any length can be piped through.
    /// </para>
    /// <para>
    /// OPTIONS. -Dimension picks the vector size (v4: 2048, 1536, 1024, 768, 512, 256, 128, 64; default 1024).
    /// -TextType Query or Document tells short search queries from the documents they search (asymmetric retrieval;
    /// the service's default is Document). -Instruct gives text-embedding-v4 a task instruction for query texts.
    /// </para>
    /// <para>
    /// PROTOCOLS. On an OpenAI-compatible connection (-Protocol Compatible, Connect-DashScope -Protocol Compatible, or a
    /// -BaseUri ending in /compatible-mode/v1 or /v1, such as Qwen3-Embedding served by vLLM) the texts go to
    /// {base}/embeddings and the results are the same. That protocol has no text type and no instruction: -TextType and
    /// -Instruct are refused there before anything is sent, and -AdditionalParameters go at the top level of the body.
    /// </para>
    /// <para>
    /// BATCHES OF THE BATCH API. For a whole document store, -AsBatch sends the texts through DashScope's Batch API
    /// instead, at half the price within 24 hours: one JSONL line per input (custom_id, the input's position from 1; url
    /// /v1/embeddings; the OpenAI-compatible body a synchronous call sends), written to disk as the input arrives, then
    /// uploaded and created as a batch (-BatchName, -BatchDescription). The command writes a QwenBatch; Wait-QwenBatch
    /// waits for it and Receive-QwenBatch writes the same QwenEmbedding objects, in input order, with the Index of each
    /// input and its text as InputObject (the objects piped in stay in this session). Input over the service's
    /// per-file limits (50,000 requests, 500 MB) becomes several batches. See about_DashScope_Batch.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>'代码改变世界', 'Coding changes the world' | Get-QwenEmbedding</code>
    /// <para>Embeds two texts; each result shows its index, model, vector size and text.</para>
    /// </example>
    /// <example>
    /// <code>Get-Content ./tickets.txt | Get-QwenEmbedding -Dimension 256 -ThrottleLimit 4 | Select-Object Index, Dimensions, Text</code>
    /// <para>Embeds every line of a file as 256-dimension vectors, up to four calls at once, in line order.</para>
    /// </example>
    /// <example>
    /// <code>
    /// $query = Get-QwenEmbedding 'password reset' -TextType Query
    /// Get-Content ./tickets.txt | Get-QwenEmbedding -TextType Document |
    ///     Select-Object Text, @{ Name = 'Similarity'; Expression = { $v = $_.Embedding; $s = 0; for ($i = 0; $i -lt $v.Length; $i++) { $s += $v[$i] * $query.Embedding[$i] }; $s } } |
    ///     Sort-Object Similarity -Descending
    /// </code>
    /// <para>A small semantic search: the vectors are unit length, so their dot product is the cosine similarity.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem ./docs -File | Get-QwenEmbedding -Property Content | Select-Object @{ Name = 'File'; Expression = { $_.InputObject.Name } }, Embedding</code>
    /// <para>Embeds whole files: -Property Content reads each file from Get-ChildItem.</para>
    /// </example>
    /// <example>
    /// <code>Get-Content ./corpus.txt | Get-QwenEmbedding -Dimension 512 -AsBatch -BatchName 'corpus vectors' | Wait-QwenBatch | Receive-QwenBatch | Export-Clixml ./vectors.xml</code>
    /// <para>Embeds every line of a large file through the Batch API at half the price; the vectors come back in line order.</para>
    /// </example>
    /// <example>
    /// <code>Get-Content ./tickets.txt | Get-QwenEmbedding -Model Qwen/Qwen3-Embedding-0.6B -BaseUri http://gpu01:8000/v1</code>
    /// <para>Embeds with a model served on premises by an OpenAI-compatible server (vLLM), which needs no key.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "QwenEmbedding", SupportsShouldProcess = true)]
    [OutputType(typeof(QwenEmbedding), typeof(QwenBatch))]
    public sealed class GetQwenEmbeddingCommand : QwenRequestCmdlet
    {
        private readonly List<(int Index, object Input, string Text)> _pending = new List<(int, object, string)>();
        private DashScopeClient? _client;
        private EmbeddingClient? _embedder;
        private BatchDraft? _draft;
        private int _callSize;
        private int _next;

        /// <summary>The texts to embed (strings, or objects whose text -Property names); usually piped.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Text")]
        [AllowEmptyString]
        public object[]? InputObject { get; set; }

        /// <summary>The property (or hashtable key) of piped objects that holds the text; for files, Content reads the file.</summary>
        [Parameter]
        public string? Property { get; set; }

        /// <summary>The embedding model; tab completion suggests the catalog's embedding models, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(EmbeddingModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.Default.DefaultModel("embedding");

        /// <summary>The vector size (dimension), one of the sizes the model gives; tab completion lists them.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(DimensionCompleter))]
        [ValidateRange(1, 65536)]
        public int? Dimension { get; set; }

        /// <summary>Query for short search queries, Document for the texts they search (the service's default).</summary>
        [Parameter]
        public EmbeddingTextType? TextType { get; set; }

        /// <summary>A task instruction for query texts (instruct), in English, for models that take one (text-embedding-v4).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Instruct { get; set; }

        /// <summary>
        /// Request parameters the cmdlet has no parameter for, sent as given in the parameters of the request, for
        /// example @{ output_type = 'dense&amp;sparse' } (in the OpenAI-compatible protocol and with -AsBatch: at the top
        /// level of the body). A key here overrides the matching cmdlet parameter.
        /// </summary>
        [Parameter]
        [Alias("Parameters")]
        public Hashtable? AdditionalParameters { get; set; }

        /// <summary>
        /// Sends the texts through DashScope's Batch API instead of calls: each input becomes one line of a JSONL file (the
        /// OpenAI-compatible body a synchronous call would send, url /v1/embeddings, custom_id the input's position from
        /// 1), written to disk as the input arrives, uploaded at the end (with a progress bar at the console) and created
        /// as a batch that runs within 24 hours at half the price. Writes a QwenBatch; Receive-QwenBatch writes the
        /// QwenEmbeddings this command would have written, in input order. Input over the service's per-file limits
        /// (50,000 requests, 500 MB) becomes several batches. Takes neither -TextType nor -Instruct.
        /// </summary>
        [Parameter]
        public SwitchParameter AsBatch { get; set; }

        /// <summary>With -AsBatch: the batch's name (ds_name, at most 100 characters), to find it with Get-QwenBatch -Name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 100)]
        public string? BatchName { get; set; }

        /// <summary>With -AsBatch: a description of the batch (ds_description, at most 200 characters).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 200)]
        public string? BatchDescription { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var family = ModelCatalog.Default.Find(Model);
            if (Dimension.HasValue && family.Dimensions.Count > 0 && !family.Dimensions.Contains(Dimension.Value))
                ThrowTerminatingError(ErrorRecords.InvalidInput(Model + " gives vectors of " + string.Join(", ", family.Dimensions) +
                                                                " dimensions, not " + Dimension.Value + ".", "InvalidDimension", Dimension.Value));
            if (Instruct != null && family.Kind == "embedding" && !family.Instruct)
                ThrowTerminatingError(ErrorRecords.InvalidInput(Model + " takes no -Instruct; text-embedding-v4 does.", "InstructNotSupported", Instruct));
            if (!AsBatch.IsPresent && (BatchName != null || BatchDescription != null))
                WriteWarning("-BatchName and -BatchDescription have no effect without -AsBatch.");
            var settings = ResolveSettings();
            if ((AsBatch.IsPresent || settings.Protocol == ModelProtocol.Compatible) && (TextType.HasValue || Instruct != null))
                ThrowTerminatingError(ErrorRecords.InvalidInput((TextType.HasValue ? "-TextType" : "-Instruct") + " is a parameter of DashScope's native embedding API; " +
                    (AsBatch.IsPresent ? "the lines of -AsBatch are OpenAI-compatible requests, which take no text type or instruction. Leave it out."
                                       : "the OpenAI-compatible protocol of this connection takes no text type or instruction. Leave it out, or add -Protocol Native."),
                    "NativeOnlyParameter", (object?)TextType ?? Instruct));
            _client = CreateClient(settings);
            if (AsBatch.IsPresent)
            {
                _draft = new BatchDraft(this);
                return;
            }
            if (family.Kind != "embedding")
                WriteWarning("The model catalog does not know " + Model + " as a text embedding model; sending one text per call.");
            _callSize = family.Kind == "embedding" && family.BatchSize.HasValue ? family.BatchSize.Value : 1;
            _embedder = new EmbeddingClient(_client);
        }

        protected override void ProcessRecord()
        {
            foreach (var input in InputObject ?? Array.Empty<object>())
            {
                var index = _next++;
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
                    WriteError(ErrorRecords.InvalidInput("Input " + index + " is an empty text; the service embeds no empty text.", "EmptyText", input));
                    continue;
                }
                if (_draft != null)
                {
                    _draft.Add(() => new CompatibleEmbeddingRequest(NewRequest(new[] { text })), index, input);
                    continue;
                }
                _pending.Add((index, input, text));
                if (_pending.Count >= _callSize) SubmitCall();
            }
        }

        protected override void EndProcessing()
        {
            if (_pending.Count > 0) SubmitCall();
            _draft?.Submit(_client!, Model, new BatchOptions { Name = BatchName, Description = BatchDescription }, StopToken);
            base.EndProcessing();
        }

        /// <summary>One call's request (or one batch line's, in its compatible form): the model and options of this invocation for these texts.</summary>
        private EmbeddingRequest NewRequest(IList<string> texts)
        {
            var request = new EmbeddingRequest
            {
                Model = Model,
                Texts = texts,
                Dimension = Dimension,
                TextType = TextType?.ToString().ToLowerInvariant(),
                Instruct = Instruct,
            };
            PowerShellValue.CopyInto(AdditionalParameters, request.AdditionalParameters);
            return request;
        }

        /// <summary>Sends the texts gathered so far as one call (after -WhatIf and -Confirm).</summary>
        private void SubmitCall()
        {
            var call = _pending.ToArray();
            _pending.Clear();
            var target = "'" + TextPreview.Line(call[0].Text, 40) + "'" + (call.Length > 1 ? " and " + (call.Length - 1) + " more text(s)" : string.Empty);
            if (!ShouldProcess(target, "Embed with " + Model)) return;
            var request = NewRequest(call.Select(item => item.Text).ToList());
            var embedder = _embedder!;
            Submit(async (sink, cancellation) =>
            {
                var outcomes = await embedder.EmbedAsync(request, cancellation).ConfigureAwait(false);
                for (var i = 0; i < call.Length; i++)
                {
                    var embedding = outcomes[i].Embedding;
                    if (embedding == null)
                    {
                        sink.Error(outcomes[i].Error!, call[i].Input);
                        continue;
                    }
                    embedding.Index = call[i].Index;
                    embedding.InputObject = call[i].Input;
                    await sink.WriteAsync(embedding).ConfigureAwait(false);
                }
            });
        }

        protected override void DisposeResources()
        {
            _draft?.Close(StopToken.IsCancellationRequested);
            base.DisposeResources();
        }
    }
}
