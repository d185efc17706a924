using System.Management.Automation;
using System.Text.Json;
using DashScope.Execution;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    // Structured output for Invoke-QwenChat.
    // (A plain comment: the class's documentation, which the help is generated from, is in InvokeQwenChatCommand.cs.)
    [OutputType(typeof(QwenResearchRecord), typeof(PSObject))]
    public sealed partial class InvokeQwenChatCommand
    {
        /// <summary>
        /// The answer format (response_format): JsonObject makes the model answer with one JSON object. The service
        /// requires the word JSON in the messages; when no message mentions it, a short system message asking for JSON is
        /// added (see -Verbose). Text is the normal format.
        /// </summary>
        [Parameter]
        public QwenResponseFormat? ResponseFormat { get; set; }

        /// <summary>
        /// Returns the answer parsed from JSON (as ConvertFrom-Json does: PSCustomObject, arrays, numbers) instead of
        /// the result object; implies -ResponseFormat JsonObject. An answer that is not valid JSON is an error
        /// (DashScope.InvalidJson) whose TargetObject is the result with the raw text.
        /// </summary>
        [Parameter]
        public SwitchParameter AsObject { get; set; }

        private bool JsonRequested => AsObject.IsPresent || ResponseFormat == QwenResponseFormat.JsonObject;

        /// <summary>-AsObject: the answer parsed from JSON, as ConvertFrom-Json gives it; an answer that is not JSON is an error.</summary>
        private static object? ParseJsonAnswer(QwenChatResult result, IWorkSink sink)
        {
            try
            {
                return PowerShellValue.FromPlain(JsonText.ParseAnswer(result.Text));
            }
            catch (JsonException exception)
            {
                sink.Error(new DashScopeException(DashScopeErrorKind.Protocol,
                    "The model's answer is not valid JSON (" + exception.Message + "). The result with the raw text is the error's TargetObject.", exception)
                { ErrorId = "InvalidJson" }, result);
                return null;
            }
        }
    }
}
