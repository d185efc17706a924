using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Tasks
{
    /// <summary>
    /// The async task protocol: submit a service request with X-DashScope-Async: enable, then get, cancel, list and
    /// wait for tasks. Waiting costs a timer between polls, not a thread, so many waits can run at once.
    /// </summary>
    public sealed class TaskClient
    {
        private readonly DashScopeClient _client;

        public TaskClient(DashScopeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>Submits <paramref name="request"/> as an async task and returns it (PENDING, with its id).</summary>
        public Task<QwenTask> SubmitAsync(ServiceRequest request, CancellationToken cancellationToken) =>
            _client.SendAsync(new AsyncSubmission(request), cancellationToken);

        /// <summary>The task as it is now; an id the service does not know gives status Unknown, not an error.</summary>
        public Task<QwenTask> GetAsync(string taskId, CancellationToken cancellationToken) =>
            _client.SendAsync(new GetTaskRequest(Checked(taskId)), cancellationToken);

        /// <summary>
        /// Cancels a task that is still PENDING; for any other task the service answers 400 UnsupportedOperation, thrown
        /// as a <see cref="DashScopeException"/>.
        /// </summary>
        public async Task CancelAsync(string taskId, CancellationToken cancellationToken)
        {
            var requestId = await _client.SendAsync(new CancelTaskRequest(Checked(taskId)), cancellationToken).ConfigureAwait(false);
            _client.Log.Write("Task " + taskId + " canceled (request id " + (requestId ?? "none") + ")");
        }

        public Task<QwenTaskPage> ListAsync(TaskListFilter? filter, CancellationToken cancellationToken) =>
            _client.SendAsync(new ListTasksRequest(filter), cancellationToken);

        /// <summary>
        /// Polls the task until it is terminal and returns it (a failed task is returned, not thrown). Each poll is
        /// reported to <paramref name="progress"/>. A throttled or transiently failing poll does not end the wait: the
        /// next one follows its Retry-After (held for every call of these settings) or the next interval. The wait
        /// timeout throws a Timeout <see cref="DashScopeException"/>; cancelling stops the waiting only, never the task.
        /// </summary>
        public async Task<QwenTask> WaitAsync(string taskId, TaskWaitOptions? options, IProgress<QwenTask>? progress, CancellationToken cancellationToken)
        {
            Checked(taskId);
            var schedule = options ?? new TaskWaitOptions();
            return await PollLoop.UntilEndedAsync(_client, "task " + taskId, token => GetAsync(taskId, token), task => task.IsTerminal, schedule, progress,
                (last, inner) => WaitTimedOut(taskId, last, schedule, inner), cancellationToken).ConfigureAwait(false);
        }

        private static DashScopeException WaitTimedOut(string taskId, QwenTask? last, TaskWaitOptions options, Exception inner)
        {
            var status = last == null ? "not polled yet" : (last.StatusText ?? last.Status.ToString().ToUpperInvariant()) + " at the last poll";
            var message = string.Format(CultureInfo.InvariantCulture,
                "Task {0} did not finish within {1:0.###} s ({2}). It goes on at the service: wait for it again, or get its result, " +
                "with the task id {0} (the service keeps tasks for 24 hours).",
                taskId, options.Timeout.GetValueOrDefault().TotalSeconds, status);
            return new DashScopeException(DashScopeErrorKind.Timeout, message, null, "WaitTaskTimeout", null, last?.RequestId, inner)
            {
                ErrorId = "WaitTaskTimeout",
                PartialResult = last,
            };
        }

        private static string Checked(string taskId)
        {
            if (string.IsNullOrWhiteSpace(taskId))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No task id was given.");
            return taskId;
        }
    }
}
