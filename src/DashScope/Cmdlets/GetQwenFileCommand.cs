using System.Management.Automation;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Lists the files stored with DashScope, or gets one by id.</summary>
    /// <remarks>
    /// <para>
    /// Get-QwenFile reads the OpenAI-compatible files API (/compatible-mode/v1/files). Without -Id it lists every file
    /// of the account, page after page (Select-Object -First stops early); -Purpose and -Name (wildcards on the file
    /// name) filter the list. With -Id (or piped objects with an Id property) it gets those files; an unknown id is a
    /// non-terminating ObjectNotFound error.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Get-QwenFile</code>
    /// <para>Lists all stored files with id, name, size, status and creation time.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenFile -Name *.pdf | Where-Object CreatedAt -lt (Get-Date).AddDays(-30) | Remove-QwenFile</code>
    /// <para>Removes the PDF uploads older than 30 days (Remove-QwenFile asks first unless -Confirm:$false).</para>
    /// </example>
    /// <example>
    /// <code>$file = Add-QwenFile ./notes.txt; Get-QwenFile -Id $file.Id | Format-List</code>
    /// <para>Uploads a file and shows its details as the service reports them.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "QwenFile", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(QwenFile))]
    public sealed class GetQwenFileCommand : QwenFileCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        /// <summary>The ids of the files to get (file-fe-...); QwenFile objects bind by their Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("FileId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Lists only files with this purpose, e.g. file-extract.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public string? Purpose { get; set; }

        /// <summary>Lists only files whose name matches this pattern (wildcards allowed).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [SupportsWildcards]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet)
            {
                foreach (var id in Id!)
                {
                    if (TryCall(token => Files.GetAsync(id, token), id, out var file)) WriteObject(file);
                }
                return;
            }
            var pattern = string.IsNullOrEmpty(Name) ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            string? after = null;
            for (var page = 0; page < 10000; page++)
            {
                if (!TryCall(token => Files.ListAsync(after, null, Purpose, token), null, out var listed)) return;
                foreach (var file in listed.Files)
                {
                    if (pattern == null || pattern.IsMatch(file.FileName ?? string.Empty)) WriteObject(file);
                }
                if (!listed.HasMore || listed.Files.Count == 0) return;
                after = listed.Files[listed.Files.Count - 1].Id;
            }
        }
    }
}
