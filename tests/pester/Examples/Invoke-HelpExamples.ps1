<#
.SYNOPSIS
    Runs every help example of one cmdlet against the test server, in this (child) process, and
    writes one JSON line per example: { Index, Code, Passed, Error }.
.DESCRIPTION
    Run by Examples.Tests.ps1 in a fresh pwsh per cmdlet. Each example starts from the same state:
    the fixture folder as current location, the test server as the endpoint (through
    $env:DASHSCOPE_HTTP_BASE_URL), a test key in $env:DASHSCOPE_API_KEY, no Connect-DashScope defaults.
    Commands that would need a person or another program are stand-ins: Read-Host returns a key, git
    prints a small diff, and an example of Enter-QwenChat runs in a host whose input is scripted (a
    question, /usage, then the end of input, as Ctrl+D). Host names of other machines (http://gpu01:8000/v1, an
    on-premises server) reach the test server through $env:HTTP_PROXY, which serves their paths as a simulated
    vLLM. An example passes when it neither throws nor writes an error.
#>
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $CommandName,
    [Parameter(Mandatory)] [string] $Fixtures,
    [Parameter(Mandatory)] [string] $BaseUri
)

$ErrorActionPreference = 'Continue'
$env:HTTP_PROXY = ([uri] $BaseUri).GetLeftPart([UriPartial]::Authority)
$env:NO_PROXY = '127.0.0.1,localhost'
# Batches keep their requests under ~/.dashscope/batches: a home of the examples' own keeps the user's clean.
$env:HOME = Join-Path $Fixtures 'home'
$env:USERPROFILE = $env:HOME
Import-Module $Manifest -Force

function Read-Host {
    param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
    if ($AsSecureString) { ConvertTo-SecureString 'sk-example-from-read-host' -AsPlainText -Force } else { 'sk-example-from-read-host' }
}

# Enter-QwenChat reads what a person types: its examples run in a runspace whose host types for them.
Add-Type -Path (Join-Path $PSScriptRoot '../RecordingHost.cs')
function Invoke-WithTypist([string] $Code) {
    $typist = [DashScope.Tests.RecordingHost]::new()
    $typist.Type('What is PowerShell?')
    $typist.Type('/usage')
    $runspace = [runspacefactory]::CreateRunspace($typist, [initialsessionstate]::CreateDefault2())
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    try {
        $null = $shell.AddScript('param($Manifest, $Location) Import-Module $Manifest; Set-Location -LiteralPath $Location').AddArgument($Manifest).AddArgument((Get-Location).Path).AddStatement()
        $null = $shell.AddScript($Code)
        $null = $shell.Invoke()
        if ($shell.Streams.Error.Count) { throw (($shell.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join ' | ') }
    }
    finally {
        $shell.Dispose()
        $runspace.Dispose()
    }
}

function git {
    "diff --git a/Invoke-Backup.ps1 b/Invoke-Backup.ps1"
    "-    Copy-Item -Path `$Source -Destination `$Target"
    "+    Copy-Item -Path `$Source -Destination `$Target -Recurse -Force"
}

# Help without MAML has one empty stand-in example; only real code counts.
$examples = @((Get-Help $CommandName -Examples).examples.example | Where-Object { -not [string]::IsNullOrWhiteSpace([string] $_.code) })
$index = 0
foreach ($example in $examples) {
    $index++
    $code = [string] $example.code
    Disconnect-DashScope
    $env:DASHSCOPE_API_KEY = 'sk-example-test-key'
    $env:DASHSCOPE_HTTP_BASE_URL = $BaseUri
    $env:TEAM_DASHSCOPE_KEY = 'sk-example-team-key'
    # Ids the examples name as variables, as a reader would have them from Model Studio.
    $appId = 'app-example'
    $workflowId = 'workflow-example'
    Set-Location $Fixtures
    $Error.Clear()
    $failure = $null
    try {
        if ($code -match 'Enter-QwenChat') { Invoke-WithTypist $code }
        else { $null = & ([scriptblock]::Create($code)) *>&1 | Out-String }
        if ($Error.Count -gt 0) { $failure = ($Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join ' | ' }
    }
    catch {
        $failure = "$($_.FullyQualifiedErrorId): $_"
    }
    [pscustomobject]@{ Index = $index; Code = $code; Passed = ($null -eq $failure); Error = $failure } | ConvertTo-Json -Compress
}
