using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using DashScope.Batches;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Sends the input files of a batch (Invoke-QwenChat -AsBatch, Start-QwenBatch): each one uploaded, with a progress
    /// bar where a person watches, and created as a batch written to the pipeline. One part that fails is an error that
    /// says where its input is kept; the other parts go on.
    /// </summary>
    internal static class BatchSubmitter
    {
        private const int ActivityId = 0x5142;

        public static void Submit(DashScopeCmdlet cmdlet, BatchClient client, IReadOnlyList<BatchInputPart> parts, BatchOptions options, CancellationToken token)
        {
            var showProgress = cmdlet.IsInteractiveHost();
            for (var index = 0; index < parts.Count; index++)
            {
                var part = parts[index];
                var partOptions = new BatchOptions
                {
                    Name = NameOf(options.Name, index, parts.Count),
                    Description = options.Description,
                    CallbackUri = options.CallbackUri,
                    CompletionWindow = options.CompletionWindow,
                };
                long sent = 0;
                var upload = new ActionProgress<long>(bytes => Interlocked.Exchange(ref sent, bytes));
                var activity = "Uploading batch input" + (parts.Count > 1 ? " " + (index + 1).ToString(CultureInfo.InvariantCulture) + " of " + parts.Count.ToString(CultureInfo.InvariantCulture) : string.Empty);
                try
                {
                    var batch = cmdlet.AwaitWithTicks(client.SubmitAsync(part, partOptions, upload, token), () =>
                    {
                        if (!showProgress) return;
                        var done = Interlocked.Read(ref sent);
                        cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, string.Format(CultureInfo.InvariantCulture,
                            "{0:0.0} of {1:0.0} MB ({2} requests)", done / 1048576.0, part.Bytes / 1048576.0, part.Lines))
                        {
                            PercentComplete = part.Bytes == 0 ? 100 : (int)Math.Min(100, 100 * done / part.Bytes),
                        });
                    });
                    cmdlet.WriteObject(batch);
                }
                catch (DashScopeException failure)
                {
                    var record = ErrorRecords.From(failure, part.Path);
                    if (part.Owned)
                        record.ErrorDetails = new ErrorDetails(failure.Message)
                        {
                            RecommendedAction = "The requests are kept in " + part.Path + "; Start-QwenBatch -LiteralPath '" + part.Path + "' sends them again.",
                        };
                    cmdlet.WriteError(record);
                }
                finally
                {
                    if (showProgress) cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
        }

        /// <summary>ds_name of one part: the name, and "(2/3)" when the input was split (within the 100 characters allowed).</summary>
        private static string? NameOf(string? name, int index, int count)
        {
            if (string.IsNullOrEmpty(name) || count == 1) return name;
            var suffix = " (" + (index + 1).ToString(CultureInfo.InvariantCulture) + "/" + count.ToString(CultureInfo.InvariantCulture) + ")";
            return (name!.Length + suffix.Length > 100 ? name.Substring(0, 100 - suffix.Length) : name) + suffix;
        }
    }
}
