# Helpers for build.ps1: running native commands and reading test results.

function Write-Step([string] $Message) {
    Write-Host "==> $Message"
}

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    $command, $arguments = $args
    & $command @arguments | Out-Host
    if ($LASTEXITCODE) { throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Read-TrxCounts([string] $Path) {
    # The counts from a TRX file's <Counters> element; a missing file means the run did not happen.
    if (-not (Test-Path $Path)) {
        Write-Host "xunit wrote no results ($Path): counted as one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    [xml] $trx = Get-Content -Raw -Path $Path
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed = [int] $counters.passed
        Failed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
    }
}

function Read-PesterSummary([string] $Path) {
    # Written by tests/run-pester.ps1; a missing file means Pester never finished.
    if (-not (Test-Path $Path)) {
        Write-Host "Pester wrote no summary ($Path): counted as one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Note = ' (Pester did not finish)' }
    }
    $summary = Get-Content -Raw -Path $Path | ConvertFrom-Json
    [pscustomobject]@{ Passed = [int] $summary.Passed; Failed = [int] $summary.Failed; Note = [string] $summary.Note }
}

Export-ModuleMember -Function Write-Step, Invoke-Native, Read-TrxCounts, Read-PesterSummary
