using System.Management.Automation;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Cmdlets
{
    /// <summary>Cancels DashScope tasks that have not started yet.</summary>
    /// <remarks>
    /// <para>
    /// Stop-QwenTask cancels each task (POST /tasks/{id}/cancel). The service cancels only a task that is still
    /// PENDING; for a task that is running or has ended it refuses with its own error (DashScope.UnsupportedOperation:
    /// "Failed to cancel the task, please confirm if the task is in PENDING status."), written as a non-terminating
    /// error for that task. Task ids come from the first argument or the pipeline (QwenTask objects bind by TaskId).
    /// -PassThru writes each canceled task as it is afterwards. -WhatIf shows what would be canceled; -Confirm asks
    /// first.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>
    /// $task = New-QwenImage 'A city skyline at night' -Model wan2.2-t2i-flash -NoWait
    /// $task | Stop-QwenTask -PassThru
    /// </code>
    /// <para>Cancels a picture task right after submitting it and shows it, now CANCELED.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenTask -Status Pending | Stop-QwenTask -Confirm:$false</code>
    /// <para>Cancels every task of the last 24 hours that has not started yet.</para>
    /// </example>
    /// <example>
    /// <code>New-QwenVideo 'A kite over a field' -NoWait | Stop-QwenTask -WhatIf</code>
    /// <para>Shows which task would be canceled, and cancels nothing.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Stop, "QwenTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(QwenTask))]
    public sealed class StopQwenTaskCommand : DashScopeCmdlet
    {
        private TaskClient? _tasks;

        /// <summary>The ids of the tasks to cancel; QwenTask objects (and results with a TaskId) bind from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Writes each canceled task as the service reports it afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _tasks = new TaskClient(CreateClient(ResolveSettings()));
        }

        protected override void ProcessRecord()
        {
            foreach (var id in Id!)
            {
                if (!ShouldProcess(id, "Cancel the DashScope task")) continue;
                try
                {
                    Await(_tasks!.CancelAsync(id, StopToken));
                    if (PassThru.IsPresent) WriteObject(Await(_tasks.GetAsync(id, StopToken)));
                }
                catch (DashScopeException failure)
                {
                    WriteError(ErrorRecords.From(failure, id));
                }
            }
        }
    }
}
