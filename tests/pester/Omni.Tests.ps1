# Omni models through Invoke-QwenChat: the OpenAI-compatible protocol, streamed, by themselves; spoken answers
# (-Modality Text,Audio, -Voice, -AudioPath) saved as playable WAV files while the text flows as usual; nothing left
# behind by a failure or Ctrl+C; Enter-QwenChat with an omni model.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = Join-Path $PSScriptRoot '../../DashScope.psd1'
    Import-Module $Manifest
    $script:Key = 'sk-omni-test-key-42'

    # The header fields and samples of a WAV file, read as a player reads them.
    function Read-Wav([string] $Path) {
        $bytes = [IO.File]::ReadAllBytes($Path)
        [pscustomobject]@{
            Riff       = [Text.Encoding]::ASCII.GetString($bytes, 0, 4)
            RiffSize   = [BitConverter]::ToInt32($bytes, 4)
            Wave       = [Text.Encoding]::ASCII.GetString($bytes, 8, 8)
            Format     = [BitConverter]::ToInt16($bytes, 20)
            Channels   = [BitConverter]::ToInt16($bytes, 22)
            SampleRate = [BitConverter]::ToInt32($bytes, 24)
            ByteRate   = [BitConverter]::ToInt32($bytes, 28)
            Bits       = [BitConverter]::ToInt16($bytes, 34)
            Data       = [Text.Encoding]::ASCII.GetString($bytes, 36, 4)
            DataSize   = [BitConverter]::ToInt32($bytes, 40)
            Length     = $bytes.Length
            Samples    = [byte[]] $bytes[44..($bytes.Length - 1)]
        }
    }

    # Sends the body the cmdlet sent once more, straight to the server, and joins the base64 audio of its stream:
    # the PCM the cmdlet received.
    function Get-ReceivedPcm($Request) {
        $uri = "$(Get-TestServerAddress)$($Request.Path.TrimStart('/'))"
        $stream = Invoke-WebRequest -Uri $uri -Method Post -Body ([Text.Encoding]::UTF8.GetBytes($Request.Body)) -ContentType 'application/json' `
            -Headers @{ Authorization = "Bearer $Key" } -NoProxy
        $pcm = [IO.MemoryStream]::new()
        $text = if ($stream.Content -is [string]) { $stream.Content } else { [Text.Encoding]::UTF8.GetString($stream.Content) }
        foreach ($line in ($text -split "`n")) {
            if ($line -notmatch '^data: (\{.*)$') { continue }
            $chunk = $Matches[1] | ConvertFrom-Json
            $data = $chunk.choices | Select-Object -First 1 | ForEach-Object { $_.delta.audio.data }
            if ($data) { $piece = [Convert]::FromBase64String($data); $pcm.Write($piece, 0, $piece.Length) }
        }
        , $pcm.ToArray()
    }

    function Get-Folder([string] $Name) { (New-Item -ItemType Directory -Path (Join-Path $TestDrive $Name) -Force).FullName }
}

Describe 'Omni models through Invoke-QwenChat' {
    It 'answers over /compatible-mode/v1, streamed, by itself, with text only by default' {
        $id = New-TestId
        $folder = Get-Folder 'text-only'
        Push-Location $folder
        try { $result = Invoke-QwenChat -Model qwen3-omni-flash 'hi' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") }
        finally { Pop-Location }

        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'hi' 'qwen3-omni-flash')
        $result.Audio | Should -BeNullOrEmpty
        $sent = @(Get-TestServerRequestList $id)
        $sent.Count | Should -Be 1
        $sent[0].Path | Should -Be '/compatible-mode/v1/chat/completions'
        $body = $sent[0].Body | ConvertFrom-Json
        $body.stream | Should -BeTrue
        $body.stream_options.include_usage | Should -BeTrue
        $body.PSObject.Properties.Name | Should -Not -Contain 'modalities'
        $body.PSObject.Properties.Name | Should -Not -Contain 'audio'
        @(Get-ChildItem $folder -Force).Count | Should -Be 0
    }

    It '-Modality Text,Audio writes a playable .wav whose header and length match the PCM received, with -Voice on the wire' {
        $id = New-TestId
        $path = Join-Path (Get-Folder 'spoken') 'hello.wav'
        $result = Invoke-QwenChat 'Say hello.' -Model qwen3-omni-flash -Modality Text, Audio -Voice Ethan -AudioPath $path -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")

        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'Say hello.' 'qwen3-omni-flash')
        $result.Audio.Path | Should -Be $path
        $result.Audio.Voice | Should -Be 'Ethan'
        $result.Audio.SampleRate | Should -Be 24000
        $sent = @(Get-TestServerRequestList $id)
        $sent.Count | Should -Be 1
        $body = $sent[0].Body | ConvertFrom-Json
        $body.modalities | Should -Be @('text', 'audio')
        $body.audio.voice | Should -Be 'Ethan'
        $body.audio.format | Should -Be 'wav'
        $body.stream | Should -BeTrue

        $pcm = Get-ReceivedPcm $sent[0]
        $pcm.Length | Should -BeGreaterThan 0
        $wav = Read-Wav $path
        $wav.Riff | Should -Be 'RIFF'
        $wav.Wave | Should -Be 'WAVEfmt '
        $wav.Format | Should -Be 1
        $wav.Channels | Should -Be 1
        $wav.SampleRate | Should -Be 24000
        $wav.ByteRate | Should -Be 48000
        $wav.Bits | Should -Be 16
        $wav.Data | Should -Be 'data'
        $wav.DataSize | Should -Be $pcm.Length
        $wav.RiffSize | Should -Be ($wav.Length - 8)
        $wav.Length | Should -Be ($pcm.Length + 44)
        [Convert]::ToBase64String($wav.Samples) | Should -BeExactly ([Convert]::ToBase64String($pcm))
        $result.Audio.Bytes | Should -Be $pcm.Length
        $result.Audio.Duration.TotalSeconds | Should -Be ($pcm.Length / 48000)
        $result.Usage.OutputAudioTokens | Should -BeGreaterThan 0
        $result.Usage.OutputTextTokens | Should -BeGreaterThan 0
        @(Get-ChildItem (Split-Path $path) -Force).Name | Should -Be @('hello.wav')
    }

    It 'streams text records as usual, marking the events that brought speech' {
        $path = Join-Path (Get-Folder 'streamed') 'answer.wav'
        $output = @(Invoke-QwenChat '用一句话介绍杭州。' -Model qwen3.5-omni-flash -Modality Audio -AudioPath $path -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri))

        $records = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        $final = $output[-1]
        $final.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenChatResult#Streamed'
        -join $records.Text | Should -BeExactly $final.Text
        $final.Text | Should -BeExactly (Get-TestExpectedAnswer '用一句话介绍杭州。' 'qwen3.5-omni-flash')
        $spoken = @($records | Where-Object AudioBytes -GT 0)
        $spoken.Count | Should -BeGreaterThan 0
        ($spoken | Measure-Object AudioBytes -Sum).Sum | Should -Be $final.Audio.Bytes
        $final.Audio.Voice | Should -Be 'Tina'
        (Read-Wav $path).DataSize | Should -Be $final.Audio.Bytes
        [DashScope.Formatting.StreamDisplay]::Footer($final) | Should -Match ([regex]::Escape("speech $($final.Audio.Duration.TotalSeconds.ToString('0.0', [cultureinfo]::InvariantCulture)) s in $path"))
    }

    It 'numbers the files of several piped prompts beside -AudioPath' {
        $folder = Get-Folder 'piped'
        $results = @('one', 'two', 'three' | Invoke-QwenChat -AudioPath (Join-Path $folder 'reply.wav') -ThrottleLimit 2 -ApiKey $Key -BaseUri (Get-TestBaseUri))

        $results.Prompt | Should -Be @('one', 'two', 'three')
        $results.Model | Should -Be @('qwen3-omni-flash', 'qwen3-omni-flash', 'qwen3-omni-flash')
        $results.Audio.Path | Should -Be @('reply.wav', 'reply-2.wav', 'reply-3.wav' | ForEach-Object { Join-Path $folder $_ })
        @(Get-ChildItem $folder -Force | Sort-Object Name).Name | Should -Be @('reply-2.wav', 'reply-3.wav', 'reply.wav')
    }

    It 'saves speech without -AudioPath as answer_DATE_TIME_N.wav in the current location' {
        $folder = Get-Folder 'default-name'
        Push-Location $folder
        try { $result = Invoke-QwenChat 'hi' -Modality Text, Audio -ApiKey $Key -BaseUri (Get-TestBaseUri) }
        finally { Pop-Location }

        $result.Model | Should -Be 'qwen3-omni-flash'
        $result.Audio.Path | Should -Match ([regex]::Escape($folder) + '[\\/]answer_\d{8}_\d{6}_1\.wav$')
        Test-Path -LiteralPath $result.Audio.Path | Should -BeTrue
    }

    It 'keeps an existing file and sends nothing unless -Force' {
        $id = New-TestId
        $path = Join-Path (Get-Folder 'existing') 'kept.wav'
        Set-Content -LiteralPath $path -Value 'old'
        $result = Invoke-QwenChat 'hi' -Modality Audio -AudioPath $path -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.FileExists,DashScope.Cmdlets.InvokeQwenChatCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errors[0].ToString() | Should -Match "already exists; it was kept\. Pass -Force to replace it"
        Get-Content -LiteralPath $path | Should -Be 'old'
        @(Get-TestServerRequestList $id).Count | Should -Be 0

        $replaced = Invoke-QwenChat 'hi' -Modality Audio -AudioPath $path -Force -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        (Read-Wav $path).DataSize | Should -Be $replaced.Audio.Bytes
    }

    It 'leaves no partial file when the stream breaks' {
        $folder = Get-Folder 'broken'
        $result = Invoke-QwenChat 'hi' -Modality Audio -AudioPath (Join-Path $folder 'broken.wav') -ApiKey $Key -BaseUri (Get-TestBaseUri 'drop=8') -MaximumRetryCount 0 -ErrorVariable errors -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].TargetObject.Audio | Should -BeNullOrEmpty
        @(Get-ChildItem $folder -Force).Count | Should -Be 0
    }

    It 'leaves no partial file when stopped with Ctrl+C mid-answer' {
        $id = New-TestId
        $folder = Get-Folder 'stopped'
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        try {
            $null = $shell.AddScript('param($Manifest, $Path, $Key, $BaseUri) Import-Module $Manifest; Invoke-QwenChat "hi" -Modality Audio -AudioPath $Path -ApiKey $Key -BaseUri $BaseUri').
                AddArgument($Manifest).AddArgument((Join-Path $folder 'stopped.wav')).AddArgument($Key).AddArgument((Get-TestBaseUri "id=$id,hold=8"))
            $null = $shell.BeginInvoke()
            # Speech has been written to the temporary file beside the target while the server holds the rest.
            Wait-TestCondition { @(Get-ChildItem $folder -Force -Filter '*.part').Count -eq 1 } 10000 | Should -BeTrue
            $shell.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            Send-TestServerRelease $id
            $shell.Dispose()
            $runspace.Dispose()
        }
        Wait-TestCondition { @(Get-ChildItem $folder -Force).Count -eq 0 } 5000 | Should -BeTrue
    }

    It 'refuses before sending: a model that does not speak, -AudioPath with text only, -AsBatch, tools that run' {
        $id = New-TestId
        $baseUri = Get-TestBaseUri "id=$id"
        { Invoke-QwenChat 'hi' -Model qwen-plus -Modality Text, Audio -ApiKey $Key -BaseUri $baseUri } |
            Should -Throw -ErrorId 'DashScope.ModelDoesNotSpeak,DashScope.Cmdlets.InvokeQwenChatCommand'
        { Invoke-QwenChat 'hi' -Model qwen3-omni-flash -Modality Text -AudioPath (Join-Path $TestDrive 'x.wav') -ApiKey $Key -BaseUri $baseUri } |
            Should -Throw -ErrorId 'DashScope.AudioPathWithoutAudio,DashScope.Cmdlets.InvokeQwenChatCommand'
        { Invoke-QwenChat 'hi' -Modality Audio -AsBatch -ApiKey $Key -BaseUri $baseUri } |
            Should -Throw -ErrorId 'DashScope.SpeechAsBatch,DashScope.Cmdlets.InvokeQwenChatCommand'
        { Invoke-QwenChat 'hi' -Modality Audio -Tool { param([string] $Name) $Name } -InvokeTool Auto -ApiKey $Key -BaseUri $baseUri } |
            Should -Throw -ErrorId 'DashScope.SpeechWithTools,DashScope.Cmdlets.InvokeQwenChatCommand'
        # A piped result of a model that does not speak continues with it, and that prompt fails alone.
        $previous = Invoke-QwenChat 'hi' -ApiKey $Key -BaseUri (Get-TestBaseUri)
        $null = $previous | Invoke-QwenChat 'and then?' -Modality Audio -AudioPath (Join-Path $TestDrive 'y.wav') -ApiKey $Key -BaseUri $baseUri -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidInput,DashScope.Cmdlets.InvokeQwenChatCommand'
        "$($errors[0])" | Should -Match 'qwen-plus as answering in speech'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
        Test-Path (Join-Path $TestDrive 'y.wav') | Should -BeFalse
    }

    It 'warns that -Voice does nothing without audio, and -WhatIf sends nothing and writes no file' {
        $id = New-TestId
        $folder = Get-Folder 'whatif'
        $null = Invoke-QwenChat 'hi' -Model qwen3-omni-flash -Voice Ethan -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -WarningVariable warnings 3>$null
        "$warnings" | Should -Match '-Voice has no effect without -Modality Text,Audio'
        # "What if:" lines go to the host, so they are read from a child process's output.
        $shown = Invoke-TestPwsh "Import-Module ./DashScope.psd1; Invoke-QwenChat 'hi' -Modality Audio -AudioPath '$(Join-Path $folder 'w.wav')' -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri "id=$id")' -WhatIf" | Out-String
        $shown | Should -Match ([regex]::Escape("Send a chat request to qwen3-omni-flash"))
        $shown | Should -Match ([regex]::Escape("the spoken answer saved to $(Join-Path $folder 'w.wav')"))
        @(Get-TestServerRequestList $id).Count | Should -Be 1
        @(Get-ChildItem $folder -Force).Count | Should -Be 0
    }

    It 'completes -Voice from the catalog''s omni voices and accepts any other' {
        $line = 'Invoke-QwenChat hi -Model qwen3-omni-flash -Voice '
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'Cherry'
        $completions | Should -Contain 'Ethan'
        $path = Join-Path (Get-Folder 'any-voice') 'v.wav'
        (Invoke-QwenChat 'hi' -Modality Audio -Voice 'SomeNewVoice' -AudioPath $path -ApiKey $Key -BaseUri (Get-TestBaseUri)).Audio.Voice | Should -Be 'SomeNewVoice'
    }
}

Describe 'Enter-QwenChat with an omni model' {
    It 'streams the answers over the compatible protocol' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('Who are you?')
        $output = Invoke-InHost -Recorder $recorder -Script {
            param($BaseUri, $Key)
            Enter-QwenChat -Model qwen3-omni-flash -ApiKey $Key -BaseUri $BaseUri
        } -Arguments (Get-TestBaseUri "id=$id"), $Key

        $recorder.Screen | Should -Match ([regex]::Escape((Get-TestExpectedAnswer 'Who are you?' 'qwen3-omni-flash')))
        @($output)[-1].Text | Should -BeExactly (Get-TestExpectedAnswer 'Who are you?' 'qwen3-omni-flash')
        $sent = @(Get-TestServerRequestList $id)
        $sent.Count | Should -Be 1
        $sent[0].Path | Should -Be '/compatible-mode/v1/chat/completions'
        ($sent[0].Body | ConvertFrom-Json).stream | Should -BeTrue
    }
}
