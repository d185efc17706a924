using System.Collections;
using System.Linq;
using System.Management.Automation;
using DashScope.Client;
using DashScope.Completion;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Counts the tokens of a text or conversation as a model sees them, before paying for a call.</summary>
    /// <remarks>
    /// <para>
    /// Measure-QwenToken asks the service's tokenizer (POST tokenizer; free of charge) how a model splits a text into
    /// tokens and writes a QwenTokenization: Count, the Tokens and their TokenIds, the Model and the Text measured. Each
    /// piped string is measured on its own, so a script can check every prompt against a model's limit before sending
    /// it; -Messages (or a piped chat result, whose History is measured) counts a whole conversation. The count is the
    /// service's estimate for the model named; it is available for the Qwen commercial and open-source text models.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Measure-QwenToken '代码改变世界' | Format-List Count, Tokens, TokenIds</code>
    /// <para>Shows how qwen-plus splits a Chinese sentence into tokens.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem ./prompts -Filter *.txt | ForEach-Object { Get-Content $_ -Raw } | Measure-QwenToken -Model qwen-max | Where-Object Count -gt 8000</code>
    /// <para>Finds the prompt files longer than 8,000 tokens for qwen-max.</para>
    /// </example>
    /// <example>
    /// <code>$answer = Invoke-QwenChat 'Name three Linux shells.'; $answer | Measure-QwenToken | Select-Object Count</code>
    /// <para>Counts the tokens of a whole conversation (the result's History), as the next call would send it.</para>
    /// </example>
    [Cmdlet(VerbsDiagnostic.Measure, "QwenToken", DefaultParameterSetName = TextSet)]
    [OutputType(typeof(QwenTokenization))]
    public sealed class MeasureQwenTokenCommand : QwenRequestCmdlet
    {
        private const string TextSet = "Text";
        private const string MessagesSet = "Messages";

        private DashScopeClient? _client;

        /// <summary>The text to measure; piped strings are measured one by one. A piped chat result is measured by its History.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = TextSet)]
        [Alias("Prompt")]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>A conversation to measure as the model would read it: hashtables with role and content, or QwenChatMessage objects.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MessagesSet)]
        [ValidateNotNullOrEmpty]
        public object[]? Messages { get; set; }

        /// <summary>The model whose tokenizer counts (default qwen-plus); tab completion suggests chat models.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ChatModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = TokenizeRequest.DefaultModel;

        /// <summary>
        /// Request parameters sent as given in the parameters of the request, for example @{ seed = 1234 } as the
        /// official SDKs send it. The tokenizer needs none; this passes on what the service may add.
        /// </summary>
        [Parameter]
        [Alias("Parameters")]
        public Hashtable? AdditionalParameters { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _client = CreateClient(ResolveSettings());
        }

        protected override void ProcessRecord()
        {
            var input = InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject;
            var request = new TokenizeRequest { Model = Model };
            PowerShellValue.CopyInto(AdditionalParameters, request.AdditionalParameters);
            string? text = null;
            try
            {
                if (ParameterSetName == MessagesSet) request.Messages = Messages!.Select(MessageConverter.From).ToList();
                else if (input is QwenChatResult result) request.Messages = result.History.ToList();
                else if (input is string || input is System.IConvertible) request.Prompt = text = LanguagePrimitives.ConvertTo<string>(input);
                else throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "Measure-QwenToken measures text: pipe strings (Get-Content -Raw for a whole file) or give -Messages; got " + (input?.GetType().Name ?? "null") + ".");
                request.Validate();
            }
            catch (DashScopeException invalid)
            {
                WriteError(ErrorRecords.From(invalid, input));
                return;
            }

            var client = _client!;
            Submit(async (sink, cancellation) =>
            {
                try
                {
                    var tokens = await client.SendAsync(request, cancellation).ConfigureAwait(false);
                    tokens.Model ??= request.Model;
                    tokens.Text = text;
                    await sink.WriteAsync(tokens).ConfigureAwait(false);
                }
                catch (DashScopeException failure)
                {
                    sink.Error(failure, input);
                }
            });
        }
    }
}
