<#
.SYNOPSIS
    Shows the module at work: one answer, one stream, a follow-up question.
.DESCRIPTION
    With $env:DASHSCOPE_API_KEY set, talks to the real DashScope service. Without it, starts the
    project's loopback test server and talks to that, so a fresh clone shows streaming offline.
#>
param([string] $Configuration = 'Release')

$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
Import-Module (Join-Path $root 'DashScope.psd1') -Force

$server = $null
if ($env:DASHSCOPE_API_KEY) {
    Write-Host "Using the DashScope service ($((Get-DashScopeConnection).BaseUri))." -ForegroundColor Cyan
}
else {
    . (Join-Path $root 'tests/pester/TestServer.ps1')
    $server = Start-DashScopeTestServer
    # gap=40: the test server pauses 40 ms between events, as a model does while it writes.
    Connect-DashScope -ApiKey 'sk-demo-offline' -BaseUri "$($server.Address)x/gap%3D40/api/v1"
    Write-Host "No DASHSCOPE_API_KEY set: using the local test server at $($server.Address)." -ForegroundColor Cyan
}

try {
    Write-Host "`nPS> Invoke-QwenChat 'What is PowerShell? One sentence.'" -ForegroundColor Yellow
    $answer = Invoke-QwenChat 'What is PowerShell? One sentence.'
    $answer | Out-Host

    Write-Host "`nPS> Invoke-QwenChat '用一句话介绍杭州。' -Stream" -ForegroundColor Yellow
    Invoke-QwenChat '用一句话介绍杭州。' -Stream | Out-Host

    Write-Host "`nPS> `$answer | Invoke-QwenChat 'And in three words?'" -ForegroundColor Yellow
    $followUp = $answer | Invoke-QwenChat 'And in three words?'
    $followUp | Out-Host

    Write-Host "`nPS> `$followUp.History | Format-Table Role, Content" -ForegroundColor Yellow
    $followUp.History | Format-Table Role, Content | Out-Host
}
finally {
    if ($server) {
        Disconnect-DashScope
        Stop-DashScopeTestServer $server
    }
}
