# The batch rows of the benchmark (dot-sourced by Invoke-Benchmark.ps1, which provides Invoke-Pwsh, Get-BaseUri,
# Get-Median, Invoke-Collect, Write-Note and the running test server):
#   6. 50,000 prompts piped to Invoke-QwenChat -AsBatch (JSONL written, uploaded, batch created) vs the same JSONL
#      lines piped to a raw StreamWriter and uploaded with a raw HttpClient (and, for information, written in a C# loop)
#   7. peak working set of a fresh pwsh sending 50,000 prompts from Get-Content through -AsBatch vs an idle pwsh
#   8. Receive-QwenBatch turning 50,000 output lines into QwenChatResult objects (files already downloaded)

function Measure-BatchRows {
    param(
        [Parameter(Mandatory)] [string] $Snapshot,
        [Parameter(Mandatory)] [string] $ServerAddress,
        [Parameter(Mandatory)] [string] $ApiKey,
        [int] $Prompts = 50000,
        [int] $Runs = 5,
        [int] $MemoryRuns = 3,
        [int] $ReceiveRuns = 5
    )
    $savedHome = $env:HOME
    $savedProfile = $env:USERPROFILE
    # The module keeps batch input under ~/.dashscope/batches: a home of the benchmark's own.
    $env:HOME = Join-Path $Snapshot 'home'
    $env:USERPROFILE = $env:HOME
    try {
        $id = 'bench-batch-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $baseUri = Get-BaseUri "id=$id,batchpolls=1"
        $compatible = "$($ServerAddress)x/$([uri]::EscapeDataString("id=$id,batchpolls=1"))/compatible-mode/v1/"
        $texts = [string[]] @(1..$Prompts | ForEach-Object { "Ticket ${_}: the nightly backup job fails with access denied on the file server; please look into it." })
        $store = Join-Path $env:HOME '.dashscope/batches'
        $rawPath = Join-Path $Snapshot 'raw-batch.jsonl'

        # -------------------------------------------------------- 6. sending
        Write-Host "8. Batch input ($(Format-Number $Prompts) prompts piped to Invoke-QwenChat -AsBatch; 1 warm-up + $Runs runs per side)"
        $first = $texts | Invoke-QwenChat -AsBatch -ApiKey $ApiKey -BaseUri $baseUri
        $inputFile = Join-Path $store "$($first.Id).input.jsonl"
        $lines = [System.IO.File]::ReadAllLines($inputFile)
        $bytes = (Get-Item $inputFile).Length
        if ($lines.Count -ne $Prompts) { throw "The module wrote $($lines.Count) lines; expected $Prompts." }
        $module = [System.Collections.Generic.List[double]]::new()
        $rawPipeline = [System.Collections.Generic.List[double]]::new()
        $rawLoop = [System.Collections.Generic.List[double]]::new()
        $last = $first
        for ($i = 0; $i -le $Runs; $i++) {
            $order = if ($i % 2) { 'module', 'pipeline', 'loop' } else { 'loop', 'pipeline', 'module' }
            foreach ($side in $order) {
                Invoke-Collect
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                switch ($side) {
                    'module' {
                        $last = $texts | Invoke-QwenChat -AsBatch -ApiKey $ApiKey -BaseUri $baseUri
                        $watch.Stop()
                        if ($i -ge 1) { $module.Add($watch.Elapsed.TotalSeconds) }
                    }
                    'pipeline' {
                        $writer = [DashScopeBench.RawBatch]::Writer($rawPath)
                        $lines | ForEach-Object { $writer.Write($_); $writer.Write("`n") }
                        $writer.Dispose()
                        $null = [DashScopeBench.RawBatch]::Upload($rawPath, $compatible, $ApiKey)
                        $watch.Stop()
                        if ($i -ge 1) { $rawPipeline.Add($watch.Elapsed.TotalSeconds) }
                    }
                    'loop' {
                        $seconds = [DashScopeBench.RawBatch]::WriteAndUpload($lines, $rawPath, $compatible, $ApiKey)
                        if ($i -ge 1) { $rawLoop.Add($seconds) }
                    }
                }
            }
            if ($i -ge 1) { Write-Note ("run {0}: module {1:N3} s, raw piped {2:N3} s, raw loop {3:N3} s" -f $i, $module[-1], $rawPipeline[-1], $rawLoop[-1]) }
        }
        if ((Get-FileHash $rawPath).Hash -ne (Get-FileHash $inputFile).Hash) { throw 'The raw baseline did not write the bytes the module wrote.' }
        $send = [ordered]@{
            Prompts = $Prompts; Bytes = $bytes
            ModuleSeconds = [double[]] $module; RawPipelineSeconds = [double[]] $rawPipeline; RawLoopSeconds = [double[]] $rawLoop
            ModuleMedian = Get-Median $module; RawPipelineMedian = Get-Median $rawPipeline; RawLoopMedian = Get-Median $rawLoop
        }
        $send.Ratio = $send.ModuleMedian / $send.RawPipelineMedian
        $send.LoopRatio = $send.ModuleMedian / $send.RawLoopMedian

        # -------------------------------------------------------- 7. memory
        Write-Host "9. Batch memory ($(Format-Number $Prompts) prompts from Get-Content through -AsBatch, $MemoryRuns fresh processes per side)"
        $promptFile = Join-Path $Snapshot 'prompts.txt'
        [System.IO.File]::WriteAllLines($promptFile, $texts)
        $report = '; $p = [System.Diagnostics.Process]::GetCurrentProcess(); $p.Refresh(); "$n $($p.PeakWorkingSet64)"'
        $moduleCommand = "Import-Module ./DashScope.psd1; `$n = @(Get-Content '$promptFile' | Invoke-QwenChat -AsBatch -ApiKey $ApiKey -BaseUri '$baseUri').Count" + $report
        $idleCommand = "Import-Module ./DashScope.psd1; `$n = 1" + $report
        $memory = [ordered]@{ ModulePeak = @(); IdlePeak = @() }
        for ($i = 1; $i -le $MemoryRuns; $i++) {
            foreach ($pair in @(@('ModulePeak', $moduleCommand), @('IdlePeak', $idleCommand))) {
                $out = (Invoke-Pwsh $pair[1]).Out -split '\s+'
                if ([long] $out[0] -ne 1) { throw "The $($pair[0]) process wrote $($out[0]) objects; expected 1." }
                $memory[$pair[0]] += [double] $out[1]
            }
            Write-Note ("run {0}: -AsBatch {1:N1} MB, idle {2:N1} MB" -f $i, (Get-Mb $memory.ModulePeak[-1]), (Get-Mb $memory.IdlePeak[-1]))
        }
        $batchMemory = [ordered]@{
            ModulePeakBytes = [double[]] $memory.ModulePeak; IdlePeakBytes = [double[]] $memory.IdlePeak
            ModuleMedian = Get-Median $memory.ModulePeak; IdleMedian = Get-Median $memory.IdlePeak
        }
        $batchMemory.OverheadBytes = $batchMemory.ModuleMedian - $batchMemory.IdleMedian

        # -------------------------------------------------------- 8. receiving
        Write-Host "10. Receive-QwenBatch ($(Format-Number $Prompts) output lines; the first receive downloads, then $ReceiveRuns runs from disk)"
        $done = $last | Wait-QwenBatch -ApiKey $ApiKey -BaseUri $baseUri
        if ($done.RequestCounts.Completed -ne $Prompts) { throw "The batch completed $($done.RequestCounts.Completed) of $Prompts requests." }
        $outputFolder = Join-Path $Snapshot 'received'
        Invoke-Collect
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $count = ($done | Receive-QwenBatch -OutputFolder $outputFolder -ApiKey $ApiKey -BaseUri $baseUri | Measure-Object).Count
        $firstSeconds = $watch.Elapsed.TotalSeconds
        if ($count -ne $Prompts) { throw "Receive-QwenBatch wrote $count results; expected $Prompts." }
        $receive = [System.Collections.Generic.List[double]]::new()
        $raw = [System.Collections.Generic.List[double]]::new()
        $outputFile = Join-Path $outputFolder "$($done.Id).output.jsonl"
        for ($i = 1; $i -le $ReceiveRuns; $i++) {
            Invoke-Collect
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $count = ($done | Receive-QwenBatch -OutputFolder $outputFolder -ApiKey $ApiKey -BaseUri $baseUri | Measure-Object).Count
            $receive.Add($count / $watch.Elapsed.TotalSeconds)
            Invoke-Collect
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $parsed = [DashScopeBench.RawBatch]::ParseLines($outputFile)
            $raw.Add($parsed / $watch.Elapsed.TotalSeconds)
            Write-Note ("run {0}: module {1:N0} lines/s, raw parse {2:N0} lines/s" -f $i, $receive[-1], $raw[-1])
        }
        $received = [ordered]@{
            Lines = $Prompts; FirstSeconds = $firstSeconds; FirstLinesPerSec = $Prompts / $firstSeconds
            ModuleLinesPerSec = [double[]] $receive; RawLinesPerSec = [double[]] $raw
            ModuleMedian = Get-Median $receive; RawMedian = Get-Median $raw
        }
        [ordered]@{ Send = $send; Memory = $batchMemory; Receive = $received }
    }
    finally {
        $env:HOME = $savedHome
        $env:USERPROFILE = $savedProfile
    }
}
