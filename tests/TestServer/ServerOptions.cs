using System.Globalization;

namespace DashScope.TestServer;

/// <summary>
/// Per-request behaviour, taken from a path segment before /api/v1 so a test selects it through -BaseUri:
/// http://127.0.0.1:PORT/x/scenario=single-generation-text-sse,bom,gap=50/api/v1/
/// Options (comma separated, key or key=value):
///   id=TEXT          groups requests for counters, holds and the request log
///   scenario=NAME    replay a recorded response (tests/recordings/NAME.response.*); scenario=A+B replays A to the first
///                    request of the id, B to the second, and the last one named to every later request
///   throttle=N       answer the first N requests with 429 Throttling.RateQuota
///   retryafter=S     Retry-After seconds sent with throttle (default 1)
///   fail=STATUS:N    answer the first N requests with STATUS (e.g. 503:2)
///   firstbyte=MS     wait before the response headers
///   latency=MS       wait before answering (non-stream) or before the first event
///   gap=MS           wait between stream events (and between the chunks of a result file)
///   drop=K           abort the connection after K events
///   error=K          after K events send event:error (InternalError) and end
///   malformed=K      event K carries invalid JSON
///   hold=K           after K events wait until POST /_test/release?id=ID (at most 30 s)
///   bom | noblank | crlf   framing variations
///   chunk=N          write the body N bytes at a time, flushing each (splits UTF-8 characters)
///   tokens=K         simulated answer of K one-token events (benchmark mode)
///   toolcall=A[+B]   with tools in the request: answer with calls of these tools (streamed as fragments)
///   toolargs=B64URL  the JSON arguments of those calls (object for all, array per call)
///   toolrounds=N     keep answering with those calls until N answers with calls are in the conversation (default 1)
///   badjson          JSON mode answers with invalid JSON
///   pagesize=N       files list page size (compatible-mode files API)
///   taskpolls=N      async tasks submitted with these options end at poll N (default 3: PENDING, RUNNING, SUCCEEDED)
///   taskfail         ... and end FAILED instead of SUCCEEDED
///   filesize=N       result files (…/_results/NAME) are N bytes long (default 100000)
///   breakat=BYTES    result files break the connection after BYTES bytes
///   samevector       embeddings: every text gets the same vector, formatted once (benchmark mode: the server costs little)
///   failimages=K     picture tasks submitted with these options succeed with their last K pictures failed
///   models=A+B       the models GET …/models lists (OpenAI-compatible)
///   batchpolls=N     batches created with these options complete at GET number N (default 3: in_progress, finalizing, completed)
///   batchexpire      ... and end expired instead, the second half of their lines unrun
/// </summary>
public sealed class ServerOptions
{
    public string Id { get; private set; } = "";
    public string? Scenario { get; private set; }

    /// <summary>The recording replayed to request number <paramref name="attempt"/> (from 1) of this id.</summary>
    public string ScenarioFor(int attempt)
    {
        var names = (Scenario ?? throw new InvalidOperationException("No scenario was given.")).Split('+');
        return names[Math.Clamp(attempt, 1, names.Length) - 1];
    }
    public int Throttle { get; private set; }
    public int RetryAfterSeconds { get; private set; } = 1;
    public int FailStatus { get; private set; }
    public int FailCount { get; private set; }
    public int FirstByteDelayMs { get; private set; }
    public int LatencyMs { get; private set; }
    public int GapMs { get; private set; }
    public int? DropAfter { get; private set; }
    public int? ErrorAfter { get; private set; }
    public int? MalformedEvent { get; private set; }
    public int? HoldAfter { get; private set; }
    public bool Bom { get; private set; }
    public bool NoBlankLines { get; private set; }
    public bool CrLf { get; private set; }
    public int? ChunkSize { get; private set; }
    public int? Tokens { get; private set; }

    /// <summary>toolcall=NAME[+NAME]: answer requests that carry tools with calls of these tools (* = the first tool).</summary>
    public string? ToolCall { get; private set; }

    /// <summary>toolargs=BASE64URL(JSON): the arguments of the simulated tool calls (an array gives each call its own).</summary>
    public string? ToolArgs { get; private set; }

    /// <summary>toolrounds=N: how many answers with tool calls the model gives before answering the tool results (default 1).</summary>
    public int ToolRounds { get; private set; } = 1;

    /// <summary>badjson: JSON mode answers with invalid JSON.</summary>
    public bool BadJson { get; private set; }

    /// <summary>pagesize=N: page size of the files list when the client sends no limit.</summary>
    public int? PageSize { get; private set; }

    /// <summary>taskpolls=N: the poll at which a task submitted with these options ends.</summary>
    public int? TaskPolls { get; private set; }

    /// <summary>taskfail: tasks submitted with these options end FAILED.</summary>
    public bool TaskFail { get; private set; }

    /// <summary>filesize=N: the length of result files.</summary>
    public int? FileSize { get; private set; }

    /// <summary>samevector: every embedding is the same precomputed vector (benchmark mode).</summary>
    public bool SameVector { get; private set; }

    /// <summary>breakat=BYTES: result files abort the connection after this many bytes.</summary>
    public int? BreakAt { get; private set; }

    /// <summary>failimages=K: the last K pictures of a picture task fail.</summary>
    public int FailImages { get; private set; }
    /// <summary>batchpolls=N: the GET at which a batch created with these options completes.</summary>
    public int? BatchPolls { get; private set; }

    /// <summary>batchexpire: batches created with these options expire instead of completing.</summary>
    public bool BatchExpire { get; private set; }

    /// <summary>models=A+B: what GET …/models lists.</summary>
    public string[]? Models { get; private set; }

    /// <summary>The text of the options segment, used as the counter key when no id is given.</summary>
    public string Key { get; private set; } = "";

    public static ServerOptions Parse(string? segment)
    {
        var options = new ServerOptions { Key = segment ?? "" };
        if (string.IsNullOrEmpty(segment)) return options;
        foreach (var raw in Uri.UnescapeDataString(segment).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = raw.IndexOf('=');
            var name = (equals < 0 ? raw : raw[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : raw[(equals + 1)..];
            int Number() => int.Parse(value, CultureInfo.InvariantCulture);
            switch (name)
            {
                case "id": options.Id = value; break;
                case "scenario": options.Scenario = value; break;
                case "throttle": options.Throttle = Number(); break;
                case "retryafter": options.RetryAfterSeconds = Number(); break;
                case "fail":
                    var parts = value.Split(':');
                    options.FailStatus = int.Parse(parts[0], CultureInfo.InvariantCulture);
                    options.FailCount = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : int.MaxValue;
                    break;
                case "firstbyte": options.FirstByteDelayMs = Number(); break;
                case "latency": options.LatencyMs = Number(); break;
                case "gap": options.GapMs = Number(); break;
                case "drop": options.DropAfter = Number(); break;
                case "error": options.ErrorAfter = Number(); break;
                case "malformed": options.MalformedEvent = Number(); break;
                case "hold": options.HoldAfter = Number(); break;
                case "bom": options.Bom = true; break;
                case "noblank": options.NoBlankLines = true; break;
                case "crlf": options.CrLf = true; break;
                case "chunk": options.ChunkSize = Math.Max(1, Number()); break;
                case "tokens": options.Tokens = Number(); break;
                case "toolcall": options.ToolCall = value; break;
                case "toolargs": options.ToolArgs = value; break;
                case "toolrounds": options.ToolRounds = Number(); break;
                case "badjson": options.BadJson = true; break;
                case "pagesize": options.PageSize = Number(); break;
                case "taskpolls": options.TaskPolls = Number(); break;
                case "taskfail": options.TaskFail = true; break;
                case "filesize": options.FileSize = Number(); break;
                case "breakat": options.BreakAt = Number(); break;
                case "samevector": options.SameVector = true; break;
                case "failimages": options.FailImages = Number(); break;
                case "batchpolls": options.BatchPolls = Number(); break;
                case "batchexpire": options.BatchExpire = true; break;
                case "models": options.Models = value.Split('+', StringSplitOptions.RemoveEmptyEntries); break;
                default: throw new ArgumentException("Unknown test server option '" + name + "'.");
            }
        }
        if (options.Id.Length > 0) options.Key = options.Id;
        return options;
    }
}
