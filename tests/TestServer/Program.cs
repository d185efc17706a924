using System.Diagnostics;
using DashScope.TestServer;

// dotnet DashScope.TestServer.dll [--port N] [--recordings DIR] [--parent-pid PID]
// Prints "Listening on http://127.0.0.1:PORT/" once ready; stops with its parent, on Ctrl+C, or when stdin closes.
var port = 0;
string? recordings = null;
int? parent = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[++i]); break;
        case "--recordings": recordings = args[++i]; break;
        case "--parent-pid": parent = int.Parse(args[++i]); break;
    }
}

await using var server = await DashScopeTestServer.StartAsync(port, recordings);
Console.WriteLine("Listening on " + server.Address);
Console.Out.Flush();

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
if (parent is int pid)
{
    _ = Task.Run(async () =>
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            await process.WaitForExitAsync();
        }
        catch (ArgumentException)
        {
        }
        stop.TrySetResult();
    });
}
await Task.WhenAny(stop.Task, server.WaitForShutdownAsync());
