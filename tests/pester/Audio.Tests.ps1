# ConvertFrom-QwenAudio as a user types it: recorded audio answers replayed, speech recognition through the
# simulation (asr_options, context, annotations, seconds), Get-ChildItem | Export-Csv, streaming.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    . (Join-Path $PSScriptRoot 'MediaTestHelpers.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')
    $script:Key = New-TestApiKey 'audio'
    $script:Folder = Join-Path $TestDrive 'calls'
    New-TestMediaFile (Join-Path $Folder 'first call.mp3') 16000 1 | Out-Null
    New-TestMediaFile (Join-Path $Folder '第二 通话.wav') 48000 2 | Out-Null
    New-TestMediaFile (Join-Path $Folder 'cover.png') 100 3 | Out-Null
}

Describe 'ConvertFrom-QwenAudio replays the recorded audio answers' {
    It 'answers a question about audio (multimodal-generation-audio-nosse) with audio tokens' {
        $id = New-TestId
        $recorded = Get-TestRecordedParts 'multimodal-generation-audio-nosse'
        $result = ConvertFrom-QwenAudio 'https://dashscope.oss-cn-beijing.aliyuncs.com/audios/2channel_16K.wav' -Prompt '这段音频在说什么，请用简短的语言回答' `
            -Context 'You are a helpful assistant.' -ApiKey $Key -BaseUri (Get-TestBaseUri "scenario=multimodal-generation-audio-nosse,id=$id")
        $result | Should -BeOfType ([DashScope.Models.QwenTranscript])
        $result.Text | Should -BeExactly $recorded.Text
        $result.RequestId | Should -Be $recorded.RequestId
        $result.Usage.AudioTokens | Should -Be 752
        $result.Model | Should -Be 'qwen-audio-turbo'
        $result.Prompt | Should -Be '这段音频在说什么，请用简短的语言回答'
        $body = Get-TestGenerationBodies $id
        $body.model | Should -Be 'qwen-audio-turbo'
        $body.input.messages[0].role | Should -Be 'system'
        $body.input.messages[0].content[0].text | Should -Be 'You are a helpful assistant.'
        $body.input.messages[1].content[0].audio | Should -Be 'https://dashscope.oss-cn-beijing.aliyuncs.com/audios/2channel_16K.wav'
        $body.input.messages[1].content[1].text | Should -Be '这段音频在说什么，请用简短的语言回答'
        $body.parameters.PSObject.Properties['asr_options'] | Should -BeNullOrEmpty
    }

    It 'streams the recorded audio caption (multimodal-generation-audio-caption-sse)' {
        $recorded = Get-TestRecordedParts 'multimodal-generation-audio-caption-sse'
        $output = @(ConvertFrom-QwenAudio 'https://x/noise.wav' -Model qwen3-omni-30b-a3b-captioner -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-audio-caption-sse'))
        $records = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        -join $records.Text | Should -BeExactly $recorded.Text
        $output[-1].PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenTranscript#Streamed'
        $output[-1].Usage.AudioTokens | Should -Be 152
    }

    It 'streams the recorded audio answer (multimodal-generation-audio-sse)' {
        $recorded = Get-TestRecordedParts 'multimodal-generation-audio-sse'
        $output = @(ConvertFrom-QwenAudio 'https://x/a.wav' -Prompt 'what?' -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-audio-sse'))
        $output[-1].Text | Should -BeExactly $recorded.Text
    }
}

Describe 'ConvertFrom-QwenAudio transcribes' {
    It 'writes one CSV row per piped file with file, text, language, emotion, seconds and request id' {
        $id = New-TestId
        $csv = Join-Path $TestDrive 'transcripts.csv'
        Get-ChildItem -LiteralPath $Folder -File | Where-Object Extension -in '.mp3', '.wav' | Sort-Object Length |
            ConvertFrom-QwenAudio -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding utf8
        $rows = @(Import-Csv -LiteralPath $csv -Encoding utf8)
        $rows.Count | Should -Be 2
        foreach ($column in 'File', 'Text', 'Language', 'Emotion', 'Seconds', 'RequestId', 'Model', 'Path') { $rows[0].PSObject.Properties.Name | Should -Contain $column }
        $rows.File | Should -Be @('first call.mp3', '第二 通话.wav')
        $rows[0].Text | Should -Be '欢迎使用阿里云。 [inline audio/mpeg, 16000 bytes]'
        $rows[1].Text | Should -Be '欢迎使用阿里云。 [inline audio/wav, 48000 bytes]'
        $rows.Language | Should -Be @('zh', 'zh')
        $rows.Emotion | Should -Be @('neutral', 'neutral')
        $rows.Seconds | Should -Be @('1', '3')
        $rows.Model | Should -Be @('qwen3-asr-flash', 'qwen3-asr-flash')
        $rows[0].RequestId | Should -Match '^[0-9a-f-]{36}$'
        $bodies = @(Get-TestGenerationBodies $id)
        $bodies[0].input.messages[0].role | Should -Be 'system'
        $bodies[0].input.messages[0].content[0].text | Should -Be ''
        $bodies[0].input.messages[1].content.Count | Should -Be 1
        $bodies[0].input.messages[1].content[0].audio | Should -BeLike 'data:audio/mpeg;base64,*'
        $bodies[0].parameters.PSObject.Properties['asr_options'] | Should -BeNullOrEmpty
    }

    It 'maps -Language, -EnableItn, -EnableLid and -Context to asr_options and the system message' {
        $id = New-TestId
        $result = ConvertFrom-QwenAudio (Join-Path $Folder 'first call.mp3') -Language en -EnableItn -EnableLid -Context 'Names: DashScope, Bailian' `
            -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $result.Language | Should -Be 'en'
        $body = Get-TestGenerationBodies $id
        $body.parameters.asr_options.language | Should -Be 'en'
        $body.parameters.asr_options.enable_itn | Should -BeTrue
        $body.parameters.asr_options.enable_lid | Should -BeTrue
        $body.input.messages[0].content[0].text | Should -Be 'Names: DashScope, Bailian'
    }

    It 'asks an audio understanding model when -Prompt is given without -Model' {
        $id = New-TestId
        $result = ConvertFrom-QwenAudio (Join-Path $Folder 'first call.mp3') -Prompt 'What is said?' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $result.Model | Should -Be 'qwen-audio-turbo'
        $result.Text | Should -Match '1 audio \(inline audio/mpeg, 16000 bytes\)'
        $result.Language | Should -BeNullOrEmpty
        $body = Get-TestGenerationBodies $id
        $body.input.messages.Count | Should -Be 1
        $body.input.messages[0].content[1].text | Should -Be 'What is said?'
    }

    It 'streams the transcript, then the result' {
        $output = @(ConvertFrom-QwenAudio (Join-Path $Folder 'first call.mp3') -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri))
        $records = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        $records.Count | Should -BeGreaterThan 2
        $final = $output[-1]
        $final.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenTranscript#Streamed'
        -join $records.Text | Should -BeExactly $final.Text
        $final.Language | Should -Be 'zh'
        $final.Emotion | Should -Be 'neutral'
        $final.Seconds | Should -Be 1
    }

    It 'refuses a file that is not audio before any request' {
        $id = New-TestId
        $output = @(ConvertFrom-QwenAudio (Join-Path $Folder 'cover.png') -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue)
        $output.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidInput,*'
        $failures[0].Exception.Message | Should -Match "'cover.png' \(.png\) is not a supported audio file"
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }

    It 'completes audio model names and languages' {
        (TabExpansion2 -inputScript 'ConvertFrom-QwenAudio -Model qwen3-a' -cursorColumn 'ConvertFrom-QwenAudio -Model qwen3-a'.Length).CompletionMatches.CompletionText |
            Should -Contain 'qwen3-asr-flash'
        (TabExpansion2 -inputScript 'ConvertFrom-QwenAudio -Language y' -cursorColumn 'ConvertFrom-QwenAudio -Language y'.Length).CompletionMatches.CompletionText |
            Should -Contain 'yue'
    }
}

Describe 'ConvertFrom-QwenAudio says why a transcript ended' {
    It 'has FinishReason stop for the recorded answers, whole and streamed' {
        (ConvertFrom-QwenAudio 'https://x/a.wav' -Prompt 'what?' -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-audio-nosse')).FinishReason | Should -Be 'stop'
        (ConvertFrom-QwenAudio 'https://x/a.wav' -Prompt 'what?' -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-audio-sse'))[-1].FinishReason | Should -Be 'stop'
    }

    It 'has FinishReason length when the transcript was cut short by -MaxTokens' {
        $id = New-TestId
        $result = ConvertFrom-QwenAudio (Join-Path $Folder 'first call.mp3') -MaxTokens 2 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        (Get-TestGenerationBodies $id).parameters.max_tokens | Should -Be 2
        $result.FinishReason | Should -Be 'length'
        $result.Usage.OutputTokens | Should -BeLessOrEqual 2
    }
}

