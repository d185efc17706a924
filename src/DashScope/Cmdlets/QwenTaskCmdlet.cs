using System;
using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Base of the task cmdlets: tasks by -Id, or the QwenTask objects themselves (so what an earlier view knew, such as
    /// the model, survives a refresh), one task client per command.
    /// </summary>
    public abstract class QwenTaskCmdlet : DashScopeCmdlet
    {
        protected const string IdSet = "Id";
        protected const string InputObjectSet = "InputObject";

        private TaskClient? _tasks;

        /// <summary>The ids of the tasks; results with a TaskId (and ids as strings) bind from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("TaskId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>QwenTask objects, from New-QwenImage -NoWait, New-QwenVideo -NoWait or Get-QwenTask.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNullOrEmpty]
        public QwenTask[]? InputObject { get; set; }

        internal TaskClient Tasks => _tasks ?? throw new InvalidOperationException("BeginProcessing has not run.");

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _tasks = new TaskClient(CreateClient(ResolveSettings()));
        }

        /// <summary>The tasks of this record: each id, with the task object it came from (null for a bare id).</summary>
        internal IEnumerable<(string Id, QwenTask? Known)> Targets()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (var task in InputObject!)
                    if (task != null && !string.IsNullOrWhiteSpace(task.TaskId)) yield return (task.TaskId, task);
            }
            else if (Id != null)
            {
                foreach (var id in Id)
                    if (!string.IsNullOrWhiteSpace(id)) yield return (id, null);
            }
        }
    }
}
