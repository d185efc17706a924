# ConvertFrom-QwenAudio for long audio: files larger or longer than the synchronous model takes, -Async, -Diarize and
# file-transcription models go through file transcription as a task (temporary upload, wait, transcript from the result URL).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')).ProviderPath
    Import-Module $Manifest
    $script:Key = New-TestApiKey 'longaudio'
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:Sentences = 'Hello World，这里是阿里巴巴语音实验室。', 'This is the DashScope test server transcribing a long recording.', '第三句话在这里结束。'
    function Get-Requests([string] $Id, [string] $Like) { foreach ($request in (Get-TestServerRequestList $Id)) { if ($request.Path -like $Like) { $request } } }
    # A WAV header that claims $Seconds of 16 kHz mono 16-bit audio, in a small file.
    function New-LongWav([string] $Path, [int] $Seconds) {
        $data = $Seconds * 32000
        $header = [Text.Encoding]::ASCII.GetBytes('RIFF') + [BitConverter]::GetBytes([int] (36 + $data)) + [Text.Encoding]::ASCII.GetBytes('WAVEfmt ') +
            [BitConverter]::GetBytes([int] 16) + [BitConverter]::GetBytes([int16] 1) + [BitConverter]::GetBytes([int16] 1) + [BitConverter]::GetBytes([int] 16000) +
            [BitConverter]::GetBytes([int] 32000) + [BitConverter]::GetBytes([int16] 2) + [BitConverter]::GetBytes([int16] 16) + [Text.Encoding]::ASCII.GetBytes('data') +
            [BitConverter]::GetBytes([int] $data)
        [IO.File]::WriteAllBytes($Path, [byte[]] ($header + [byte[]]::new(1000)))
        $Path
    }
}

Describe 'ConvertFrom-QwenAudio with long audio' {
    It 'sends a file larger than qwen3-asr-flash takes through the temporary upload to a paraformer-v2 task' {
        $id = New-TestId
        $file = Join-Path $TestDrive 'big meeting.mp3'
        [IO.File]::WriteAllBytes($file, [byte[]]::new(11MB))
        $verbose = $null
        $transcript = ConvertFrom-QwenAudio $file -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -Verbose 4>&1 |
            Tee-Object -Variable verbose | Where-Object { $_ -is [DashScope.Models.QwenTranscript] }
        $transcript.File | Should -Be 'big meeting.mp3'
        $transcript.Path | Should -Be $file
        $transcript.Model | Should -Be 'paraformer-v2'
        $transcript.TaskId | Should -Not -BeNullOrEmpty
        $transcript.Text | Should -Be (-join $Sentences)
        $transcript.Sentences.Text | Should -Be $Sentences
        $transcript.Sentences[2].Begin | Should -Be ([TimeSpan]::FromSeconds(5))
        $transcript.Seconds | Should -Be 7.5
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -match 'more than the 10 MB qwen3-asr-flash takes at once' | Should -Not -BeNullOrEmpty

        (Get-Requests $id '*/uploads?*')[0].Path | Should -Match 'model=paraformer-v2'
        $submit = (Get-Requests $id '*/asr/transcription')[0]
        $submit.Headers.'x-dashscope-async' | Should -Be 'enable'
        $submit.Headers.'x-dashscope-ossresourceresolve' | Should -Be 'enable'
        ($submit.Body | ConvertFrom-Json).input.file_urls[0] | Should -BeLike 'oss://*'
        (Get-Requests $id '*/_results/*')[0].Headers.PSObject.Properties['authorization'] | Should -BeNullOrEmpty
        @(Get-Requests $id '*/multimodal-generation/*').Count | Should -Be 0
    }

    It 'sends a WAV file whose header says it is longer than 3 minutes as a task, and a short one at once' {
        $id = New-TestId
        $long = New-LongWav (Join-Path $TestDrive 'long.wav') 200
        $short = New-LongWav (Join-Path $TestDrive 'short.wav') 20
        $results = @($long, $short | ConvertFrom-QwenAudio -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $results[0].TaskId | Should -Not -BeNullOrEmpty
        $results[0].Sentences.Count | Should -Be 3
        $results[1].TaskId | Should -BeNullOrEmpty
        $results[1].Model | Should -Be 'qwen3-asr-flash'
    }

    It 'tells the speakers apart with -Diarize and -SpeakerCount, and sends the language as a hint' {
        $id = New-TestId
        $transcript = ConvertFrom-QwenAudio https://example.com/panel.wav -Diarize -SpeakerCount 3 -Language zh -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $transcript.Sentences.Speaker | Should -Be @(0, 1, 2)
        $body = (Get-Requests $id '*/asr/transcription')[0].Body | ConvertFrom-Json
        $body.input.file_urls | Should -Be @('https://example.com/panel.wav')
        $body.parameters.diarization_enabled | Should -BeTrue
        $body.parameters.speaker_count | Should -Be 3
        $body.parameters.language_hints | Should -Be @('zh')
        @(Get-Requests $id '*/uploads?*').Count | Should -Be 0
    }

    It 'uses a file-transcription -Model as it takes the file (qwen3-asr-flash-filetrans: one file_url)' {
        $id = New-TestId
        $transcript = ConvertFrom-QwenAudio https://example.com/call.wav -Model qwen3-asr-flash-filetrans -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $transcript.Model | Should -Be 'qwen3-asr-flash-filetrans'
        $transcript.Sentences[0].Speaker | Should -BeNullOrEmpty
        ((Get-Requests $id '*/asr/transcription')[0].Body | ConvertFrom-Json).input.file_url | Should -Be 'https://example.com/call.wav'
    }

    It 'writes a failed task, and a transcript that cannot be downloaded, as errors for that file' {
        $errors = $null
        ConvertFrom-QwenAudio https://example.com/a.wav -Async -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId),taskfail") -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidParameter,DashScope.Cmdlets.ConvertFromQwenAudioCommand'
        $errors[0].TargetObject.Status | Should -Be 'Failed'

        ConvertFrom-QwenAudio https://example.com/a.wav -Async -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId),breakat=50") -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.Network,DashScope.Cmdlets.ConvertFromQwenAudioCommand'
        $errors[0].TargetObject | Should -Be 'https://example.com/a.wav'
    }

    It 'refuses a data: URI for file transcription' {
        $errors = $null
        ConvertFrom-QwenAudio 'data:audio/wav;base64,UklGRg==' -Async -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.DataUriNotTaken,DashScope.Cmdlets.ConvertFromQwenAudioCommand'
    }

    It 'transcribes nothing with -WhatIf, and says how it would' {
        $id = New-TestId
        $output = & $Pwsh -NoProfile -NonInteractive -Command "Import-Module '$Manifest'; ConvertFrom-QwenAudio https://example.com/a.wav -Async -WhatIf -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri "id=$id")'" 2>&1 | Out-String
        $output | Should -Match 'What if: .*Transcribe as a file-transcription task with paraformer-v2'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }
}
