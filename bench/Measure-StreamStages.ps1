#requires -Version 7.4
<#
.SYNOPSIS
    Where the time of a streamed event goes: the module's streaming path measured stage by stage
    against the loopback test server, and the CPU-only pieces over captured bytes. A diagnostic
    beside Invoke-Benchmark.ps1, not part of the Bench table.
.EXAMPLE
    dotnet tool run pwsh -NoProfile -File bench/Measure-StreamStages.ps1 -Runs 5
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 1000)] [int] $Runs = 5,
    [ValidateRange(0, 100)] [int] $WarmupRuns = 2,
    [ValidateRange(1, 10000000)] [int] $Tokens = 20000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Resolve-Path (Join-Path $PSScriptRoot '..')

. (Join-Path $PSScriptRoot 'BenchTools.ps1')
$snapshot = New-BenchSnapshot -Root $root -Name 'dashscope-stages'
Import-Module (Join-Path $snapshot 'DashScope.psd1') -Force
$dll = Join-Path $snapshot 'bin/DashScope.dll'
$coreDll = Join-Path $snapshot 'bin/DashScope.Core.dll'
Add-Type -Path (Join-Path $PSScriptRoot 'RawSse.cs')
Add-Type -Path (Join-Path $PSScriptRoot 'StreamStages.cs') -ReferencedAssemblies $dll, $coreDll, ([psobject].Assembly.Location), System.Net.Http, System.Net.Primitives, System.Text.Json, System.Memory, System.Collections, System.Runtime, System.Threading.Tasks.Extensions, System.Threading, System.Threading.Tasks, netstandard -PassThru | Out-Null
Import-Module -Assembly ([DashScopeBench.WriteBenchRecordCommand].Assembly)
$references = @($dll, $coreDll, ([psobject].Assembly.Location), 'System.Threading', 'System.Threading.Tasks', 'System.Threading.Tasks.Extensions', 'System.Runtime', 'netstandard')
$hasScheduler = $true
try { Add-Type -Path (Join-Path $PSScriptRoot 'SchedulerStage.cs') -ReferencedAssemblies $references | Out-Null }
catch { $hasScheduler = $false; Write-Warning "The RequestScheduler stage is skipped: $($_.Exception.Message)" }

$server = Start-BenchServer $snapshot
try {
    $apiKey = 'sk-bench'
    $options = [uri]::EscapeDataString("tokens=$Tokens,gap=0")
    $baseUri = "$($server.Address)x/$options/api/v1"
    $url = "$baseUri/services/aigc/text-generation/generation"
    $body = '{"model":"qwen-plus","input":{"messages":[{"role":"user","content":"bench"}]},"parameters":{"result_format":"message","incremental_output":true}}'
    $events = $Tokens + 1

    $stages = [ordered]@{
        'A. network only: read the body, 16 KB buffer'                  = { [void] [DashScopeBench.StreamStages]::BytesOnly($url, $body, $apiKey) }
        'B. raw baseline: HttpClient + StreamReader.ReadLine'            = { [void] [DashScopeBench.RawSse]::Read($url, $body, $apiKey, $false) }
        'C. A + module SseParser (SseEvent per event)'                   = { [void] [DashScopeBench.StreamStages]::Parse($url, $body, $apiKey, $false) }
        'D. C + GenerationChunkDecoder.Decode (JsonDocument)'            = { [void] [DashScopeBench.StreamStages]::Parse($url, $body, $apiKey, $true) }
        'E. whole core: ChatClient.StreamAsync + ReadAsync, no pwsh'     = { [void] [DashScopeBench.StreamStages]::Core($baseUri, $apiKey) }
        'F. Invoke-QwenChat -Stream, $null = (assignment, no cmdlet)'   = { $null = Invoke-QwenChat 'bench' -Stream -BaseUri $baseUri -ApiKey $apiKey }
        'G. Invoke-QwenChat -Stream | Measure-Object (the Bench row)'    = { Invoke-QwenChat 'bench' -Stream -BaseUri $baseUri -ApiKey $apiKey | Measure-Object | Out-Null }
        'P1. pwsh pipeline alone: compiled cmdlet, N records | Measure-Object' = { Write-BenchRecord $events | Measure-Object | Out-Null }
        'P2. pwsh pipeline alone: compiled cmdlet, N records, $null ='  = { $null = Write-BenchRecord $events }
    }
    if ($hasScheduler) { $stages['S. RequestScheduler alone: worker -> pipeline thread hand-off'] = { [void] [DashScopeBench.SchedulerStage]::Handoff($events) } }
    $self = [System.Diagnostics.Process]::GetCurrentProcess()
    $table = foreach ($name in $stages.Keys) {
        $times = [System.Collections.Generic.List[double]]::new()
        $cpu = [System.Collections.Generic.List[double]]::new()
        for ($i = -$WarmupRuns + 1; $i -le $Runs; $i++) {
            [GC]::Collect()
            $self.Refresh(); $cpuBefore = $self.TotalProcessorTime.TotalSeconds
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            & $stages[$name]
            $watch.Stop()
            $self.Refresh()
            if ($i -ge 1) { $times.Add($watch.Elapsed.TotalSeconds); $cpu.Add($self.TotalProcessorTime.TotalSeconds - $cpuBefore) }
        }
        $seconds = Get-Median $times
        [pscustomobject]@{ Stage = $name; 'events/s' = [math]::Round($events / $seconds); 'wall µs/event' = [math]::Round($seconds * 1e6 / $events, 2)
            'client CPU µs/event' = [math]::Round((Get-Median $cpu) * 1e6 / $events, 2) }
    }
    $table | Format-Table -AutoSize | Out-String -Width 300 | Write-Host

    # Time to first record, taken apart (a short stream, as in the Bench row).
    $firstBase = "$($server.Address)x/$([uri]::EscapeDataString('tokens=20,gap=0'))/api/v1"
    $firstUrl = "$firstBase/services/aigc/text-generation/generation"
    $clock = [System.Diagnostics.Stopwatch]::new()
    $firstStages = [ordered]@{
        'T1. raw: first data: line'                                     = { $clock.Restart(); [void] [DashScopeBench.RawSse]::Read($firstUrl, $body, $apiKey, $true); $clock.Stop() }
        'T2. core: ChatClient.StreamAsync + first ReadAsync, no pwsh'   = { $clock.Restart(); [DashScopeBench.StreamStages]::CoreFirst($firstBase, $apiKey); $clock.Stop() }
        'T3. pwsh alone: compiled cmdlet | ForEach-Object | Select -First 1' = { $clock.Restart(); Write-BenchRecord 3 | ForEach-Object { $clock.Stop(); $_ } | Select-Object -First 1 | Out-Null }
        'T4. Invoke-QwenChat -Stream | ForEach-Object | Select -First 1 (Bench row)' = { $clock.Restart(); Invoke-QwenChat 'bench' -Stream -BaseUri $firstBase -ApiKey $apiKey | ForEach-Object { $clock.Stop(); $_ } | Select-Object -First 1 | Out-Null }
    }
    foreach ($name in $firstStages.Keys) { for ($i = 0; $i -lt 40; $i++) { & $firstStages[$name] } }
    $firstTable = foreach ($name in $firstStages.Keys) {
        $row = [ordered]@{ Stage = $name }
        foreach ($idle in 0, 50) {
            $times = [System.Collections.Generic.List[double]]::new()
            for ($i = 1; $i -le 15; $i++) {
                if ($idle) { Start-Sleep -Milliseconds $idle }
                & $firstStages[$name]
                $times.Add($clock.Elapsed.TotalMilliseconds)
            }
            $label = if ($idle) { "median ms, after $idle ms idle" } else { 'median ms, back to back' }
            $row[$label] = [math]::Round((Get-Median $times), 3)
        }
        [pscustomobject] $row
    }
    $firstTable | Format-Table -AutoSize | Out-String -Width 300 | Write-Host

    # CPU only, over the captured bytes of the same stream.
    $bytes = [DashScopeBench.StreamStages]::Capture($url, $body, $apiKey)
    $data = [DashScopeBench.StreamStages]::DataLines($bytes)
    $repeat = 5
    [void] [DashScopeBench.StreamStages]::ParseInMemory($bytes, 2); [void] [DashScopeBench.StreamStages]::DecodeInMemory($data, 2)
    [void] [DashScopeBench.StreamStages]::JsonDocumentOnly($data, 2); [void] [DashScopeBench.StreamStages]::Utf8ReaderOnly($data, 2)
    $cpu = @(
        [pscustomobject]@{ Piece = 'SseParser.Push over captured bytes'; 'µs/event' = [DashScopeBench.StreamStages]::ParseInMemory($bytes, $repeat) * 1000 / $events }
        [pscustomobject]@{ Piece = 'GenerationChunkDecoder.Decode per data line'; 'µs/event' = [DashScopeBench.StreamStages]::DecodeInMemory($data, $repeat) * 1000 / $events }
        [pscustomobject]@{ Piece = '  of which JsonDocument.Parse + Dispose'; 'µs/event' = [DashScopeBench.StreamStages]::JsonDocumentOnly($data, $repeat) * 1000 / $events }
        [pscustomobject]@{ Piece = '  a Utf8JsonReader pass instead'; 'µs/event' = [DashScopeBench.StreamStages]::Utf8ReaderOnly($data, $repeat) * 1000 / $events }
        [pscustomobject]@{ Piece = 'DateTimeOffset.Now (SseParser stamps each event)'; 'µs/event' = [DashScopeBench.StreamStages]::NowInMemory($events) * 1000 / $events }
    )
    Write-Host "CPU only, $events events of $($bytes.Length) bytes ($([math]::Round($bytes.Length / $events)) bytes/event):"
    $cpu | ForEach-Object { $_.'µs/event' = [math]::Round($_.'µs/event', 3); $_ } | Format-Table -AutoSize | Out-String -Width 300 | Write-Host
}
finally {
    Stop-BenchServer $server
    Remove-Item -LiteralPath $snapshot -Recurse -Force -ErrorAction SilentlyContinue
}
