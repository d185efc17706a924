using System;
using System.Globalization;

namespace DashScope.Tasks
{
    /// <summary>The service's clock: task times are Beijing time (UTC+8) without an offset, list filters likewise.</summary>
    internal static class ServiceTime
    {
        public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

        private static readonly string[] Formats = { "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss" };

        /// <summary>"2024-03-01 17:38:24.817" or "2024-03-02 22:22:21" as UTC+8; null when absent or unreadable.</summary>
        public static DateTimeOffset? Parse(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            return DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? new DateTimeOffset(local, Offset)
                : (DateTimeOffset?)null;
        }

        /// <summary>yyyyMMddHHmmss in UTC+8, as the task list's start_time and end_time take it.</summary>
        public static string FormatFilter(DateTimeOffset time) =>
            time.ToOffset(Offset).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    }
}
