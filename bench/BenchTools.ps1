# Helpers shared by the benchmark scripts (dot-sourced).
# Other builds may rewrite ./bin and the test server's bin while a benchmark runs, so both are copied
# to a temporary folder first and used from there.

function Get-Median([double[]] $Values) {
    $sorted = [double[]] ($Values | Sort-Object)
    $n = $sorted.Length
    if ($n -eq 0) { return [double]::NaN }
    if ($n % 2) { return $sorted[($n - 1) / 2] }
    ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function New-BenchSnapshot([string] $Root, [string] $Name) {
    # Copies the built module (manifest, format files, bin, help) and the built test server; returns the folder.
    $server = Join-Path $Root 'tests/TestServer/bin/Release/net10.0'
    if (-not (Test-Path (Join-Path $Root 'bin/DashScope.dll'))) { throw 'The module is not built. Run ./build.ps1 -Task Build first (./build.ps1 -Task Bench builds).' }
    if (-not (Test-Path (Join-Path $server 'DashScope.TestServer.dll'))) { throw "The test server is not built ($server). Run ./build.ps1 -Task Build." }
    $snapshot = Join-Path ([System.IO.Path]::GetTempPath()) "$Name-$PID"
    New-Item -ItemType Directory -Path $snapshot -Force | Out-Null
    $items = @(Get-ChildItem -Path $Root -File | Where-Object { $_.Extension -in '.psd1', '.psm1', '.ps1xml' }) +
        @(foreach ($folder in 'bin', 'en-US') { Get-Item -Path (Join-Path $Root $folder) -ErrorAction SilentlyContinue })
    foreach ($item in $items) { Copy-Item -Path $item.FullName -Destination $snapshot -Recurse -Force }
    Copy-Item -Path $server -Destination (Join-Path $snapshot 'server') -Recurse -Force
    $snapshot
}

# Starting and stopping the server is the test suite's own helper, pointed at the snapshot's copy.
. (Join-Path $PSScriptRoot '../tests/pester/TestServer.ps1')

function Start-BenchServer([string] $Snapshot) {
    # Stops with this process; a snapshot keeps concurrent rebuilds from disturbing a run.
    Start-DashScopeTestServer -ServerPath (Join-Path $Snapshot 'server/DashScope.TestServer.dll')
}

function Stop-BenchServer($Server) { Stop-DashScopeTestServer $Server }
