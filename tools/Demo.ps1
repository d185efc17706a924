<#
.SYNOPSIS
    Shows the module at work: chat (plain, streamed, a follow-up), embeddings, rerank, token counts, and
    against the test server also pictures, speech, a video task and a long-audio transcript.
.DESCRIPTION
    With $env:DASHSCOPE_API_KEY set, talks to the real DashScope service; pictures, speech, video and
    file transcription are billed per call, so those sections run only against the test server.
    Without a key, starts the project's loopback test server and talks to that, so a fresh clone shows
    every family offline. Files the demo makes go to a temporary folder that is removed at the end.
#>
param([string] $Configuration = 'Release')

$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
Import-Module (Join-Path $root 'DashScope.psd1') -Force

function Show([string] $Command) { Write-Host "`nPS> $Command" -ForegroundColor Yellow }

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
$work = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "dashscope-demo-$PID")

try {
    Show "Invoke-QwenChat 'What is PowerShell? One sentence.'"
    $answer = Invoke-QwenChat 'What is PowerShell? One sentence.'
    $answer | Out-Host

    Show "Invoke-QwenChat '用一句话介绍杭州。' -Stream"
    Invoke-QwenChat '用一句话介绍杭州。' -Stream | Out-Host

    Show "`$answer | Invoke-QwenChat 'And in three words?'"
    $followUp = $answer | Invoke-QwenChat 'And in three words?'
    $followUp | Out-Host

    Show "`$followUp.History | Format-Table Role, Content"
    $followUp.History | Format-Table Role, Content | Out-Host

    $notes = @(
        [pscustomobject]@{ Title = 'Pipelines'; Content = 'PowerShell pipelines pass objects from one command to the next.' }
        [pscustomobject]@{ Title = 'Cats'; Content = 'Cats sleep up to sixteen hours a day.' }
        [pscustomobject]@{ Title = '西湖'; Content = '杭州的西湖在春天最美。' }
    )
    Show "`$notes | Get-QwenEmbedding -Property Content -Dimension 256 | Format-Table Index, Dimensions, Text"
    $notes | Get-QwenEmbedding -Property Content -Dimension 256 | Format-Table Index, Dimensions, Text | Out-Host

    Show "`$notes | Invoke-QwenRerank -Query 'shell scripting' -Property Content | Format-Table Rank, Score, Title"
    $notes | Invoke-QwenRerank -Query 'shell scripting' -Property Content | Format-Table Rank, Score, Title | Out-Host

    Show "Measure-QwenToken '用一句话介绍杭州。'"
    Measure-QwenToken '用一句话介绍杭州。' | Out-Host

    if (-not $server) {
        Write-Host "`nPictures, speech, video and long-audio transcripts are billed per call: unset DASHSCOPE_API_KEY to see them against the local test server." -ForegroundColor Cyan
        return
    }

    Show "New-QwenImage 'A red panda reading a book' -OutputFolder $work | Format-List Path, Prompt, Width, Height"
    New-QwenImage 'A red panda reading a book' -OutputFolder $work | Format-List Path, Prompt, Width, Height | Out-Host

    $speech = Join-Path $work 'hello.wav'
    Show "ConvertTo-QwenSpeech '你好，PowerShell！' -OutFile $speech"
    ConvertTo-QwenSpeech '你好，PowerShell！' -OutFile $speech | Out-Host

    Show "`$task = New-QwenVideo 'Waves at dusk, slow pan' -NoWait; `$task | Wait-QwenTask"
    $task = New-QwenVideo 'Waves at dusk, slow pan' -NoWait
    $task | Wait-QwenTask -PollIntervalSec 0.5 | Out-Host

    Show "ConvertFrom-QwenAudio -Path https://example.com/meeting.wav -Async -Diarize | Select-Object -ExpandProperty Sentences"
    ConvertFrom-QwenAudio -Path 'https://example.com/meeting.wav' -Async -Diarize -PollIntervalSec 0.5 |
        Select-Object -ExpandProperty Sentences | Out-Host
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    if ($server) {
        Disconnect-DashScope
        Stop-DashScopeTestServer $server
    }
}
