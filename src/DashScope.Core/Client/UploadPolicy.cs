using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace DashScope.Client
{
    /// <summary>
    /// A temporary-upload policy (GET uploads?action=getPolicy): where and how files may be posted.
    /// One policy serves all the files of one call; their names are kept distinct within its folder.
    /// </summary>
    public sealed class UploadPolicy
    {
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);

        public string Policy { get; set; } = string.Empty;
        public string Signature { get; set; } = string.Empty;
        public string UploadDir { get; set; } = string.Empty;
        public string UploadHost { get; set; } = string.Empty;
        public string OssAccessKeyId { get; set; } = string.Empty;
        public string? ObjectAcl { get; set; }
        public string? ForbidOverwrite { get; set; }
        public int? ExpireInSeconds { get; set; }
        public long? MaxFileSizeMb { get; set; }
        public string? RequestId { get; set; }

        /// <summary>A file name not yet used under this policy (the storage refuses to overwrite).</summary>
        internal string Reserve(string name)
        {
            lock (_names)
            {
                var candidate = name;
                for (var number = 2; !_names.Add(candidate); number++)
                {
                    candidate = Path.GetFileNameWithoutExtension(name) + "-" + number.ToString(CultureInfo.InvariantCulture) + Path.GetExtension(name);
                }
                return candidate;
            }
        }
    }
}
