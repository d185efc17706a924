using DashScope.Streaming;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.TestServer;
using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>One in-process loopback DashScope per test class. Tests tag their requests with a unique id= option.</summary>
public sealed class TestServerFixture : IAsyncLifetime
{
    public const string Key = "sk-test-1234567890";

    private int _next;

    public DashScopeTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await DashScopeTestServer.StartAsync(0, TestPaths.Recordings);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh request-group id, so counters (throttle, fail, hold) and the request log are per test.</summary>
    public string NewId(string hint) =>
        new string(hint.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()) + "-" + Interlocked.Increment(ref _next) + "-" + Guid.NewGuid().ToString("N")[..8];

    public ConnectionSettings Settings(string options, int retries = 0, string key = Key) =>
        new(Server.BaseUri(options), ApiKey.FromString(key, "test"))
        {
            Retry = new RetryPolicy(retries, TimeSpan.FromMilliseconds(50)),
            // Generous: no test here waits on the default five minutes, and a stuck call fails the test instead of hanging it.
            Timeout = TimeSpan.FromSeconds(30),
        };

    public DashScopeClient Client(string options, int retries = 0) => new(Settings(options, retries));

    public ChatClient Chat(string options, int retries = 0) => new(new DashScopeClient(Settings(options, retries)));

    public ChatClient Chat(ConnectionSettings settings) => new(new DashScopeClient(settings));

    public IReadOnlyList<LoggedRequest> Requests(string id) => Server.Log.For(id).ToList();

    public static ChatRequest Ask(string prompt, string model = "qwen-plus") => new()
    {
        Model = model,
        Messages = [new QwenChatMessage("user", prompt)],
        Prompt = prompt,
    };

    /// <summary>Streams the answer without showing it (as a cmdlet does for thinking without -Stream).</summary>
    public static readonly IChatStreamObserver Unseen = new Observer(showsAnswer: false);

    /// <summary>An observer that keeps every event.</summary>
    public sealed class Observer(bool showsAnswer = true) : IChatStreamObserver
    {
        public List<ChatStreamEvent> Events { get; } = [];

        public bool ShowsAnswer => showsAnswer;

        public Task OnEventAsync(ChatStreamEvent chatEvent)
        {
            Events.Add(chatEvent);
            return Task.CompletedTask;
        }
    }

    /// <summary>Reads a whole stream; each read is bounded so a broken test fails instead of hanging.</summary>
    public static async Task<List<ChatStreamEvent>> ReadAllAsync(ChatStream stream)
    {
        var records = new List<ChatStreamEvent>();
        while (await stream.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)) is { } record) records.Add(record);
        return records;
    }
}
