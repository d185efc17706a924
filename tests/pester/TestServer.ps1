# Starts and stops the loopback DashScope test server for Pester runs, and builds base URIs for it.
# A run started by run-pester.ps1 shares one server through $env:DASHSCOPE_TEST_SERVER; a test file run
# on its own starts its own.

function Start-DashScopeTestServer {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $dll = Join-Path $root 'tests/TestServer/bin/Release/net10.0/DashScope.TestServer.dll'
    if (-not (Test-Path $dll)) { throw "The test server is not built ($dll). Run ./build.ps1 -Task Build." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll, '--port', '0', '--parent-pid', $PID)) { $start.ArgumentList.Add([string] $argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch '^Listening on (?<address>\S+)$') {
        $process.Kill()
        throw "The test server did not start: $line $($process.StandardError.ReadToEnd())"
    }
    [pscustomobject]@{ Process = $process; Address = $Matches.address }
}

function Stop-DashScopeTestServer($Server) {
    if ($Server -and -not $Server.Process.HasExited) {
        $Server.Process.Kill()
        $Server.Process.WaitForExit(5000) | Out-Null
    }
}

function Get-TestServerAddress {
    # The running server's address (http://127.0.0.1:PORT/), starting one for this file if needed.
    if (-not $env:DASHSCOPE_TEST_SERVER) {
        $script:OwnServer = Start-DashScopeTestServer
        $env:DASHSCOPE_TEST_SERVER = $script:OwnServer.Address
    }
    $env:DASHSCOPE_TEST_SERVER
}

function Get-TestBaseUri([string] $Options) {
    # The -BaseUri that selects test server behaviour, e.g. 'scenario=single-generation-text-sse,bom'.
    $address = Get-TestServerAddress
    if ($Options) { "${address}x/$([uri]::EscapeDataString($Options))/api/v1" } else { "${address}api/v1" }
}

function Get-TestServerRequests([string] $Id) {
    # What the server received for the requests tagged id=$Id.
    Invoke-RestMethod -Uri "$(Get-TestServerAddress)_test/requests?id=$([uri]::EscapeDataString($Id))" -NoProxy
}

function New-TestId {
    # A fresh id so counters (throttle, fail) and logs belong to one test.
    [guid]::NewGuid().ToString('n').Substring(0, 12)
}
