using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DashScope.Catalog;
using DashScope.Completion;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    /// <summary>Lists the models a connection can use: the module's catalog for DashScope, or what another server serves.</summary>
    /// <remarks>
    /// <para>
    /// For DashScope, Get-QwenModel lists the models of the module's catalog with what it knows of each family: Kind
    /// (chat, vision, omni, embedding, ...), the Protocol it is served in, Input and Output, and whether it answers only
    /// streamed. Nothing is sent and no key is needed. -FromServer asks DashScope instead (GET
    /// /compatible-mode/v1/models), which lists what the account may call.
    /// </para>
    /// <para>
    /// For another OpenAI-compatible server (a -BaseUri ending in /v1, such as vLLM at http://gpu01:8000/v1, Ollama or
    /// LM Studio), Get-QwenModel asks the server (GET {base}/models) and lists what it serves: the names to pass to
    /// -Model. Such a server needs no key unless it was started with one; give it with -ApiKey or Connect-DashScope.
    /// </para>
    /// <para>-Name (wildcards) and -Kind filter the list. Each model is a QwenModel; Source says where it was listed.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-QwenModel -Kind omni, vision</code>
    /// <para>Lists the catalog's omni and vision models with their inputs and outputs.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenModel 'qwen3*' | Where-Object Protocol -eq Native | Select-Object Name, Family, Kind</code>
    /// <para>Lists the Qwen3 models the native protocol serves.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenModel -FromServer</code>
    /// <para>Asks DashScope which models the account may call.</para>
    /// </example>
    /// <example>
    /// <code>Connect-DashScope -BaseUri 'http://gpu01:8000/v1'; $model = (Get-QwenModel | Select-Object -First 1).Name; Invoke-QwenChat 'Hello' -Model $model</code>
    /// <para>
    /// Connects to a vLLM server in the data centre (no key), takes the first model it serves, and chats with it over the
    /// OpenAI-compatible protocol.
    /// </para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "QwenModel")]
    [OutputType(typeof(QwenModel))]
    public sealed class GetQwenModelCommand : DashScopeCmdlet
    {
        /// <summary>Lists only models whose name matches one of these patterns (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Lists only models of these kinds: chat, vision, ocr, asr, audio, omni, translation, research, image, video, speech, transcription, embedding or rerank.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ModelKindCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Kind { get; set; }

        /// <summary>Asks DashScope which models the account may call (GET /compatible-mode/v1/models) instead of listing the catalog. Other servers are always asked.</summary>
        [Parameter]
        public SwitchParameter FromServer { get; set; }

        protected override void EndProcessing()
        {
            Uri baseUri;
            try
            {
                baseUri = ResolveBaseUri();
            }
            catch (DashScopeException failure)
            {
                ThrowTerminatingError(ErrorRecords.From(failure, BaseUri));
                return;
            }
            var dashScope = DashScopeEndpoints.IsDashScope(baseUri);
            var models = dashScope && !FromServer.IsPresent ? CatalogModels() : ServerModels(dashScope);
            if (models == null) return;
            var patterns = Name?.Select(name => new WildcardPattern(name, WildcardOptions.IgnoreCase)).ToList();
            foreach (var model in models)
            {
                if (patterns != null && !patterns.Any(pattern => pattern.IsMatch(model.Name))) continue;
                if (Kind != null && !Kind.Contains(model.Kind ?? string.Empty, StringComparer.OrdinalIgnoreCase)) continue;
                WriteObject(model);
            }
        }

        private static IEnumerable<QwenModel> CatalogModels()
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var family in ModelCatalog.Default.Families)
            {
                foreach (var name in family.Models)
                {
                    if (seen.Add(name)) yield return QwenModel.FromCatalog(family, name);
                }
            }
        }

        private IReadOnlyList<QwenModel>? ServerModels(bool dashScope)
        {
            var settings = ResolveSettings();
            IReadOnlyList<QwenModel> listed;
            try
            {
                listed = Await(CreateClient(settings).SendAsync(new ListModelsRequest(settings.CompatibleBaseUri), StopToken));
            }
            catch (DashScopeException failure)
            {
                WriteError(ErrorRecords.From(failure, settings.CompatibleBaseUri));
                return null;
            }
            if (!dashScope) return listed;
            // DashScope's names are the catalog's: say what the catalog knows of them.
            return listed.Select(model =>
            {
                var known = QwenModel.FromCatalog(ModelCatalog.Default.Find(model.Name), model.Name);
                known.Source = model.Source;
                known.OwnedBy = model.OwnedBy;
                known.Created = model.Created;
                known.Server = model.Server;
                return known;
            }).ToList();
        }
    }
}
