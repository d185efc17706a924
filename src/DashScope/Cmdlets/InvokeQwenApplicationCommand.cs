using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Calls a Model Studio application or workflow: an agent, a knowledge-base assistant or a workflow you built.</summary>
    /// <remarks>
    /// <para>
    /// Invoke-QwenApplication sends a prompt to an application made in Alibaba Cloud Model Studio (POST
    /// apps/{AppId}/completion) and writes a QwenApplicationResult: the answer in Text, the SessionId the service keeps
    /// the conversation under, the knowledge-base passages it cites in DocReferences, the steps it took in Thoughts
    /// (-IncludeThoughts), and tokens per model in Usage. Pipe a result back with the next prompt to continue its
    /// session; -SessionId continues one by id, in a new PowerShell session too.
    /// </para>
    /// <para>
    /// -Parameter sends values for the application's own parameters (biz_params), such as the inputs a workflow's
    /// start node declares. -Stream writes the answer while it arrives, as Invoke-QwenChat does. Each piped prompt is its
    /// own call; -ThrottleLimit sends several at once, in input order. Retries, timeouts, errors and the key work as
    /// for every cmdlet of the module (see about_DashScope).
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>$answer = Invoke-QwenApplication -AppId $appId 'Which of our products suit a small office?'; $answer | Invoke-QwenApplication 'And the cheapest of them?'</code>
    /// <para>Asks an application, then continues the same session by piping the result back with the next question.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenApplication -AppId $workflowId 'Translate the release notes' -Parameter @{ sourceCode = 'en' } -IncludeThoughts | Select-Object -ExpandProperty Thoughts</code>
    /// <para>Runs a workflow with a value for its start node's parameter and lists the steps it took.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenApplication -AppId $appId 'Summarise the handbook chapter on travel costs.' -Stream</code>
    /// <para>Streams the answer: at the console the text flows as it arrives, then a summary line follows.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "QwenApplication", SupportsShouldProcess = true)]
    [OutputType(typeof(QwenApplicationResult), typeof(QwenChatStreamRecord))]
    public sealed class InvokeQwenApplicationCommand : QwenSamplingCmdlet
    {
        private ApplicationClient? _applications;
        private bool _promptFromCommandLine;

        /// <summary>The application's id, as Model Studio shows it. Bound from a piped result's AppId.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? AppId { get; set; }

        /// <summary>
        /// The message for the application. Each piped string is a prompt of its own (after this one and a blank line
        /// when both are given); a piped result needs the next message here.
        /// </summary>
        [Parameter(Position = 0)]
        [Alias("Question")]
        [AllowEmptyString]
        public string? Prompt { get; set; }

        /// <summary>A previous result (its session continues) or a prompt string; normally piped.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public object? InputObject { get; set; }

        /// <summary>The session to continue (session_id); a piped result brings its own.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SessionId { get; set; }

        /// <summary>A long-term memory of the application to use (memory_id).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MemoryId { get; set; }

        /// <summary>Values for the application's own parameters (biz_params), e.g. the inputs of a workflow's start node.</summary>
        [Parameter]
        [Alias("BizParams")]
        public Hashtable? Parameter { get; set; }

        /// <summary>A conversation to send instead of the service's session: hashtables with role and content, or QwenChatMessage objects.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Messages { get; set; }

        /// <summary>Returns the steps the application took (has_thoughts) in the result's Thoughts.</summary>
        [Parameter]
        public SwitchParameter IncludeThoughts { get; set; }

        /// <summary>Samples among the K most likely tokens (top_k).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? TopK { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _promptFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Prompt));
            _applications = new ApplicationClient(CreateClient(ResolveSettings()));
        }

        protected override void ProcessRecord()
        {
            var input = InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject;
            string? prompt;
            var session = SessionId;
            switch (input)
            {
                case QwenApplicationResult previous:
                    if (!_promptFromCommandLine || string.IsNullOrWhiteSpace(Prompt))
                    {
                        WriteError(ErrorRecords.InvalidInput(
                            "A previous result was piped in but no new message was given. Add it: $result | Invoke-QwenApplication 'and then?'.", "EmptyPrompt", previous));
                        return;
                    }
                    prompt = Prompt;
                    session = previous.SessionId;
                    break;
                case null:
                    if (MyInvocation.ExpectingInput && !_promptFromCommandLine) return;
                    prompt = Prompt;
                    break;
                case string text:
                    if (string.IsNullOrWhiteSpace(text)) return;
                    prompt = _promptFromCommandLine && !string.IsNullOrWhiteSpace(Prompt) ? Prompt + "\n\n" + text : text;
                    break;
                default:
                    prompt = Prompt;
                    break;
            }

            if (!ShouldProcess("Invoke-QwenApplication -AppId " + AppId + " '" + TextPreview.Line(prompt, 60) + "'", "Call the Model Studio application")) return;
            ApplicationRequest request;
            try
            {
                var parameters = new Dictionary<string, object?>();
                PowerShellValue.CopyInto(Parameter, parameters);
                request = new ApplicationRequest
                {
                    AppId = AppId!,
                    Prompt = prompt,
                    Messages = Messages?.Select(MessageConverter.From).ToList(),
                    SessionId = session,
                    MemoryId = MemoryId,
                    Parameters = parameters,
                    IncludeThoughts = IncludeThoughts.IsPresent ? true : (bool?)null,
                    Temperature = Temperature,
                    TopP = TopP,
                    TopK = TopK,
                    Seed = Seed,
                    AdditionalParameters = PlainAdditionalParameters(),
                };
                ApplicationRequestBuilder.Build(request, Stream.IsPresent); // bad input fails here, before anything is sent
            }
            catch (DashScopeException invalid)
            {
                WriteError(ErrorRecords.From(invalid, (object?)input ?? prompt));
                return;
            }

            var applications = _applications!;
            var stream = Stream.IsPresent;
            Submit(async (sink, cancellation) =>
            {
                try
                {
                    var result = await applications.SendAsync(request, stream ? record => sink.WriteAsync(record) : (Func<QwenChatStreamRecord, Task>?)null, cancellation).ConfigureAwait(false);
                    if (!stream)
                    {
                        await sink.WriteAsync(result).ConfigureAwait(false);
                        return;
                    }
                    var shown = new PSObject(result);
                    shown.TypeNames.Insert(0, typeof(QwenApplicationResult).FullName + "#Streamed");
                    await sink.WriteAsync(shown).ConfigureAwait(false);
                }
                catch (DashScopeException failure)
                {
                    sink.Error(failure, request.Prompt);
                }
            });
        }
    }
}
