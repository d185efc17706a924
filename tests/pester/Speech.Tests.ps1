# ConvertTo-QwenSpeech as a user types it: Qwen-TTS and CosyVoice through the simulated services, whole answers
# downloaded, streams written as they arrive into a playable file, voices from the catalog, -Force, -WhatIf.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')).ProviderPath
    Import-Module $Manifest
    $script:Key = New-TestApiKey 'speech'
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    function Get-Body([string] $Id, [string] $Like) { foreach ($request in (Get-TestServerRequestList $Id)) { if ($request.Path -like $Like) { $request.Body | ConvertFrom-Json } } }
    # The bytes of a WAV file's header fields.
    function Read-Wav([string] $Path) {
        $bytes = [IO.File]::ReadAllBytes($Path)
        [pscustomobject]@{
            Riff       = [Text.Encoding]::ASCII.GetString($bytes, 0, 4)
            SampleRate = [BitConverter]::ToInt32($bytes, 24)
            Bits       = [BitConverter]::ToInt16($bytes, 34)
            DataBytes  = [BitConverter]::ToInt32($bytes, 40)
            Length     = $bytes.Length
        }
    }
}

Describe 'ConvertTo-QwenSpeech with Qwen-TTS' {
    It 'speaks a text with the default model and voice and saves the WAV file' {
        $id = New-TestId
        $file = Join-Path $TestDrive 'morning.wav'
        $speech = ConvertTo-QwenSpeech '早上好！Backup finished.' -OutFile $file -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $speech | Should -BeOfType ([DashScope.Models.QwenSpeech])
        $speech.Path | Should -Be $file
        $speech.Model | Should -Be 'qwen3-tts-flash'
        $speech.Voice | Should -Be 'Cherry'
        # A CJK character (and a full-width sign) counts 2.
        $speech.Characters | Should -Be 24
        $speech.Url | Should -Not -BeNullOrEmpty
        (Read-Wav $file).Riff | Should -Be 'RIFF'
        $body = Get-Body $id '*/multimodal-generation/generation'
        $body.input.text | Should -Be '早上好！Backup finished.'
        $body.input.voice | Should -Be 'Cherry'
        $body.input.PSObject.Properties['messages'] | Should -BeNullOrEmpty
    }

    It 'writes a stream into a playable WAV file as the pieces arrive' {
        $id = New-TestId
        $file = Join-Path $TestDrive 'stream.wav'
        $text = 'Streamed speech arrives in pieces of PCM audio, one after another.'
        $speech = ConvertTo-QwenSpeech $text -Voice Ethan -Language English -Stream -OutFile $file -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $speech.Streamed | Should -BeTrue
        $wav = Read-Wav $file
        $wav.SampleRate | Should -Be 24000
        $wav.Bits | Should -Be 16
        $wav.DataBytes | Should -Be ($wav.Length - 44)
        # The simulation speaks 4,800 bytes (0.1 s) per ten characters.
        $wav.DataBytes | Should -Be (4800 * [math]::Max(1, [math]::Floor(($text.Length + 9) / 10)))
        $request = (Get-TestServerRequestList $id)[0]
        $request.Headers.'x-dashscope-sse' | Should -Be 'enable'
        ($request.Body | ConvertFrom-Json).input.language_type | Should -Be 'English'
    }

    It 'names a file per piped text in -OutputFolder' {
        $id = New-TestId
        $folder = Join-Path $TestDrive 'many'
        $speeches = @('one', 'two', 'three' | ConvertTo-QwenSpeech -OutputFolder $folder -ThrottleLimit 3 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $speeches.Text | Should -Be @('one', 'two', 'three')
        $speeches.Path | ForEach-Object { Split-Path -Parent $_ } | Sort-Object -Unique | Should -Be $folder
        (Split-Path -Leaf $speeches[2].Path) | Should -Match '^speech_\d{8}_\d{6}_3\.wav$'
        @(Get-ChildItem -LiteralPath $folder).Count | Should -Be 3
        # A second command in the same second does not take the first one's names.
        $again = 'four' | ConvertTo-QwenSpeech -OutputFolder $folder -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $again.Path | Should -Not -BeIn $speeches.Path
        @(Get-ChildItem -LiteralPath $folder).Count | Should -Be 4
    }

    It 'refuses a format Qwen-TTS does not make, before anything is sent' {
        $id = New-TestId
        { ConvertTo-QwenSpeech 'x' -OutFile (Join-Path $TestDrive 'x.mp3') -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -ErrorId 'DashScope.InvalidInput,DashScope.Cmdlets.ConvertToQwenSpeechCommand'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }

    It 'writes the service''s error for an unknown voice and leaves no file' {
        $errors = $null
        $file = Join-Path $TestDrive 'nobody.wav'
        ConvertTo-QwenSpeech 'x' -Voice Nobody -OutFile $file -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidParameter,DashScope.Cmdlets.ConvertToQwenSpeechCommand'
        $file | Should -Not -Exist
    }
}

Describe 'ConvertTo-QwenSpeech with CosyVoice' {
    It 'sends everything in input and saves the format the file name asks for' {
        $id = New-TestId
        $file = Join-Path $TestDrive 'release.mp3'
        $speech = ConvertTo-QwenSpeech 'Release 2.1 is out.' -Model cosyvoice-v2 -OutFile $file -AdditionalParameters @{ volume = 80 } -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $speech.Format | Should -Be 'mp3'
        $speech.Voice | Should -Be 'longxiaochun_v2'
        (Get-Item $file).Length | Should -Be 100000
        $body = Get-Body $id '*/audio/tts/SpeechSynthesizer'
        $body.input.format | Should -Be 'mp3'
        $body.input.voice | Should -Be 'longxiaochun_v2'
        $body.input.volume | Should -Be 80
        $body.PSObject.Properties['parameters'] | Should -BeNullOrEmpty
    }

    It 'streams a WAV file as PCM behind a header' {
        $id = New-TestId
        $file = Join-Path $TestDrive 'cosy.wav'
        ConvertTo-QwenSpeech '代码改变世界' -Model cosyvoice-v3-flash -Voice longanyang -Stream -OutFile $file -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Out-Null
        (Get-Body $id '*/SpeechSynthesizer').input.format | Should -Be 'pcm'
        $wav = Read-Wav $file
        $wav.Riff | Should -Be 'RIFF'
        $wav.DataBytes | Should -Be ($wav.Length - 44)
    }

    It 'warns that -Language is for Qwen-TTS' {
        $warnings = $null
        ConvertTo-QwenSpeech 'x' -Model cosyvoice-v2 -Language English -OutFile (Join-Path $TestDrive 'w.wav') -ApiKey $Key -BaseUri (Get-TestBaseUri) -WarningVariable warnings | Out-Null
        $warnings[0] | Should -Match '-Language is for Qwen-TTS'
    }
}

Describe 'ConvertTo-QwenSpeech files and completion' {
    It 'keeps an existing file unless -Force' {
        $file = Join-Path $TestDrive 'kept.wav'
        Set-Content -LiteralPath $file -Value 'mine'
        $errors = $null
        ConvertTo-QwenSpeech 'x' -OutFile $file -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.FileExists,DashScope.Cmdlets.ConvertToQwenSpeechCommand'
        $errors[0].ToString() | Should -Match "already exists; it was kept\. Pass -Force to replace it"
        Get-Content -LiteralPath $file | Should -Be 'mine'
        (ConvertTo-QwenSpeech 'x' -OutFile $file -Force -ApiKey $Key -BaseUri (Get-TestBaseUri)).Length | Should -BeGreaterThan 44
    }

    It 'speaks nothing with -WhatIf' {
        $id = New-TestId
        $output = & $Pwsh -NoProfile -NonInteractive -Command "Import-Module '$Manifest'; ConvertTo-QwenSpeech 'Hello there' -OutFile ./never.wav -WhatIf -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri "id=$id")'" 2>&1 | Out-String
        $output | Should -Match 'What if: .*Speak with qwen3-tts-flash \(Cherry\) into .*never\.wav'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }

    It 'suggests the voices of the model being typed' {
        $line = 'ConvertTo-QwenSpeech x -Model cosyvoice-v3-flash -Voice '
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('longanyang', 'longxiaochun')
        $line = 'ConvertTo-QwenSpeech x -Voice Ch'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('Cherry', 'Chelsie')
        $line = 'New-QwenImage x -Size '
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText[0] | Should -Be "'1328*1328'"
    }
}
