using System;

namespace DashScope.Batches
{
    /// <summary>
    /// How a batch is created: its name, description and finish callback (ds_name, ds_description,
    /// ds_batch_finish_callback) and completion window.
    /// </summary>
    public sealed class BatchOptions
    {
        /// <summary>ds_name, at most 100 characters; a batch split over several files gets " (i/n)" added.</summary>
        public string? Name { get; set; }

        /// <summary>ds_description, at most 200 characters.</summary>
        public string? Description { get; set; }

        /// <summary>ds_batch_finish_callback: a public http(s) URL the service posts the batch's status to when it ends.</summary>
        public Uri? CallbackUri { get; set; }

        /// <summary>24h (the default) to 336h, or 1d to 14d.</summary>
        public string CompletionWindow { get; set; } = BatchClient.DefaultCompletionWindow;
    }
}
