<#
.SYNOPSIS
    Runs the Pester tests (tests/pester) against the built module and writes a JSON summary.
.DESCRIPTION
    Pester comes from the NuGet cache (restored by the test project's PackageDownload), not the Gallery.
    Failed blocks and containers (a test file that cannot load) count as failures; finding no test at all
    is a failure too.
#>
param(
    [string] $SummaryPath = (Join-Path $PSScriptRoot '../out/test/pester.json'),
    [string[]] $Path = (Join-Path $PSScriptRoot 'pester'),
    [string] $PesterVersion = '6.2.0'
)

$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'

$nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$pesterManifest = Join-Path $nuget "pester/$PesterVersion/tools/Pester.psd1"
if (-not (Test-Path $pesterManifest)) {
    throw "Pester $PesterVersion is not in the NuGet cache ($pesterManifest). Run 'dotnet build DashScope.slnx' first: the test project downloads it."
}
Import-Module $pesterManifest -Force

. (Join-Path $PSScriptRoot 'pester/TestServer.ps1')
$server = Start-DashScopeTestServer
$env:DASHSCOPE_TEST_SERVER = $server.Address
try {
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $Path
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.Output.RenderMode = 'Plaintext'
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    Stop-DashScopeTestServer $server
}

$summary = if ($null -eq $result) {
    @{ Passed = 0; Failed = 1; Note = ' (no Pester tests were found)' }
}
else {
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    @{ Passed = $result.PassedCount; Failed = $failed; Note = $(if ($result.FailedContainersCount) { " ($($result.FailedContainersCount) test files failed to load)" } else { '' }) }
}
New-Item -ItemType Directory -Force -Path (Split-Path $SummaryPath) | Out-Null
$summary | ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8
