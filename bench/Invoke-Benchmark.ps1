#requires -Version 7.4
<#
.SYNOPSIS
    Measures what the DashScope module adds on top of the network, each figure beside a baseline
    measured in the same run, against the loopback test server.
.DESCRIPTION
    Rows (medians over several runs):
      1. streaming throughput: Invoke-QwenChat -Stream | Measure-Object vs a bare HttpClient line reader
         (bench/RawSse.cs) in this same process; plus the test server's own rate (curl, or the raw reader,
         on a much longer stream) to show the server is not the bottleneck
      2. time to first record vs the raw reader's first data: line, server gap 0
      3. import cost: pwsh -NoProfile -c 'Import-Module ./DashScope.psd1' vs pwsh -NoProfile -c 1, fresh processes
      4. peak working set while streaming 200,000 events, module vs raw reader, each in a fresh pwsh
      5. concurrency (when Invoke-QwenChat has -ThrottleLimit): 200 prompts, 100 ms server latency, vs ideal
      6. embeddings: 10,000 lines through Get-QwenEmbedding -ThrottleLimit 20, 50 ms server latency, vs ideal
         (calls / 20 x 50 ms) and a bare HttpClient sending the same calls; peak working set, fresh process each side
      7. waiting: Wait-QwenTask on 100 tasks at once, this process's CPU while it waits vs while it sleeps as long
      8. batch input: 50,000 prompts piped to Invoke-QwenChat -AsBatch (JSONL written, uploaded, batch created) vs the
         same bytes piped to a raw StreamWriter and uploaded with a raw HttpClient (bench/RawBatch.cs); a C# loop too
      9. peak working set sending those prompts from Get-Content through -AsBatch vs an idle pwsh, fresh processes
     10. Receive-QwenBatch: 50,000 output lines into QwenChatResult objects per second (bench/BatchBench.ps1)
    Writes bench/results/latest.md and latest.json. Build first (./build.ps1 -Task Bench does).
    The module and the test server are copied to a temporary folder first, so a rebuild during the run cannot disturb them.
.EXAMPLE
    dotnet tool run pwsh -NoProfile -File ./build.ps1 -Task Bench
.EXAMPLE
    dotnet tool run pwsh -NoProfile -File bench/Invoke-Benchmark.ps1 -Runs 9 -ImportRuns 9
#>
[CmdletBinding()]
param(
    # Measured throughput runs per side (after the warm-up runs); each takes 0.05 to 0.2 s.
    [ValidateRange(1, 1000)] [int] $Runs = 15,
    # Measured concurrency runs per side; each takes about 1 s.
    [ValidateRange(1, 1000)] [int] $ConcurrencyRuns = 5,
    # Unmeasured throughput runs first, until all three are reached (or -MaxWarmupSeconds): at least
    # -WarmupRuns runs, -WarmupSeconds of time and -WarmupEvents events through the module. The JIT needs
    # that long to tier up the hot paths: in a fresh pwsh the module streams at a fifth of its steady rate
    # for the first 150,000 to 200,000 events (2 to 3 s on an idle machine, much longer on a busy one).
    [ValidateRange(0, 1000)] [int] $WarmupRuns = 2,
    [ValidateRange(0, 600)] [double] $WarmupSeconds = 5,
    [ValidateRange(0, 100000000)] [int] $WarmupEvents = 400000,
    [ValidateRange(0, 3600)] [double] $MaxWarmupSeconds = 90,
    # Measured time-to-first-record runs (each is a few milliseconds), after their own warm-up runs: the
    # per-call code (binding, settings, request) is compiled at tier 0 until it has run about 30 times.
    [ValidateRange(1, 1000)] [int] $FirstRecordRuns = 25,
    [ValidateRange(0, 1000)] [int] $FirstRecordWarmupRuns = 40,
    # Idle time before each measured call, as before a call typed at a console: threads that waited are
    # woken, not spinning. 0 measures calls back to back.
    [ValidateRange(0, 10000)] [int] $FirstRecordIdleMs = 50,
    # Fresh processes per side for the first call of a session (information, no target).
    [ValidateRange(0, 100)] [int] $ColdRuns = 3,
    # Pairs of fresh pwsh processes (bare, with import).
    [ValidateRange(1, 100)] [int] $ImportRuns = 7,
    # Fresh processes per side for the memory row.
    [ValidateRange(1, 100)] [int] $MemoryRuns = 5,
    # Runs of the server-alone measurement.
    [ValidateRange(1, 100)] [int] $ServerRuns = 3,

    [ValidateRange(1, 10000000)] [int] $Tokens = 20000,
    [ValidateRange(1, 10000000)] [int] $ServerTokens = 200000,
    [ValidateRange(1, 10000000)] [int] $FirstRecordTokens = 20,
    [ValidateRange(1, 10000000)] [int] $MemoryTokens = 200000,
    [ValidateRange(1, 100000)] [int] $Prompts = 200,
    [ValidateRange(1, 1000)] [int] $ThrottleLimit = 20,
    [ValidateRange(1, 60000)] [int] $LatencyMs = 100,
    # The batch rows: prompts sent, measured runs per side, fresh processes per side for memory, receive runs.
    [ValidateRange(1, 1000000)] [int] $BatchPrompts = 50000,
    [ValidateRange(1, 100)] [int] $BatchRuns = 5,
    [ValidateRange(1, 100)] [int] $BatchMemoryRuns = 3,
    [ValidateRange(1, 100)] [int] $ReceiveRuns = 5,

    # Row 6: lines embedded, calls at once, server latency, vector size; measured runs (after one warm-up) and fresh
    # processes per side for its memory figure.
    [ValidateRange(1, 10000000)] [int] $EmbeddingLines = 10000,
    [ValidateRange(1, 64)] [int] $EmbeddingThrottleLimit = 20,
    [ValidateRange(1, 60000)] [int] $EmbeddingLatencyMs = 50,
    [ValidateSet(64, 128, 256, 512, 768, 1024, 1536, 2048)] [int] $EmbeddingDimension = 1024,
    [ValidateRange(1, 100)] [int] $EmbeddingRuns = 3,
    [ValidateRange(1, 100)] [int] $EmbeddingMemoryRuns = 3,
    # Row 7: tasks waited for at once, the poll at which they end (8: about 16 s on the default schedule), runs.
    [ValidateRange(1, 10000)] [int] $Tasks = 100,
    [ValidateRange(2, 100)] [int] $TaskPolls = 8,
    [ValidateRange(1, 100)] [int] $TaskRuns = 3,

    # Where latest.md and latest.json go.
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'results')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
$inv = [System.Globalization.CultureInfo]::InvariantCulture

# ---------------------------------------------------------------- helpers

. (Join-Path $PSScriptRoot 'BenchTools.ps1')
. (Join-Path $PSScriptRoot 'BatchBench.ps1')

function Format-Number([double] $Value, [string] $Format = 'N0') { $Value.ToString($Format, $inv) }

function Get-Mb([double] $Bytes) { $Bytes / 1MB }

function Write-Note([string] $Text) { Write-Host "  $Text" }

function Invoke-Collect { [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect() }

$script:Self = [System.Diagnostics.Process]::GetCurrentProcess()
function Get-CpuSeconds { $script:Self.Refresh(); $script:Self.TotalProcessorTime.TotalSeconds }

function Get-PwshCommand {
    # The pwsh apphost from $PSHOME (the NuGet cache when started by 'dotnet tool run'), else 'dotnet pwsh.dll'.
    $apphost = Join-Path $PSHOME 'pwsh'
    if ((Test-Path $apphost -PathType Leaf) -and -not $IsWindows) { return @{ File = $apphost; Prefix = @() } }
    if ($IsWindows -and (Test-Path (Join-Path $PSHOME 'pwsh.exe'))) { return @{ File = (Join-Path $PSHOME 'pwsh.exe'); Prefix = @() } }
    @{ File = 'dotnet'; Prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
}

function Invoke-Pwsh([string] $Command) {
    # A fresh pwsh process in the module snapshot folder; returns its wall time and output.
    $start = [System.Diagnostics.ProcessStartInfo]::new($script:Pwsh.File)
    foreach ($argument in @($script:Pwsh.Prefix) + @('-NoProfile', '-c', $Command)) { $start.ArgumentList.Add([string] $argument) }
    $start.WorkingDirectory = $script:Snapshot
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $start.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($start)
    $out = $process.StandardOutput.ReadToEndAsync()
    $err = $process.StandardError.ReadToEndAsync()
    $process.WaitForExit()
    $watch.Stop()
    $result = [pscustomobject]@{ Ms = $watch.Elapsed.TotalMilliseconds; ExitCode = $process.ExitCode; Out = $out.Result.Trim(); Err = $err.Result.Trim() }
    $process.Dispose()
    if ($result.ExitCode -ne 0 -or $result.Err) { throw "A benchmark child process failed (exit $($result.ExitCode)): $($result.Err) $($result.Out)`nCommand: $Command" }
    $result
}

function Get-BaseUri([string] $Options) { "$($script:Server.Address)x/$([uri]::EscapeDataString($Options))/api/v1" }

function Get-RawUrl([string] $Options) { "$($script:Server.Address)x/$([uri]::EscapeDataString($Options))$($script:RequestPath)" }

function Read-Lines([string] $Path) { if (Test-Path $Path) { [System.IO.File]::ReadAllLines($Path) } else { @() } }

function Get-MachineInfo {
    $os = (Read-Lines '/etc/os-release' | Where-Object { $_ -like 'PRETTY_NAME=*' } | Select-Object -First 1)
    $os = if ($os) { $os.Substring(12).Trim('"') } else { [System.Runtime.InteropServices.RuntimeInformation]::OSDescription }
    $cpu = (Read-Lines '/proc/cpuinfo' | Where-Object { $_ -like 'model name*' } | Select-Object -First 1)
    $cpu = if ($cpu) { ($cpu -split ':', 2)[1].Trim() } else { '' }
    $memory = (Read-Lines '/proc/meminfo' | Where-Object { $_ -like 'MemTotal:*' } | Select-Object -First 1)
    $memoryGb = if ($memory) { [double] (($memory -split '\s+')[1]) * 1KB / 1GB } else { [double]::NaN }
    $nproc = try { [int] (& nproc 2>$null) } catch { [Environment]::ProcessorCount }
    [ordered]@{
        Cores      = $nproc
        MemoryGB   = [math]::Round($memoryGb, 1)
        Cpu        = $cpu
        OS         = $os
        DotNet     = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        PowerShell = $PSVersionTable.PSVersion.ToString()
    }
}

function Get-LoadAverage { $line = Read-Lines '/proc/loadavg'; if ($line) { ($line -split ' ')[0..2] -join ' ' } else { 'n/a' } }

# ---------------------------------------------------------------- set-up

$machine = Get-MachineInfo
$loadBefore = Get-LoadAverage
Write-Host "DashScope benchmark: $($machine.Cores) cores, $($machine.MemoryGB) GB, $($machine.OS), $($machine.DotNet), pwsh $($machine.PowerShell); load average $loadBefore"

# A snapshot of the built module and test server: other builds on this machine may rewrite them while we measure.
$script:Snapshot = New-BenchSnapshot -Root $root -Name 'dashscope-bench'
$moduleBuilt = (Get-Item (Join-Path $root 'bin/DashScope.dll')).LastWriteTimeUtc
$moduleHash = (Get-FileHash -Algorithm SHA256 (Join-Path $script:Snapshot 'bin/DashScope.dll')).Hash.Substring(0, 12).ToLowerInvariant()
$commit = try { (& git -C $root rev-parse --short HEAD 2>$null) } catch { $null }
$changed = try { @(& git -C $root status --porcelain -- src 2>$null).Count } catch { 0 }
$source = if ($commit) { "commit $commit" + $(if ($changed) { " + $changed changed files in src/" } else { '' }) } else { 'no git' }

# The raw baseline, compiled once so child processes load it without the compiler's memory.
$rawDll = Join-Path $script:Snapshot 'RawSse.dll'
Add-Type -Path (Join-Path $PSScriptRoot 'RawSse.cs') -OutputAssembly $rawDll
Add-Type -Path $rawDll
Add-Type -Path (Join-Path $PSScriptRoot 'RawBatch.cs')
$script:Pwsh = Get-PwshCommand

$results = [ordered]@{}
try {
    $script:Server = Start-BenchServer $script:Snapshot
    Import-Module (Join-Path $script:Snapshot 'DashScope.psd1') -Force
    $apiKey = 'sk-bench'

    # The exact body and path the module sends, read back from the server's request log.
    $captureId = 'bench-capture-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    Invoke-QwenChat 'bench' -Stream -BaseUri (Get-BaseUri "id=$captureId,tokens=1") -ApiKey $apiKey | Out-Null
    $captured = @(Invoke-RestMethod -Uri "$($script:Server.Address)_test/requests?id=$captureId" -NoProxy)[0]
    $body = [string] $captured.Body
    $script:RequestPath = [string] $captured.Path
    Write-Host "Test server $($script:Server.Address); request body $($body.Length) bytes to $($script:RequestPath)"

    # ------------------------------------------------------------ 1. streaming throughput
    Write-Host "1. Streaming throughput ($(Format-Number $Tokens) events; warm-up: $WarmupRuns runs, $WarmupSeconds s and $(Format-Number $WarmupEvents) events at least, at most $MaxWarmupSeconds s; then $Runs runs each)"
    $options = "tokens=$Tokens,gap=0"
    $baseUri = Get-BaseUri $options
    $rawUrl = Get-RawUrl $options
    $events = $Tokens + 1   # K one-token events and the final empty-delta event
    $moduleRates = [System.Collections.Generic.List[double]]::new()
    $rawRates = [System.Collections.Generic.List[double]]::new()
    # CPU time of this process per event (all its threads): the client's own cost, whatever the server does.
    $moduleCpu = [System.Collections.Generic.List[double]]::new()
    $rawCpu = [System.Collections.Generic.List[double]]::new()
    $coldRates = @{}
    $warmup = [System.Diagnostics.Stopwatch]::StartNew()
    $warmupCount = 0
    for ($i = 0; $i -le $Runs; $i++) {
        if ($i -eq 0) {
            # Warm-up: repeat run 0 until both the time and the count are reached.
            $warm = $warmupCount -ge $WarmupRuns -and $warmup.Elapsed.TotalSeconds -ge $WarmupSeconds -and $warmupCount * $events -ge $WarmupEvents
            if ($warm -or $warmup.Elapsed.TotalSeconds -ge $MaxWarmupSeconds) {
                $warmup.Stop()
                Write-Note ("warm-up: {0} runs each, {1:N1} s; first runs in this process: module {2:N0} events/s, raw {3:N0} events/s" -f $warmupCount, $warmup.Elapsed.TotalSeconds, $coldRates.module, $coldRates.raw)
                continue
            }
            $warmupCount++
            $i = -1
        }
        $order = if ($i % 2) { 'module', 'raw' } else { 'raw', 'module' }
        foreach ($side in $order) {
            Invoke-Collect
            $cpuBefore = Get-CpuSeconds
            if ($side -eq 'module') {
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $measure = Invoke-QwenChat 'bench' -Stream -BaseUri $baseUri -ApiKey $apiKey | Measure-Object
                $watch.Stop()
                if ($i -ge 1) { $moduleCpu.Add((Get-CpuSeconds) - $cpuBefore) }
                if ($measure.Count -ne $events + 1) { throw "The module wrote $($measure.Count) objects; expected $($events + 1) ($events records and the result)." }
                $rate = $events / $watch.Elapsed.TotalSeconds
                if (-not $coldRates.ContainsKey('module')) { $coldRates.module = $rate }
                if ($i -ge 1) { $moduleRates.Add($rate) }
            }
            else {
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $raw = [DashScopeBench.RawSse]::Read($rawUrl, $body, $apiKey, $false)
                $watch.Stop()
                if ($i -ge 1) { $rawCpu.Add((Get-CpuSeconds) - $cpuBefore) }
                if ($raw.DataLines -ne $events) { throw "The raw reader saw $($raw.DataLines) data lines; expected $events." }
                $rate = $events / $watch.Elapsed.TotalSeconds
                if (-not $coldRates.ContainsKey('raw')) { $coldRates.raw = $rate }
                if ($i -ge 1) { $rawRates.Add($rate) }
            }
        }
        if ($i -ge 1 -and ($i -le 3 -or $i -eq $Runs)) {
            if ($i -eq $Runs -and $Runs -gt 4) { Write-Note '...' }
            Write-Note ("run {0}: module {1:N0} events/s ({2:N2} µs CPU/event), raw {3:N0} events/s ({4:N2} µs CPU/event)" -f `
                $i, $moduleRates[-1], (1e6 * $moduleCpu[-1] / $events), $rawRates[-1], (1e6 * $rawCpu[-1] / $events))
        }
    }

    Write-Host "   the test server alone ($(Format-Number $ServerTokens) events, $ServerRuns runs)"
    $serverOptions = "tokens=$ServerTokens,gap=0"
    $serverUrl = Get-RawUrl $serverOptions
    $curl = Get-Command curl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $serverRates = [System.Collections.Generic.List[double]]::new()
    $rawLongRates = [System.Collections.Generic.List[double]]::new()
    $bodyFile = Join-Path $script:Snapshot 'body.json'
    [System.IO.File]::WriteAllText($bodyFile, $body)
    for ($i = 1; $i -le $ServerRuns; $i++) {
        Invoke-Collect
        if ($curl) {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $bytes = & $curl.Source -s -N -o /dev/null -w '%{size_download}' -X POST -H "Authorization: Bearer $apiKey" -H 'Accept: text/event-stream' `
                -H 'X-DashScope-SSE: enable' -H 'Content-Type: application/json' --data-binary "@$bodyFile" $serverUrl
            $watch.Stop()
            if ($LASTEXITCODE -or [long] $bytes -le 0) { throw "curl failed (exit $LASTEXITCODE)." }
            $serverRates.Add(($ServerTokens + 1) / $watch.Elapsed.TotalSeconds)
        }
        $raw = [DashScopeBench.RawSse]::Read($serverUrl, $body, $apiKey, $false)
        $rawLongRates.Add($raw.DataLines / $raw.Seconds)
    }
    # The server sent the stream at least as fast as its fastest reader took it.
    $serverAlone = [System.Collections.Generic.List[double]]::new()
    for ($k = 0; $k -lt $rawLongRates.Count; $k++) { $serverAlone.Add([math]::Max($rawLongRates[$k], $(if ($curl) { $serverRates[$k] } else { 0 }))) }
    $results.Throughput = [ordered]@{
        Events             = $events
        ModuleEventsPerSec = [double[]] $moduleRates
        RawEventsPerSec    = [double[]] $rawRates
        ModuleMedian       = Get-Median $moduleRates
        RawMedian          = Get-Median $rawRates
        ModuleCpuMicrosecondsPerEvent = [double[]] @($moduleCpu | ForEach-Object { 1e6 * $_ / $events })
        RawCpuMicrosecondsPerEvent = [double[]] @($rawCpu | ForEach-Object { 1e6 * $_ / $events })
        # Process CPU time ticks in 10 ms steps on Linux: the total over all runs is more exact than a median.
        ModuleCpuMean    = 1e6 * ($moduleCpu | Measure-Object -Sum).Sum / ($events * $moduleCpu.Count)
        RawCpuMean       = 1e6 * ($rawCpu | Measure-Object -Sum).Sum / ($events * $rawCpu.Count)
        ServerEvents       = $ServerTokens + 1
        ServerMeasuredWith = if ($curl) { 'the faster of curl -N -o /dev/null and the raw reader' } else { 'the raw reader' }
        CurlEventsPerSec   = [double[]] $serverRates
        CurlMedian         = if ($curl) { Get-Median $serverRates } else { $null }
        RawLongEventsPerSec = [double[]] $rawLongRates
        RawLongMedian      = Get-Median $rawLongRates
        ServerEventsPerSec = [double[]] $serverAlone
        ServerMedian       = Get-Median $serverAlone
        WarmupRuns         = $warmupCount
        WarmupSeconds      = $warmup.Elapsed.TotalSeconds
        ColdModuleEventsPerSec = $coldRates.module
        ColdRawEventsPerSec = $coldRates.raw
    }
    $results.Throughput.Ratio = $results.Throughput.ModuleMedian / $results.Throughput.RawMedian

    # ------------------------------------------------------------ 2. time to first record
    Write-Host "2. Time to first record ($FirstRecordTokens-event stream, gap 0, $FirstRecordIdleMs ms idle before each call, $FirstRecordWarmupRuns warm-up + $FirstRecordRuns runs each)"
    $options = "tokens=$FirstRecordTokens,gap=0"
    $baseUri = Get-BaseUri $options
    $rawUrl = Get-RawUrl $options
    $moduleFirst = [System.Collections.Generic.List[double]]::new()
    $rawFirst = [System.Collections.Generic.List[double]]::new()
    $clock = [System.Diagnostics.Stopwatch]::new()
    for ($i = -$FirstRecordWarmupRuns + 1; $i -le $FirstRecordRuns; $i++) {
        $order = if ($i % 2) { 'module', 'raw' } else { 'raw', 'module' }
        foreach ($side in $order) {
            Invoke-Collect
            if ($FirstRecordIdleMs -gt 0 -and $i -ge 1) { Start-Sleep -Milliseconds $FirstRecordIdleMs }
            if ($side -eq 'module') {
                $clock.Restart()
                Invoke-QwenChat 'bench' -Stream -BaseUri $baseUri -ApiKey $apiKey | ForEach-Object { $clock.Stop(); $_ } | Select-Object -First 1 | Out-Null
                if ($i -ge 1) { $moduleFirst.Add($clock.Elapsed.TotalMilliseconds) }
            }
            else {
                $clock.Restart()
                $null = [DashScopeBench.RawSse]::Read($rawUrl, $body, $apiKey, $true)
                $clock.Stop()
                if ($i -ge 1) { $rawFirst.Add($clock.Elapsed.TotalMilliseconds) }
            }
        }
    }
    $results.FirstRecord = [ordered]@{
        ModuleMs     = [double[]] $moduleFirst
        RawMs        = [double[]] $rawFirst
        ModuleMedian = Get-Median $moduleFirst
        RawMedian    = Get-Median $rawFirst
    }
    $results.FirstRecord.OverheadMs = $results.FirstRecord.ModuleMedian - $results.FirstRecord.RawMedian
    Write-Note ("median: module {0:N2} ms, raw {1:N2} ms" -f $results.FirstRecord.ModuleMedian, $results.FirstRecord.RawMedian)

    # The first call of a fresh session (module imported, raw reader loaded, neither timed): JIT included.
    # Both processes first run the same pipeline shape once, so PowerShell's own first use of
    # ForEach-Object and Select-Object is not counted against the module.
    $coldModule = [System.Collections.Generic.List[double]]::new()
    $coldRaw = [System.Collections.Generic.List[double]]::new()
    $timeFirst = '; 1, 2 | ForEach-Object { $_ } | Select-Object -First 1 | Out-Null; $c = [System.Diagnostics.Stopwatch]::StartNew(); '
    $moduleFirstCommand = "Import-Module ./DashScope.psd1" + $timeFirst + "Invoke-QwenChat 'bench' -Stream -BaseUri '$baseUri' -ApiKey $apiKey | ForEach-Object { `$c.Stop(); `$_ } | Select-Object -First 1 | Out-Null; `$c.Elapsed.TotalMilliseconds"
    $rawFirstCommand = "[void] [System.Reflection.Assembly]::LoadFrom('$rawDll')" + $timeFirst + "[void] [DashScopeBench.RawSse]::Read('$rawUrl', '$($body.Replace("'", "''"))', '$apiKey', `$true); `$c.Stop(); `$c.Elapsed.TotalMilliseconds"
    for ($i = 1; $i -le $ColdRuns; $i++) {
        $coldModule.Add([double]::Parse((Invoke-Pwsh $moduleFirstCommand).Out, $inv))
        $coldRaw.Add([double]::Parse((Invoke-Pwsh $rawFirstCommand).Out, $inv))
    }
    if ($ColdRuns -gt 0) {
        $results.FirstRecord.ColdModuleMs = [double[]] $coldModule
        $results.FirstRecord.ColdRawMs = [double[]] $coldRaw
        $results.FirstRecord.ColdModuleMedian = Get-Median $coldModule
        $results.FirstRecord.ColdRawMedian = Get-Median $coldRaw
        Write-Note ("first call in a fresh pwsh ({0} runs): module {1:N1} ms, raw {2:N1} ms" -f $ColdRuns, $results.FirstRecord.ColdModuleMedian, $results.FirstRecord.ColdRawMedian)
    }

    # ------------------------------------------------------------ 3. import cost
    Write-Host "3. Import cost (1 warm-up + $ImportRuns pairs of fresh processes: $($script:Pwsh.File) $($script:Pwsh.Prefix) -NoProfile -c ...)"
    $bare = [System.Collections.Generic.List[double]]::new()
    $imported = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -le $ImportRuns; $i++) {
        $order = if ($i % 2) { 'import', 'bare' } else { 'bare', 'import' }
        foreach ($side in $order) {
            $run = if ($side -eq 'bare') { Invoke-Pwsh '1' } else { Invoke-Pwsh 'Import-Module ./DashScope.psd1' }
            if ($i -ge 1) { if ($side -eq 'bare') { $bare.Add($run.Ms) } else { $imported.Add($run.Ms) } }
        }
        if ($i -ge 1) { Write-Note ("run {0}: bare {1:N0} ms, with import {2:N0} ms" -f $i, $bare[-1], $imported[-1]) }
    }
    $results.Import = [ordered]@{
        BareMs       = [double[]] $bare
        ImportMs     = [double[]] $imported
        BareMedian   = Get-Median $bare
        ImportMedian = Get-Median $imported
    }
    $results.Import.CostMs = $results.Import.ImportMedian - $results.Import.BareMedian

    # ------------------------------------------------------------ 4. memory
    Write-Host "4. Memory ($(Format-Number $MemoryTokens) events, $MemoryRuns fresh processes per side)"
    $options = "tokens=$MemoryTokens,gap=0"
    $report = '; $p = [System.Diagnostics.Process]::GetCurrentProcess(); $p.Refresh(); "$n $($p.PeakWorkingSet64)"'
    $moduleCommand = "Import-Module ./DashScope.psd1; `$n = (Invoke-QwenChat 'bench' -Stream -BaseUri '$(Get-BaseUri $options)' -ApiKey $apiKey | Measure-Object).Count" + $report
    $rawCommand = "[void] [System.Reflection.Assembly]::LoadFrom('$rawDll'); `$n = [DashScopeBench.RawSse]::Count('$(Get-RawUrl $options)', '$($body.Replace("'", "''"))', '$apiKey')" + $report
    # The same processes with a one-event stream: the fixed footprint of each side, to separate it from growth.
    $moduleSmall = "Import-Module ./DashScope.psd1; `$n = (Invoke-QwenChat 'bench' -Stream -BaseUri '$(Get-BaseUri 'tokens=1,gap=0')' -ApiKey $apiKey | Measure-Object).Count" + $report
    $rawSmall = "[void] [System.Reflection.Assembly]::LoadFrom('$rawDll'); `$n = [DashScopeBench.RawSse]::Count('$(Get-RawUrl 'tokens=1,gap=0')', '$($body.Replace("'", "''"))', '$apiKey')" + $report
    # The live heap (after a full GC) at 8 points of the stream; the slope of a least-squares line is what stays per event.
    $step = [math]::Max(1, [int] [math]::Floor($MemoryTokens / 8))
    $liveCommand = "Import-Module ./DashScope.psd1; `$i = 0; `$x = [System.Collections.Generic.List[double]]::new(); `$y = [System.Collections.Generic.List[double]]::new(); " +
        "Invoke-QwenChat 'bench' -Stream -BaseUri '$(Get-BaseUri $options)' -ApiKey $apiKey | ForEach-Object { `$i++; if (`$i % $step -eq 0 -and `$i -le $MemoryTokens) { `$x.Add(`$i); `$y.Add([GC]::GetTotalMemory(`$true)) } }; " +
        "`$mx = (`$x | Measure-Object -Average).Average; `$my = (`$y | Measure-Object -Average).Average; `$sxy = 0; `$sxx = 0; " +
        "for (`$k = 0; `$k -lt `$x.Count; `$k++) { `$sxy += (`$x[`$k] - `$mx) * (`$y[`$k] - `$my); `$sxx += (`$x[`$k] - `$mx) * (`$x[`$k] - `$mx) }; " +
        "`"`$i `$(`$sxy / `$sxx)`""
    $memory = [ordered]@{ ModulePeak = @(); RawPeak = @(); ModuleSmallPeak = @(); RawSmallPeak = @(); LiveBytesPerEvent = @() }
    for ($i = 1; $i -le $MemoryRuns; $i++) {
        foreach ($pair in @(@('ModulePeak', $moduleCommand, ($MemoryTokens + 2)), @('RawPeak', $rawCommand, ($MemoryTokens + 1)),
                            @('ModuleSmallPeak', $moduleSmall, 3), @('RawSmallPeak', $rawSmall, 2))) {
            $out = (Invoke-Pwsh $pair[1]).Out -split '\s+'
            if ([long] $out[0] -ne $pair[2]) { throw "The $($pair[0]) process counted $($out[0]); expected $($pair[2])." }
            $memory[$pair[0]] += [double] $out[1]
        }
        $live = (Invoke-Pwsh $liveCommand).Out -split '\s+'
        $memory.LiveBytesPerEvent += [double] $live[1]
        Write-Note ("run {0}: module {1:N1} MB, raw {2:N1} MB (one-event streams: {3:N1} / {4:N1} MB); live heap +{5:N1} bytes/event" -f `
            $i, (Get-Mb $memory.ModulePeak[-1]), (Get-Mb $memory.RawPeak[-1]), (Get-Mb $memory.ModuleSmallPeak[-1]), (Get-Mb $memory.RawSmallPeak[-1]), $memory.LiveBytesPerEvent[-1])
    }
    $textBytes = 2.0 * $MemoryTokens   # one 'a' per event, UTF-16
    $results.Memory = [ordered]@{
        Events                 = $MemoryTokens
        ModulePeakBytes        = [double[]] $memory.ModulePeak
        RawPeakBytes           = [double[]] $memory.RawPeak
        ModuleSmallPeakBytes   = [double[]] $memory.ModuleSmallPeak
        RawSmallPeakBytes      = [double[]] $memory.RawSmallPeak
        LiveBytesPerEvent      = [double[]] $memory.LiveBytesPerEvent
        ModuleMedian           = Get-Median $memory.ModulePeak
        RawMedian              = Get-Median $memory.RawPeak
        ModuleSmallMedian      = Get-Median $memory.ModuleSmallPeak
        RawSmallMedian         = Get-Median $memory.RawSmallPeak
        LiveBytesPerEventMedian = Get-Median $memory.LiveBytesPerEvent
        AccumulatedTextBytes   = $textBytes
        AllowanceBytes         = 2 * $textBytes + 30MB
    }
    $results.Memory.OverheadBytes = $results.Memory.ModuleMedian - $results.Memory.RawMedian

    # ------------------------------------------------------------ 5. concurrency
    $hasThrottle = (Get-Command Invoke-QwenChat).Parameters.ContainsKey('ThrottleLimit')
    $idealSeconds = [math]::Ceiling($Prompts / $ThrottleLimit) * $LatencyMs / 1000
    $results.Concurrency = [ordered]@{ Available = $hasThrottle; Prompts = $Prompts; ThrottleLimit = $ThrottleLimit; LatencyMs = $LatencyMs; IdealSeconds = $idealSeconds }
    if ($hasThrottle) {
        Write-Host "5. Concurrency ($Prompts prompts, latency $LatencyMs ms, -ThrottleLimit $ThrottleLimit; 1 warm-up + $ConcurrencyRuns runs each)"
        $baseUri = Get-BaseUri "latency=$LatencyMs"
        $rawUrl = Get-RawUrl "latency=$LatencyMs"
        $plainBody = $body.Replace(',"incremental_output":true', '')
        $texts = @(1..$Prompts | ForEach-Object { "bench prompt $_" })
        $moduleSeconds = [System.Collections.Generic.List[double]]::new()
        $rawSeconds = [System.Collections.Generic.List[double]]::new()
        for ($i = 0; $i -le $ConcurrencyRuns; $i++) {
            Invoke-Collect
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $answers = @($texts | Invoke-QwenChat -ThrottleLimit $ThrottleLimit -BaseUri $baseUri -ApiKey $apiKey)
            $watch.Stop()
            if ($answers.Count -ne $Prompts) { throw "Invoke-QwenChat -ThrottleLimit answered $($answers.Count) of $Prompts prompts." }
            $rawTime = [DashScopeBench.RawSse]::Concurrent($rawUrl, $plainBody, $apiKey, $Prompts, $ThrottleLimit)
            if ($i -ge 1) {
                $moduleSeconds.Add($watch.Elapsed.TotalSeconds)
                $rawSeconds.Add($rawTime)
                Write-Note ("run {0}: module {1:N3} s, raw {2:N3} s, ideal {3:N3} s" -f $i, $moduleSeconds[-1], $rawSeconds[-1], $idealSeconds)
            }
        }
        $results.Concurrency.ModuleSeconds = [double[]] $moduleSeconds
        $results.Concurrency.RawSeconds = [double[]] $rawSeconds
        $results.Concurrency.ModuleMedian = Get-Median $moduleSeconds
        $results.Concurrency.RawMedian = Get-Median $rawSeconds
        $results.Concurrency.Efficiency = $idealSeconds / $results.Concurrency.ModuleMedian
    }
    else {
        Write-Host '5. Concurrency: n/a (Invoke-QwenChat has no -ThrottleLimit yet)'
    }

    # ------------------------------------------------------------ 6. embeddings
    # Batches come from the model catalog (10 texts a call for text-embedding-v4).
    $batch = 10
    $calls = [math]::Ceiling($EmbeddingLines / $batch)
    $embeddingIdeal = [math]::Ceiling($calls / $EmbeddingThrottleLimit) * $EmbeddingLatencyMs / 1000
    Write-Host "6. Embeddings ($(Format-Number $EmbeddingLines) lines = $calls calls of $batch, $EmbeddingDimension dimensions, latency $EmbeddingLatencyMs ms, -ThrottleLimit $EmbeddingThrottleLimit; 1 warm-up + $EmbeddingRuns runs each)"
    # samevector: the server sends one precomputed vector for every text, so it costs less than the clients it serves.
    $embedOptions = "latency=$EmbeddingLatencyMs,samevector"
    $embedUri = Get-BaseUri $embedOptions
    $embedUrl = "$($script:Server.Address)x/$([uri]::EscapeDataString($embedOptions))/api/v1/services/embeddings/text-embedding/text-embedding"
    $embedBody = '{"model":"text-embedding-v4","input":{"texts":[' + ((1..$batch | ForEach-Object { '"bench line ' + $_ + '"' }) -join ',') + ']},"parameters":{"dimension":' + $EmbeddingDimension + '}}'
    $lines = [string[]] @(1..$EmbeddingLines | ForEach-Object { "bench line $_" })
    $embedModule = [System.Collections.Generic.List[double]]::new()
    $embedRaw = [System.Collections.Generic.List[double]]::new()
    $embedCpu = [System.Collections.Generic.List[double]]::new()
    $embedRawCpu = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -le $EmbeddingRuns; $i++) {
        Invoke-Collect
        $cpuBefore = Get-CpuSeconds
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $count = ($lines | Get-QwenEmbedding -ThrottleLimit $EmbeddingThrottleLimit -Dimension $EmbeddingDimension -BaseUri $embedUri -ApiKey $apiKey | Measure-Object).Count
        $watch.Stop()
        $moduleCpuSeconds = (Get-CpuSeconds) - $cpuBefore
        if ($count -ne $EmbeddingLines) { throw "Get-QwenEmbedding wrote $count objects for $EmbeddingLines lines." }
        Invoke-Collect
        $cpuBefore = Get-CpuSeconds
        $rawTime = [DashScopeBench.RawSse]::Concurrent($embedUrl, $embedBody, $apiKey, $calls, $EmbeddingThrottleLimit)
        $rawCpuSeconds = (Get-CpuSeconds) - $cpuBefore
        if ($i -ge 1) {
            $embedModule.Add($watch.Elapsed.TotalSeconds)
            $embedRaw.Add($rawTime)
            $embedCpu.Add($moduleCpuSeconds)
            $embedRawCpu.Add($rawCpuSeconds)
            Write-Note ("run {0}: module {1:N3} s ({2:N2} s CPU), raw {3:N3} s ({4:N2} s CPU), ideal {5:N3} s" -f $i, $embedModule[-1], $moduleCpuSeconds, $rawTime, $rawCpuSeconds, $embeddingIdeal)
        }
    }
    $lines = $null

    Write-Host "   peak working set ($EmbeddingMemoryRuns fresh processes per side)"
    $vectorBytes = 4.0 * $EmbeddingLines * $EmbeddingDimension
    $embedMemoryCommand = "Import-Module ./DashScope.psd1; `$n = (1..$EmbeddingLines | ForEach-Object { `"bench line `$_`" } | Get-QwenEmbedding -ThrottleLimit $EmbeddingThrottleLimit -Dimension $EmbeddingDimension -BaseUri '$embedUri' -ApiKey $apiKey | Measure-Object).Count" + $report
    $embedRawMemoryCommand = "[void] [System.Reflection.Assembly]::LoadFrom('$rawDll'); [void] [DashScopeBench.RawSse]::Concurrent('$embedUrl', '$embedBody', '$apiKey', $calls, $EmbeddingThrottleLimit); `$n = $EmbeddingLines" + $report
    $embedModulePeak = [System.Collections.Generic.List[double]]::new()
    $embedRawPeak = [System.Collections.Generic.List[double]]::new()
    for ($i = 1; $i -le $EmbeddingMemoryRuns; $i++) {
        foreach ($pair in @(@($embedModulePeak, $embedMemoryCommand), @($embedRawPeak, $embedRawMemoryCommand))) {
            $out = (Invoke-Pwsh $pair[1]).Out -split '\s+'
            if ([long] $out[0] -ne $EmbeddingLines) { throw "A memory process counted $($out[0]) embeddings; expected $EmbeddingLines." }
            $pair[0].Add([double] $out[1])
        }
        Write-Note ("run {0}: module {1:N1} MB, raw {2:N1} MB" -f $i, (Get-Mb $embedModulePeak[-1]), (Get-Mb $embedRawPeak[-1]))
    }
    $results.Embeddings = [ordered]@{
        Lines = $EmbeddingLines; Calls = $calls; TextsPerCall = $batch; Dimension = $EmbeddingDimension
        ThrottleLimit = $EmbeddingThrottleLimit; LatencyMs = $EmbeddingLatencyMs; IdealSeconds = $embeddingIdeal
        ModuleSeconds = [double[]] $embedModule; RawSeconds = [double[]] $embedRaw
        ModuleCpuSeconds = [double[]] $embedCpu; RawCpuSeconds = [double[]] $embedRawCpu
        ModuleMedian = Get-Median $embedModule; RawMedian = Get-Median $embedRaw
        ModuleCpuMedian = Get-Median $embedCpu; RawCpuMedian = Get-Median $embedRawCpu
        ModulePeakBytes = [double[]] $embedModulePeak; RawPeakBytes = [double[]] $embedRawPeak
        ModulePeakMedian = Get-Median $embedModulePeak; RawPeakMedian = Get-Median $embedRawPeak
        VectorBytes = $vectorBytes; AllowanceBytes = 2 * $vectorBytes + 30MB
    }
    $results.Embeddings.Overhead = $results.Embeddings.ModuleMedian / $embeddingIdeal - 1
    $results.Embeddings.MemoryOverheadBytes = $results.Embeddings.ModulePeakMedian - $results.Embeddings.RawPeakMedian

    # ------------------------------------------------------------ 7. waiting for tasks
    Write-Host "7. Waiting ($Tasks tasks at once with Wait-QwenTask, each ending at poll $TaskPolls on the default schedule; 1 warm-up + $TaskRuns runs, each against as long a sleep)"
    $waitCpu = [System.Collections.Generic.List[double]]::new()
    $idleCpu = [System.Collections.Generic.List[double]]::new()
    $waitSeconds = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -le $TaskRuns; $i++) {
        $count = if ($i -eq 0) { 10 } else { $Tasks }
        $polls = if ($i -eq 0) { 2 } else { $TaskPolls }
        $taskUri = Get-BaseUri "id=bench-tasks-$PID-$i,taskpolls=$polls"
        $submitted = @(1..$count | ForEach-Object { New-QwenImage "bench picture $_" -Model wan2.2-t2i-flash -NoWait -BaseUri $taskUri -ApiKey $apiKey })
        Invoke-Collect
        $cpuBefore = Get-CpuSeconds
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $finished = @($submitted | Wait-QwenTask -BaseUri $taskUri -ApiKey $apiKey)
        $watch.Stop()
        $busy = (Get-CpuSeconds) - $cpuBefore
        if ($finished.Count -ne $count -or @($finished | Where-Object Status -NE 'Succeeded').Count) { throw "Wait-QwenTask wrote $($finished.Count) succeeded tasks of $count." }
        Invoke-Collect
        $cpuBefore = Get-CpuSeconds
        Start-Sleep -Milliseconds ([int] $watch.Elapsed.TotalMilliseconds)
        $idle = (Get-CpuSeconds) - $cpuBefore
        if ($i -ge 1) {
            $waitSeconds.Add($watch.Elapsed.TotalSeconds)
            $waitCpu.Add($busy)
            $idleCpu.Add($idle)
            Write-Note ("run {0}: {1} tasks in {2:N1} s: {3:N3} s CPU waiting, {4:N3} s CPU sleeping; +{5:N2} % of one core" -f $i, $count, $watch.Elapsed.TotalSeconds, $busy, $idle, (100 * ($busy - $idle) / $watch.Elapsed.TotalSeconds))
        }
    }
    $results.Waiting = [ordered]@{
        Tasks = $Tasks; PollsEach = $TaskPolls; Seconds = [double[]] $waitSeconds; WaitCpuSeconds = [double[]] $waitCpu; IdleCpuSeconds = [double[]] $idleCpu
        # Process CPU time ticks in 10 ms steps on Linux: totals over the runs are more exact than medians.
        AddedPercentOfOneCore = 100 * (($waitCpu | Measure-Object -Sum).Sum - ($idleCpu | Measure-Object -Sum).Sum) / ($waitSeconds | Measure-Object -Sum).Sum
        CpuMillisecondsPerPoll = 1000 * (($waitCpu | Measure-Object -Sum).Sum - ($idleCpu | Measure-Object -Sum).Sum) / ($Tasks * $TaskPolls * $TaskRuns)
    }
    # ------------------------------------------------------------ 8.-10. batches
    $results.Batch = Measure-BatchRows -Snapshot $script:Snapshot -ServerAddress $script:Server.Address -ApiKey $apiKey `
        -Prompts $BatchPrompts -Runs $BatchRuns -MemoryRuns $BatchMemoryRuns -ReceiveRuns $ReceiveRuns
}
finally {
    Stop-BenchServer $script:Server
    Remove-Module DashScope -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:Snapshot -Recurse -Force -ErrorAction SilentlyContinue
}
$loadAfter = Get-LoadAverage

# ---------------------------------------------------------------- verdicts and the table

function Get-Verdict([bool] $Pass) { if ($Pass) { 'PASS' } else { 'FAIL' } }

$t = $results.Throughput
$f = $results.FirstRecord
$m = $results.Import
$mem = $results.Memory
$c = $results.Concurrency
$b = $results.Batch
$verdicts = [ordered]@{
    Throughput  = Get-Verdict ($t.Ratio -ge 0.5 -and $t.ModuleMedian -ge 20000)
    FirstRecord = Get-Verdict ($f.OverheadMs -le 5)
    Import      = Get-Verdict ($m.CostMs -le 150)
    Memory      = Get-Verdict ($mem.OverheadBytes -le $mem.AllowanceBytes)
    Concurrency = if ($c.Available) { Get-Verdict ($c.Efficiency -ge 0.9) } else { 'n/a' }
    Embeddings  = Get-Verdict ($results.Embeddings.Overhead -le 0.1)
    EmbeddingMemory = Get-Verdict ($results.Embeddings.MemoryOverheadBytes -le $results.Embeddings.AllowanceBytes)
    Waiting     = Get-Verdict ($results.Waiting.AddedPercentOfOneCore -le 5)
    BatchSend   = Get-Verdict ($b.Send.Ratio -le 2)
    BatchMemory = Get-Verdict ($b.Memory.OverheadBytes -le 100MB)
    Receive     = Get-Verdict ($b.Receive.ModuleMedian -ge 50000)
}
$serverVersusModule = $t.ServerMedian / $t.ModuleMedian
# The module's figure is its own when the server is clearly faster; the raw baseline may still be server-bound.
$rawServerBound = $t.RawMedian -ge 0.8 * $t.ServerMedian

$rows = [System.Collections.Generic.List[object]]::new()
$rows.Add(@("1. Streaming throughput, $(Format-Number $t.Events) events, piped to Measure-Object",
        "$(Format-Number $t.ModuleMedian) events/s ($(Format-Number $t.ModuleCpuMean 'N2') µs CPU/event)", "$(Format-Number $t.RawMedian) events/s ($(Format-Number $t.RawCpuMean 'N2') µs CPU/event; HttpClient + ReadLine)",
        "$(Format-Number (100 * $t.Ratio)) % of raw", '≥ 50 % of raw and ≥ 20,000 events/s', $verdicts.Throughput))
$rows.Add(@("   the test server alone, $(Format-Number $t.ServerEvents) events, read by the faster of curl and the raw reader",
        "$(Format-Number $t.ServerMedian) events/s", $(if ($null -ne $t.CurlMedian) { "curl $(Format-Number $t.CurlMedian), raw reader $(Format-Number $t.RawLongMedian) events/s" } else { "raw reader $(Format-Number $t.RawLongMedian) events/s" }),
        "$(Format-Number $serverVersusModule 'N1') × the module's rate", 'server faster than the module (≥ 1.2 ×)', $(if ($serverVersusModule -ge 1.2) { 'ok' } else { 'CHECK' })))
$rows.Add(@("2. Time to first record, $FirstRecordTokens-event stream, gap 0, $FirstRecordIdleMs ms idle before each call",
        "$(Format-Number $f.ModuleMedian 'N2') ms", "$(Format-Number $f.RawMedian 'N2') ms (first data: line)",
        "+$(Format-Number $f.OverheadMs 'N2') ms", '≤ 5 ms over raw', $verdicts.FirstRecord))
$rows.Add(@('3. Import cost, fresh pwsh -NoProfile -c',
        "$(Format-Number $m.ImportMedian) ms (Import-Module ./DashScope.psd1)", "$(Format-Number $m.BareMedian) ms (-c 1)",
        "+$(Format-Number $m.CostMs) ms", '≤ 150 ms over bare pwsh', $verdicts.Import))
$rows.Add(@("4. Peak working set, $(Format-Number $mem.Events) events, fresh process each",
        "$(Format-Number (Get-Mb $mem.ModuleMedian) 'N1') MB", "$(Format-Number (Get-Mb $mem.RawMedian) 'N1') MB (raw reader)",
        "+$(Format-Number (Get-Mb $mem.OverheadBytes) 'N1') MB", "≤ 2 × text + 30 MB = $(Format-Number (Get-Mb $mem.AllowanceBytes) 'N1') MB", $verdicts.Memory))
if ($c.Available) {
    $rows.Add(@("5. Concurrency, $($c.Prompts) prompts, latency $($c.LatencyMs) ms, -ThrottleLimit $($c.ThrottleLimit)",
            "$(Format-Number $c.ModuleMedian 'N3') s", "ideal $(Format-Number $c.IdealSeconds 'N3') s; raw HttpClient $(Format-Number $c.RawMedian 'N3') s",
            "$(Format-Number (100 * $c.Efficiency)) % of ideal", '≥ 90 % of ideal', $verdicts.Concurrency))
}
else {
    $rows.Add(@('5. Concurrency', 'n/a (no -ThrottleLimit yet)', '', '', '≥ 90 % of ideal', 'n/a'))
}
$e = $results.Embeddings
$rows.Add(@("6. Embeddings, $(Format-Number $e.Lines) lines ($($e.Calls) calls of $($e.TextsPerCall), $($e.Dimension) dimensions), latency $($e.LatencyMs) ms, -ThrottleLimit $($e.ThrottleLimit)",
        "$(Format-Number $e.ModuleMedian 'N3') s ($(Format-Number $e.ModuleCpuMedian 'N2') s CPU)", "ideal $(Format-Number $e.IdealSeconds 'N3') s; raw HttpClient $(Format-Number $e.RawMedian 'N3') s ($(Format-Number $e.RawCpuMedian 'N2') s CPU)",
        "+$(Format-Number (100 * $e.Overhead)) % over ideal", '≤ 10 % over ideal', $verdicts.Embeddings))
$rows.Add(@("   peak working set of those embeddings, fresh process each",
        "$(Format-Number (Get-Mb $e.ModulePeakMedian) 'N1') MB", "$(Format-Number (Get-Mb $e.RawPeakMedian) 'N1') MB (raw HttpClient)",
        "+$(Format-Number (Get-Mb $e.MemoryOverheadBytes) 'N1') MB", "≤ 2 × vectors + 30 MB = $(Format-Number (Get-Mb $e.AllowanceBytes) 'N1') MB", $verdicts.EmbeddingMemory))
$w = $results.Waiting
$rows.Add(@("7. Wait-QwenTask on $($w.Tasks) tasks at once, $($w.PollsEach) polls each",
        "$(Format-Number (Get-Median $w.WaitCpuSeconds) 'N3') s CPU in $(Format-Number (Get-Median $w.Seconds) 'N1') s", "$(Format-Number (Get-Median $w.IdleCpuSeconds) 'N3') s CPU sleeping as long (idle)",
        "+$(Format-Number $w.AddedPercentOfOneCore 'N2') % of one core ($(Format-Number $w.CpuMillisecondsPerPoll 'N2') ms CPU per poll)", '≤ 5 % CPU over idle', $verdicts.Waiting))

$rows.Add(@("8. Batch input, $(Format-Number $b.Send.Prompts) prompts piped to Invoke-QwenChat -AsBatch: JSONL ($(Format-Number (Get-Mb $b.Send.Bytes) 'N1') MB) written, uploaded, batch created",
        "$(Format-Number $b.Send.ModuleMedian 'N3') s", "$(Format-Number $b.Send.RawPipelineMedian 'N3') s (the same lines piped to a StreamWriter + HttpClient upload); C# loop $(Format-Number $b.Send.RawLoopMedian 'N3') s",
        "$(Format-Number $b.Send.Ratio 'N2') × raw ($(Format-Number $b.Send.LoopRatio 'N2') × the C# loop)", '≤ 2 × raw', $verdicts.BatchSend))
$rows.Add(@("9. Peak working set, $(Format-Number $b.Send.Prompts) prompts from Get-Content through -AsBatch, fresh process each",
        "$(Format-Number (Get-Mb $b.Memory.ModuleMedian) 'N1') MB", "$(Format-Number (Get-Mb $b.Memory.IdleMedian) 'N1') MB (idle pwsh, module imported)",
        "+$(Format-Number (Get-Mb $b.Memory.OverheadBytes) 'N1') MB", '≤ 100 MB over an idle pwsh', $verdicts.BatchMemory))
$rows.Add(@("10. Receive-QwenBatch, $(Format-Number $b.Receive.Lines) output lines into QwenChatResult objects (files already downloaded), piped to Measure-Object",
        "$(Format-Number $b.Receive.ModuleMedian) lines/s", "$(Format-Number $b.Receive.RawMedian) lines/s (StreamReader + JsonDocument per line); first receive with its download $(Format-Number $b.Receive.FirstLinesPerSec) lines/s",
        "$(Format-Number (100 * $b.Receive.ModuleMedian / $b.Receive.RawMedian)) % of raw parsing", '≥ 50,000 lines/s', $verdicts.Receive))

$header = @('measure', 'DashScope module', 'baseline, same run', 'result', 'target', 'verdict')
$date = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm', $inv) + ' UTC'
$machineLine = "$($machine.Cores) cores ($($machine.Cpu)), $($machine.MemoryGB) GB, $($machine.OS), $($machine.DotNet), PowerShell $($machine.PowerShell)"
$notes = @(
    "Medians: throughput over $Runs runs, concurrency over $ConcurrencyRuns, first record over $FirstRecordRuns, import over $ImportRuns pairs of processes, memory over $MemoryRuns processes per side, each after warm-up runs. Throughput is the steady rate after $($t.WarmupRuns) warm-up runs ($(Format-Number $t.WarmupSeconds 'N1') s); the first run in this process reached $(Format-Number $t.ColdModuleEventsPerSec) events/s (module) and $(Format-Number $t.ColdRawEventsPerSec) events/s (raw) while the JIT was still compiling.",
    $(if ($ColdRuns -gt 0) { "Time to first record is measured warm (after $FirstRecordWarmupRuns calls), each call after $FirstRecordIdleMs ms of idle; the first call in a fresh pwsh, the module already imported, takes $(Format-Number $f.ColdModuleMedian 'N1') ms to its first record, and the raw reader $(Format-Number $f.ColdRawMedian 'N1') ms to its first data: line (JIT compilation included, median of $ColdRuns processes each)." } else { '' }),
    "Memory rule: the module may keep the accumulated answer (here $(Format-Number $MemoryTokens) one-character tokens = $(Format-Number ($mem.AccumulatedTextBytes / 1KB)) KB of UTF-16 text), counted twice for the StringBuilder and the final string, plus 30 MB for its code and PowerShell's per-command state; any per-event retention (a record, a JSON document, a string per event) would exceed it. One-event streams peak at $(Format-Number (Get-Mb $mem.ModuleSmallMedian) 'N1') MB (module) and $(Format-Number (Get-Mb $mem.RawSmallMedian) 'N1') MB (raw); the module's live heap grows $(Format-Number $mem.LiveBytesPerEventMedian 'N1') bytes per event (the text itself: 2).",
    ("Client CPU per event (this process, all threads, over all measured runs): module $(Format-Number $t.ModuleCpuMean 'N2') µs, raw $(Format-Number $t.RawCpuMean 'N2') µs. " +
        $(if ($rawServerBound) { "The raw baseline reads at $(Format-Number (100 * $t.RawMedian / $t.ServerMedian)) % of the server's own rate, so it is bound by the server and the throughput ratio flatters the module; the CPU figures compare the two clients' own costs. bench/Measure-StreamStages.ps1 takes the module's path apart." } else { "The raw baseline reads at $(Format-Number (100 * $t.RawMedian / $t.ServerMedian)) % of the server's own rate." })),
    "Embeddings: the ideal time is the calls in rounds of -ThrottleLimit, each round one server latency; it assumes the client and the server cost nothing. The raw baseline sends the same calls with a bare HttpClient and only reads the answers; the module also parses every vector into a float[] and writes one object per line. Memory: the lines are piped to Measure-Object, so nothing downstream keeps the vectors ($(Format-Number (Get-Mb $results.Embeddings.VectorBytes) 'N1') MB of floats in all).",
    "Waiting: the CPU time of this process while Wait-QwenTask waits, against the same process sleeping as long right after; the test server is another process. No progress bar is drawn (redirected output).",
    "Batch rows: medians over $BatchRuns runs per side (after a warm-up run), $BatchMemoryRuns processes per side and $ReceiveRuns receives. The raw batch baseline is the same bytes, read back from the module's input file, piped through ForEach-Object into a StreamWriter and uploaded with one HttpClient, then the batch created: the work a script would do by hand, pipeline included. Written in a C# loop instead, without a PowerShell pipeline, the bytes take $(Format-Number $b.Send.RawLoopMedian 'N3') s: PowerShell's binding of each piped item to a cmdlet costs about as much as the module's own work per line.",
    "Load average before / after: $loadBefore / $loadAfter. Other work on the machine makes the figures noisy; compare with care."
)
$notes = @($notes | Where-Object { $_ })

$md = [System.Text.StringBuilder]::new()
[void] $md.AppendLine("Measured $date on $machineLine; module built $($moduleBuilt.ToString('yyyy-MM-dd HH:mm', $inv)) UTC from $source (DashScope.dll sha256 $moduleHash).")
[void] $md.AppendLine()
[void] $md.AppendLine('| ' + ($header -join ' | ') + ' |')
[void] $md.AppendLine('|' + (($header | ForEach-Object { '---' }) -join '|') + '|')
foreach ($row in $rows) { [void] $md.AppendLine('| ' + (($row | ForEach-Object { ([string] $_).Trim() }) -join ' | ') + ' |') }
[void] $md.AppendLine()
foreach ($note in $notes) { [void] $md.AppendLine($note).AppendLine() }

# The console table.
Write-Host ''
$rows | ForEach-Object {
    [pscustomobject]@{ Measure = $_[0]; Module = $_[1]; Baseline = $_[2]; Result = $_[3]; Target = $_[4]; Verdict = $_[5] }
} | Format-Table -Wrap -AutoSize | Out-String -Width 400 | Write-Host
$notes | ForEach-Object { Write-Host $_ }

New-Item -ItemType Directory -Path $OutputDirectory -Force | Out-Null
$mdPath = Join-Path $OutputDirectory 'latest.md'
$jsonPath = Join-Path $OutputDirectory 'latest.json'
[System.IO.File]::WriteAllText($mdPath, "# DashScope benchmark`n`n" + $md.ToString())
$document = [ordered]@{
    Date       = (Get-Date).ToUniversalTime().ToString('o', $inv)
    Machine    = $machine
    LoadAverage = [ordered]@{ Before = $loadBefore; After = $loadAfter }
    ModuleBuiltUtc = $moduleBuilt.ToString('o', $inv)
    ModuleSource = $source
    ModuleSha256Prefix = $moduleHash
    Parameters = [ordered]@{
        Runs = $Runs; ConcurrencyRuns = $ConcurrencyRuns; WarmupRuns = $WarmupRuns; WarmupSeconds = $WarmupSeconds; WarmupEvents = $WarmupEvents; MaxWarmupSeconds = $MaxWarmupSeconds; FirstRecordRuns = $FirstRecordRuns
        FirstRecordWarmupRuns = $FirstRecordWarmupRuns; FirstRecordIdleMs = $FirstRecordIdleMs; ColdRuns = $ColdRuns; ImportRuns = $ImportRuns; MemoryRuns = $MemoryRuns
        ServerRuns = $ServerRuns; Tokens = $Tokens; ServerTokens = $ServerTokens; FirstRecordTokens = $FirstRecordTokens
        MemoryTokens = $MemoryTokens; Prompts = $Prompts; ThrottleLimit = $ThrottleLimit; LatencyMs = $LatencyMs
        EmbeddingLines = $EmbeddingLines; EmbeddingThrottleLimit = $EmbeddingThrottleLimit; EmbeddingLatencyMs = $EmbeddingLatencyMs
        EmbeddingDimension = $EmbeddingDimension; EmbeddingRuns = $EmbeddingRuns; EmbeddingMemoryRuns = $EmbeddingMemoryRuns
        Tasks = $Tasks; TaskPolls = $TaskPolls; TaskRuns = $TaskRuns
        BatchPrompts = $BatchPrompts; BatchRuns = $BatchRuns; BatchMemoryRuns = $BatchMemoryRuns; ReceiveRuns = $ReceiveRuns
    }
    Results    = $results
    Verdicts   = $verdicts
}
[System.IO.File]::WriteAllText($jsonPath, ($document | ConvertTo-Json -Depth 6))
Write-Host "Written: $mdPath, $jsonPath"
