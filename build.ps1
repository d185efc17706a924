#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and demonstrates the DashScope module.
.DESCRIPTION
    Tasks:
      Build   compile the module into ./bin (and the test server and tests)
      Test    Build, then xunit and Pester; ends with the line "N passed, N failed"
      Demo    Build, import ./DashScope.psd1, chat, embed, rerank (real service with $env:DASHSCOPE_API_KEY, else the local test server, with pictures, speech, video, transcripts)
      Help    regenerate en-US/DashScope.dll-Help.xml from the cmdlets' documentation comments
      Package Build, then pack the module into out/package/DashScope.<version>.nupkg
      Bench   Build, then measure the module against raw baselines (bench/Invoke-Benchmark.ps1; writes bench/results/latest.*)
      Clean   remove build output
.EXAMPLE
    dotnet tool restore && dotnet tool run pwsh -NoProfile -File ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Help', 'Package', 'Bench', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
Import-Module (Join-Path $root 'tools/BuildTools.psm1') -Force

function Invoke-Build {
    Write-Step 'Building the module, the test server and the tests'
    Invoke-Native dotnet build (Join-Path $root 'DashScope.slnx') -c $Configuration --nologo --verbosity quiet '-clp:NoSummary;ErrorsOnly'
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $root 'out/test'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results -Force | Out-Null

    Write-Step 'xunit: the core'
    $trx = Join-Path $results 'xunit.trx'
    & dotnet test (Join-Path $root 'tests/DashScope.Tests/DashScope.Tests.csproj') -c $Configuration --no-build --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
    $xunit = Read-TrxCounts -Path $trx

    Write-Step 'Pester: the built module in a fresh pwsh'
    $summary = Join-Path $results 'pester.json'
    & dotnet tool run pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/run-pester.ps1') -SummaryPath $summary | Out-Host
    $pester = Read-PesterSummary -Path $summary

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    Write-Host ("xunit: {0} passed, {1} failed; Pester: {2} passed, {3} failed{4}" -f $xunit.Passed, $xunit.Failed, $pester.Passed, $pester.Failed, $pester.Note)
    if ($passed -eq 0) { $failed++ ; Write-Host 'No test ran: that counts as a failure.' }
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & dotnet tool run pwsh -NoProfile -File (Join-Path $root 'tools/Demo.ps1') -Configuration $Configuration
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

function Invoke-Help {
    Invoke-Build
    & dotnet tool run pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/New-MamlHelp.ps1')
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

function Invoke-Package {
    Invoke-Build
    & dotnet tool run pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/New-ModulePackage.ps1')
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

function Invoke-Bench {
    Invoke-Build
    & dotnet tool run pwsh -NoProfile -File (Join-Path $root 'bench/Invoke-Benchmark.ps1')
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

function Invoke-Clean {
    foreach ($path in 'bin', 'out') {
        $full = Join-Path $root $path
        if (Test-Path $full) { Remove-Item $full -Recurse -Force }
    }
    Invoke-Native dotnet clean (Join-Path $root 'DashScope.slnx') -c $Configuration --nologo --verbosity quiet
}

foreach ($name in $Task) {
    & "Invoke-$name"
}
