using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using DashScope.Json;

namespace DashScope.Client
{
    /// <summary>
    /// The service's temporary upload of local files: a policy from the API, then a multipart POST to the
    /// storage host it names (POST-policy authentication, no API key), giving an oss:// URL that a request
    /// can use for 48 hours with the X-DashScope-OssResourceResolve header.
    /// </summary>
    public sealed class TemporaryUploader
    {
        private readonly DashScopeClient _client;

        public TemporaryUploader(DashScopeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public async Task<UploadPolicy> GetPolicyAsync(string model, CancellationToken cancellationToken)
        {
            var bytes = await _client.GetJsonAsync("uploads?action=getPolicy&model=" + Uri.EscapeDataString(model), cancellationToken).ConfigureAwait(false);
            return ParsePolicy(bytes);
        }

        internal static UploadPolicy ParsePolicy(byte[] body)
        {
            try
            {
                var start = body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF ? 3 : 0;
                using (var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(body, start, body.Length - start)))
                {
                    var root = document.RootElement;
                    if (!root.TryGet("data", out var data) || data.ValueKind != JsonValueKind.Object)
                        throw new DashScopeException(DashScopeErrorKind.Protocol, "The upload policy answer has no 'data' object.");
                    var policy = new UploadPolicy
                    {
                        Policy = data.GetStringOrNull("policy") ?? string.Empty,
                        Signature = data.GetStringOrNull("signature") ?? string.Empty,
                        UploadDir = (data.GetStringOrNull("upload_dir") ?? string.Empty).TrimEnd('/'),
                        UploadHost = data.GetStringOrNull("upload_host") ?? string.Empty,
                        OssAccessKeyId = data.GetStringOrNull("oss_access_key_id") ?? string.Empty,
                        ObjectAcl = data.GetStringOrNull("x_oss_object_acl"),
                        ForbidOverwrite = data.GetStringOrNull("x_oss_forbid_overwrite"),
                        ExpireInSeconds = data.GetIntOrNull("expire_in_seconds"),
                        MaxFileSizeMb = data.GetIntOrNull("max_file_size_mb"),
                        RequestId = root.GetStringOrNull("request_id"),
                    };
                    if (policy.UploadHost.Length == 0 || policy.UploadDir.Length == 0 || policy.Policy.Length == 0)
                        throw new DashScopeException(DashScopeErrorKind.Protocol, "The upload policy answer lacks upload_host, upload_dir or policy.");
                    if (!Uri.TryCreate(policy.UploadHost, UriKind.Absolute, out _))
                        throw new DashScopeException(DashScopeErrorKind.Protocol, "The upload policy names an invalid upload host '" + policy.UploadHost + "'.");
                    return policy;
                }
            }
            catch (JsonException exception)
            {
                throw new DashScopeException(DashScopeErrorKind.Protocol, "The upload policy answer is not JSON: " + exception.Message, exception);
            }
        }

        /// <summary>Posts one file under the policy and returns its oss:// URL.</summary>
        public async Task<string> UploadAsync(UploadPolicy policy, string path, string? mimeType, CancellationToken cancellationToken)
        {
            var info = new FileInfo(path);
            if (policy.MaxFileSizeMb.HasValue && info.Length > policy.MaxFileSizeMb.Value * 1024 * 1024)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is larger than the {1} MB the temporary upload takes.", info.Name, policy.MaxFileSizeMb.Value));
            var name = policy.Reserve(info.Name);
            var key = policy.UploadDir + "/" + name;
            var host = new Uri(policy.UploadHost.EndsWith("/", StringComparison.Ordinal) ? policy.UploadHost : policy.UploadHost + "/");

            _client.Log.Write("Uploading '" + info.Name + "' (" + info.Length.ToString(CultureInfo.InvariantCulture) + " bytes) as " + key);
            var (status, body, _) = await _client.SendExternalAsync(() =>
            {
                var form = new MultipartFormDataContent("----DashScopePowerShell" + Guid.NewGuid().ToString("N"));
                // The storage reads the policy fields before the file: the file part must come last.
                Add(form, "OSSAccessKeyId", policy.OssAccessKeyId);
                Add(form, "Signature", policy.Signature);
                Add(form, "policy", policy.Policy);
                Add(form, "key", key);
                if (policy.ObjectAcl != null) Add(form, "x-oss-object-acl", policy.ObjectAcl);
                if (policy.ForbidOverwrite != null) Add(form, "x-oss-forbid-overwrite", policy.ForbidOverwrite);
                Add(form, "success_action_status", "200");
                Add(form, "x-oss-content-type", mimeType ?? "application/octet-stream");
                var file = new StreamContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
                file.Headers.ContentType = new MediaTypeHeaderValue(mimeType ?? "application/octet-stream");
                form.Add(file, "file", name);
                var request = new HttpRequestMessage(HttpMethod.Post, host) { Content = form };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            }, cancellationToken).ConfigureAwait(false);

            if (status < 200 || status > 299) throw StorageError(status, body);
            return "oss://" + key;
        }

        private static void Add(MultipartFormDataContent form, string name, string value)
        {
            var content = new StringContent(value, Encoding.UTF8);
            content.Headers.ContentType = null;
            form.Add(content, name);
        }

        /// <summary>The storage answers errors as XML: &lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;RequestId/&gt;&lt;/Error&gt;.</summary>
        internal static DashScopeException StorageError(int status, byte[] body)
        {
            string? code = null, message = null, requestId = null;
            try
            {
                var document = new XmlDocument { XmlResolver = null };
                using (var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
                {
                    document.Load(reader);
                }
                code = document.SelectSingleNode("/Error/Code")?.InnerText;
                message = document.SelectSingleNode("/Error/Message")?.InnerText;
                requestId = document.SelectSingleNode("/Error/RequestId")?.InnerText;
            }
            catch (XmlException)
            {
                message = Encoding.UTF8.GetString(body);
                if (message.Length > 300) message = message.Substring(0, 300) + "...";
            }
            return DashScopeException.FromService(status, "Upload." + (string.IsNullOrEmpty(code) ? "Failed" : code), message, requestId);
        }
    }
}
