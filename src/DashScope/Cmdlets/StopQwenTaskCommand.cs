using System.Management.Automation;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Cancels DashScope tasks that have not started yet.</summary>
    /// <remarks>
    /// <para>
    /// Stop-QwenTask cancels each task (POST /tasks/{id}/cancel). The service cancels only a task that is still
    /// PENDING; for a task that is running or has ended it refuses with its own error (DashScope.UnsupportedOperation:
    /// "Failed to cancel the task, please confirm if the task is in PENDING status."), written as a non-terminating
    /// error for that task. Task ids come from the first argument or the pipeline (QwenTask objects bind to
    /// -InputObject, other results by their TaskId).
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
    [Cmdlet(VerbsLifecycle.Stop, "QwenTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(QwenTask))]
    public sealed class StopQwenTaskCommand : QwenTaskCmdlet
    {
        /// <summary>Writes each canceled task as the service reports it afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var (id, known) in Targets())
            {
                if (!ShouldProcess(id, "Cancel the DashScope task")) continue;
                try
                {
                    Await(Tasks.CancelAsync(id, StopToken));
                    if (PassThru.IsPresent) WriteObject(Await(Tasks.GetAsync(id, StopToken)).KeepKnown(known));
                }
                catch (DashScopeException failure)
                {
                    WriteError(ErrorRecords.From(failure, id));
                }
            }
        }
    }
}
