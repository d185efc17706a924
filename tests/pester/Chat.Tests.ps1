# Invoke-QwenChat as a user types it, against the built module and the loopback test server:
# results, prompts from arguments and pipelines, conversations, parameters on the wire, endpoints,
# Unicode, replays of recorded service answers, and model name completion.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')

    function Invoke-TestChat {
        # Invoke-QwenChat with a fresh key and a base URI tagged with a fresh id; returns the output and the id.
        param([string] $Options, [hashtable] $Parameters = @{}, [object[]] $Arguments = @())
        $id = New-TestId
        $uri = Get-TestBaseUri ($(if ($Options) { "$Options,id=$id" } else { "id=$id" }))
        $output = @(Invoke-QwenChat @Arguments @Parameters -ApiKey (New-TestApiKey) -BaseUri $uri)
        [pscustomobject]@{ Output = $output; Id = $id }
    }
}

Describe 'Invoke-QwenChat returns the answer' {
    It 'returns one QwenChatResult with text, finish reason, usage, request id, model and history' {
        $id = New-TestId
        $output = @(Invoke-QwenChat 'x' -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id"))

        $output.Count | Should -Be 1
        $result = $output[0]
        $result | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'x')
        $result.FinishReason | Should -Be 'stop'
        $result.Usage.InputTokens | Should -BeGreaterThan 0
        $result.Usage.OutputTokens | Should -BeGreaterThan 0
        $result.Usage.TotalTokens | Should -Be ($result.Usage.InputTokens + $result.Usage.OutputTokens)
        $result.RequestId | Should -Match '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        $result.Model | Should -Be 'qwen-plus'
        $result.Prompt | Should -Be 'x'
        $result.Completed | Should -BeTrue
        $result.Streamed | Should -BeFalse
        $result.History.Count | Should -Be 2
        $result.History[0].Role | Should -Be 'user'
        $result.History[0].Content | Should -Be 'x'
        $result.History[1].Role | Should -Be 'assistant'
        $result.History[1].Content | Should -BeExactly $result.Text
        $result.ToString() | Should -BeExactly $result.Text
        @(Get-TestServerRequestList $id).Count | Should -Be 1
    }

    It 'sends a plain call as one non-streaming POST to the text-generation endpoint with result_format message' {
        $call = Invoke-TestChat -Arguments 'plain'
        $request = @(Get-TestServerRequestList $call.Id)
        $request.Count | Should -Be 1
        $request[0].Method | Should -Be 'POST'
        $request[0].Path | Should -Be '/api/v1/services/aigc/text-generation/generation'
        $request[0].Headers.'content-type' | Should -BeLike 'application/json*'
        $request[0].Headers.PSObject.Properties['x-dashscope-sse'] | Should -BeNullOrEmpty
        $body = $request[0].Body | ConvertFrom-Json
        $body.model | Should -Be 'qwen-plus'
        $body.input.messages.Count | Should -Be 1
        $body.input.messages[0].role | Should -Be 'user'
        $body.input.messages[0].content | Should -Be 'plain'
        @($body.parameters.PSObject.Properties.Name) | Should -Be @('result_format')
        $body.parameters.result_format | Should -Be 'message'
    }

    It 'takes the prompt by -Prompt' {
        $call = Invoke-TestChat -Parameters @{ Prompt = 'named prompt' }
        $call.Output.Count | Should -Be 1
        $call.Output[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'named prompt')
        (Get-TestRequestBody $call.Id).input.messages[0].content | Should -Be 'named prompt'
    }

    It 'answers each piped string as its own prompt' {
        $id = New-TestId
        $results = @('a', 'b' | Invoke-QwenChat -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id"))

        $results.Count | Should -Be 2
        $results[0].Prompt | Should -Be 'a'
        $results[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'a')
        $results[1].Prompt | Should -Be 'b'
        $results[1].Text | Should -BeExactly (Get-TestExpectedAnswer 'b')
        $bodies = @(Get-TestRequestBody $id)
        $bodies.Count | Should -Be 2
        $bodies[0].input.messages.Count | Should -Be 1
        $bodies[0].input.messages[0].content | Should -Be 'a'
        $bodies[1].input.messages.Count | Should -Be 1
        $bodies[1].input.messages[0].content | Should -Be 'b'
    }

    It 'gathers piped lines after -Prompt into ONE request: prompt, blank line, the lines (git status | Invoke-QwenChat -Prompt ...)' {
        $id = New-TestId
        $results = @('line1', 'line2' | Invoke-QwenChat -Prompt 'summarise' -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id"))

        $results.Count | Should -Be 1
        $bodies = @(Get-TestRequestBody $id)
        $bodies.Count | Should -Be 1
        $bodies[0].input.messages.Count | Should -Be 1
        $bodies[0].input.messages[0].role | Should -Be 'user'
        $bodies[0].input.messages[0].content | Should -BeExactly "summarise`n`nline1`nline2"
        $results[0].History[0].Content | Should -BeExactly "summarise`n`nline1`nline2"
    }

    It 'does the same when the prompt is given by position' {
        $id = New-TestId
        $results = @('line1', 'line2', 'line3' | Invoke-QwenChat 'Write a commit message.' -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id"))
        $results.Count | Should -Be 1
        $bodies = @(Get-TestRequestBody $id)
        $bodies.Count | Should -Be 1
        $bodies[0].input.messages[0].content | Should -BeExactly "Write a commit message.`n`nline1`nline2`nline3"
    }

    It 'formats piped objects (not strings) as text the way the console shows them' {
        $id = New-TestId
        $objects = [pscustomobject]@{ Name = 'alpha'; Size = 42 }, [pscustomobject]@{ Name = 'beta'; Size = 7 }
        $results = @($objects | Invoke-QwenChat -Prompt 'describe' -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id"))

        $results.Count | Should -Be 1
        $content = @(Get-TestRequestBody $id)[0].input.messages[0].content
        $content | Should -BeLike "describe`n`n*"
        $table = $content.Substring("describe`n`n".Length)
        $table | Should -Match 'Name\s+Size' -Because 'the properties of piped PSCustomObjects (Import-Csv, Select-Object, ConvertFrom-Json) must be formatted, not lost'
        $table | Should -Match 'alpha\s+42'
        $table | Should -Match 'beta\s+7'
        $content | Should -Not -Match '@\{|PSCustomObject'
        $content | Should -Not -Match "`e\["
    }

    It 'formats piped .NET objects as text too' {
        $id = New-TestId
        $results = @([version] '1.2.3.4', [version] '5.6.7.8' | Invoke-QwenChat -Prompt 'compare' -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id"))
        $results.Count | Should -Be 1
        $content = @(Get-TestRequestBody $id)[0].input.messages[0].content
        $content | Should -BeLike "compare`n`n*"
        $content | Should -Match 'Major\s+Minor\s+Build\s+Revision'
        $content | Should -Match '1\s+2\s+3\s+4'
        $content | Should -Match '5\s+6\s+7\s+8'
    }
}

Describe 'Conversations' {
    It 'continues a piped result: sends user, assistant, user and the history grows to 4' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $key = New-TestApiKey
        $first = Invoke-QwenChat 'first question' -ApiKey $key -BaseUri $uri
        $second = @($first | Invoke-QwenChat 'and then?' -ApiKey $key -BaseUri $uri)

        $second.Count | Should -Be 1
        $bodies = @(Get-TestRequestBody $id)
        $bodies.Count | Should -Be 2
        $messages = $bodies[1].input.messages
        $messages.Count | Should -Be 3
        @($messages.role) | Should -Be @('user', 'assistant', 'user')
        $messages[0].content | Should -Be 'first question'
        $messages[1].content | Should -BeExactly $first.Text
        $messages[2].content | Should -Be 'and then?'
        $second[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'and then?')
        $second[0].History.Count | Should -Be 4
        @($second[0].History.Role) | Should -Be @('user', 'assistant', 'user', 'assistant')
        $second[0].History[3].Content | Should -BeExactly $second[0].Text
        $first.History.Count | Should -Be 2 -Because 'continuing a conversation must not change the earlier result'
    }

    It 'sends -Messages given as hashtables' {
        $call = Invoke-TestChat -Parameters @{ Messages = @(
                @{ role = 'user'; content = 'Remember the number 42.' },
                @{ role = 'assistant'; content = 'OK.' },
                @{ Role = 'User'; Content = 'Which number?' }) }

        $call.Output.Count | Should -Be 1
        $messages = (Get-TestRequestBody $call.Id).input.messages
        @($messages.role) | Should -Be @('user', 'assistant', 'user')
        @($messages.content) | Should -Be @('Remember the number 42.', 'OK.', 'Which number?')
        $call.Output[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'Which number?')
        $call.Output[0].History.Count | Should -Be 4
    }

    It 'places -SystemPrompt first as a system message' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ SystemPrompt = 'You are terse.' }
        $messages = (Get-TestRequestBody $call.Id).input.messages
        $messages.Count | Should -Be 2
        $messages[0].role | Should -Be 'system'
        $messages[0].content | Should -Be 'You are terse.'
        $messages[1].role | Should -Be 'user'
        $messages[1].content | Should -Be 'hi'
        $call.Output[0].History.Count | Should -Be 3
        $call.Output[0].History[0].Role | Should -Be 'system'
    }

    It 'refuses a message with an unknown role before sending' {
        $id = New-TestId
        $output = Invoke-QwenChat -Messages @{ role = 'wizard'; content = 'abracadabra' } -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidInput*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }
}

Describe 'Parameters on the wire' {
    It '<Name> sends parameters.<Field>' -TestCases @(
        @{ Name = '-Temperature'; Parameters = @{ Temperature = 0.7 }; Field = 'temperature'; Expected = 0.7 }
        @{ Name = '-TopP'; Parameters = @{ TopP = 0.8 }; Field = 'top_p'; Expected = 0.8 }
        @{ Name = '-TopK'; Parameters = @{ TopK = 20 }; Field = 'top_k'; Expected = 20 }
        @{ Name = '-Seed'; Parameters = @{ Seed = 1234 }; Field = 'seed'; Expected = 1234 }
        @{ Name = '-MaxTokens'; Parameters = @{ MaxTokens = 500 }; Field = 'max_tokens'; Expected = 500 }
        @{ Name = '-Stop'; Parameters = @{ Stop = 'END', '###' }; Field = 'stop'; Expected = @('END', '###') }
        @{ Name = '-RepetitionPenalty'; Parameters = @{ RepetitionPenalty = 1.05 }; Field = 'repetition_penalty'; Expected = 1.05 }
        @{ Name = '-PresencePenalty'; Parameters = @{ PresencePenalty = -0.5 }; Field = 'presence_penalty'; Expected = -0.5 }
        @{ Name = '-EnableThinking'; Parameters = @{ EnableThinking = $true }; Field = 'enable_thinking'; Expected = $true }
    ) {
        $call = Invoke-TestChat -Arguments 'params' -Parameters $Parameters
        $call.Output.Count | Should -Be 1
        $sent = (Get-TestRequestBody $call.Id).parameters
        $sent.PSObject.Properties[$Field] | Should -Not -BeNullOrEmpty -Because "$Name should be sent as $Field"
        @($sent.$Field) | Should -Be @($Expected)
        $sent.result_format | Should -Be 'message'
    }

    It '-EnableThinking -ThinkingBudget sends enable_thinking and thinking_budget' {
        $call = Invoke-TestChat -Arguments 'budget' -Parameters @{ EnableThinking = $true; ThinkingBudget = 3 }
        $sent = (Get-TestRequestBody $call.Id).parameters
        $sent.enable_thinking | Should -BeTrue
        $sent.thinking_budget | Should -Be 3
        $call.Output[0].Reasoning | Should -Not -BeNullOrEmpty
        $call.Output[0].Usage.ReasoningTokens | Should -Be 3
    }

    It 'merges -AdditionalParameters into parameters, nested values included' {
        $call = Invoke-TestChat -Arguments 'extra' -Parameters @{
            Temperature          = 0.5
            AdditionalParameters = @{ enable_search = $true; n = 1; search_options = @{ forced_search = $true; search_strategy = 'pro' }; tags = @('a', 'b') }
        }
        $call.Output.Count | Should -Be 1
        $sent = (Get-TestRequestBody $call.Id).parameters
        $sent.result_format | Should -Be 'message'
        $sent.temperature | Should -Be 0.5
        $sent.enable_search | Should -BeTrue
        $sent.n | Should -Be 1
        $sent.search_options.forced_search | Should -BeTrue
        $sent.search_options.search_strategy | Should -Be 'pro'
        @($sent.tags) | Should -Be @('a', 'b')
    }

    It 'keeps result_format message even when -AdditionalParameters asks for text' {
        $call = Invoke-TestChat -Arguments 'format' -Parameters @{ AdditionalParameters = @{ result_format = 'text' } }
        (Get-TestRequestBody $call.Id).parameters.result_format | Should -Be 'message'
        $call.Output[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'format')
    }

    It '-MaxTokens cuts the answer short with FinishReason length' {
        $call = Invoke-TestChat -Arguments 'long answer please' -Parameters @{ MaxTokens = 3 }
        $call.Output[0].FinishReason | Should -Be 'length'
        $call.Output[0].Usage.OutputTokens | Should -Be 3
        (Get-TestExpectedAnswer 'long answer please').StartsWith($call.Output[0].Text) | Should -BeTrue
        $call.Output[0].Text.Length | Should -BeLessThan (Get-TestExpectedAnswer 'long answer please').Length
    }

    It '-Stream sends incremental_output true and X-DashScope-SSE: enable' {
        $call = Invoke-TestChat -Arguments 'streamed' -Parameters @{ Stream = $true }
        $request = @(Get-TestServerRequestList $call.Id)
        $request.Count | Should -Be 1
        $request[0].Headers.'x-dashscope-sse' | Should -Be 'enable'
        $request[0].Headers.accept | Should -BeLike '*text/event-stream*'
        $body = $request[0].Body | ConvertFrom-Json
        $body.parameters.incremental_output | Should -BeTrue
        $body.parameters.result_format | Should -Be 'message'
    }

    It '-EnableThinking without -Stream streams internally and returns one result with Reasoning apart from Text' {
        $call = Invoke-TestChat -Arguments 'think first' -Parameters @{ EnableThinking = $true }

        $call.Output.Count | Should -Be 1
        $result = $call.Output[0]
        $result | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'think first')
        $result.Reasoning | Should -BeExactly "$([char] 0x7528)$([char] 0x6237)$([char] 0x95EE)$([char] 0x7684)$([char] 0x662F)$([char] 0xFF1A)think first$([char] 0x3002)$([char] 0x6211)$([char] 0x5148)$([char] 0x60F3)$([char] 0x4E00)$([char] 0x60F3)$([char] 0xFF0C)$([char] 0x518D)$([char] 0x56DE)$([char] 0x7B54)$([char] 0x3002)"
        $result.Text | Should -Not -Match ([regex]::Escape($result.Reasoning))
        $result.FinishReason | Should -Be 'stop'
        $result.Completed | Should -BeTrue
        $result.History[-1].ReasoningContent | Should -BeExactly $result.Reasoning
        $request = @(Get-TestServerRequestList $call.Id)
        $request.Count | Should -Be 1
        $request[0].Headers.'x-dashscope-sse' | Should -Be 'enable'
        $body = $request[0].Body | ConvertFrom-Json
        $body.parameters.enable_thinking | Should -BeTrue
        $body.parameters.incremental_output | Should -BeTrue
    }

    It '-Model qwen3.6-plus goes to the multimodal endpoint with content as parts (Stream: <Stream>)' -TestCases @(
        @{ Stream = $false }
        @{ Stream = $true }
    ) {
        $call = Invoke-TestChat -Arguments 'multimodal' -Parameters @{ Model = 'qwen3.6-plus'; Stream = $Stream }
        $result = $call.Output[-1]
        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'multimodal' 'qwen3.6-plus')
        $result.Model | Should -Be 'qwen3.6-plus'
        $request = @(Get-TestServerRequestList $call.Id)
        $request[0].Path | Should -Be '/api/v1/services/aigc/multimodal-generation/generation'
        $body = $request[0].Body | ConvertFrom-Json
        $body.model | Should -Be 'qwen3.6-plus'
        $body.input.messages[0].content[0].text | Should -Be 'multimodal'
    }
}

Describe 'Unicode' {
    BeforeAll {
        # 用一句话介绍杭州。 plus a character outside the BMP (a surrogate pair in .NET, 4 bytes in UTF-8).
        $script:ChinesePrompt = '用一句话介绍杭州。🐉'
    }

    It 'round-trips a Chinese prompt in the request body and the echoed answer' {
        $call = Invoke-TestChat -Arguments $ChinesePrompt
        $request = @(Get-TestServerRequestList $call.Id)
        # CJK travels as raw UTF-8, as the official SDKs send it (JSON may escape the non-BMP character).
        $request[0].Body | Should -BeLike '*"content":"用一句话介绍杭州。*'
        ($request[0].Body | ConvertFrom-Json).input.messages[0].content | Should -BeExactly $ChinesePrompt
        $call.Output[0].Text | Should -BeExactly (Get-TestExpectedAnswer $ChinesePrompt)
    }

    It 'round-trips it when the stream arrives one byte at a time (chunk=1 splits UTF-8 characters)' {
        $call = Invoke-TestChat -Options 'chunk=1' -Arguments $ChinesePrompt -Parameters @{ Stream = $true }
        $final = $call.Output[-1]
        $final.Text | Should -BeExactly (Get-TestExpectedAnswer $ChinesePrompt)
        -join ($call.Output[0..($call.Output.Count - 2)].Text) | Should -BeExactly $final.Text
        $final.Text | Should -Not -Match ([char] 0xFFFD)
    }
}

Describe 'Replays of recorded service answers' {
    It 'single-generation-message-nosse: Text equals the recorded content' {
        $recorded = Get-TestRecordedAnswer 'single-generation-message-nosse'
        $call = Invoke-TestChat -Options 'scenario=single-generation-message-nosse' -Arguments '请问 1+1 是多少？' -Parameters @{ Model = 'qwen-max' }
        $call.Output.Count | Should -Be 1
        $result = $call.Output[0]
        $result.Text | Should -BeExactly $recorded.Text
        $result.Text | Should -BeLike '1+1 等于 2。*'
        $result.RequestId | Should -Be $recorded.RequestId
        $result.FinishReason | Should -Be 'stop'
        $result.Usage.InputTokens | Should -Be 8
        $result.Usage.OutputTokens | Should -Be 39
        $result.Usage.TotalTokens | Should -Be 47
    }

    It '<Scenario> with -Stream: records and final result match the recording' -TestCases @(
        @{ Scenario = 'single-generation-text-sse' }
        @{ Scenario = 'single-generation-message-sse' }  # UTF-8 BOM and no blank lines between events
        @{ Scenario = 'single-generation-message-reasoning-sse' }
    ) {
        $recorded = Get-TestRecordedAnswer $Scenario
        $call = Invoke-TestChat -Options "scenario=$Scenario" -Arguments '请问 1+1 是多少？' -Parameters @{ Stream = $true }
        $records = @($call.Output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        $final = $call.Output[-1]

        $records.Count | Should -Be $recorded.Events
        $call.Output.Count | Should -Be ($recorded.Events + 1)
        $final.PSObject.BaseObject | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $final.Text | Should -BeExactly $recorded.Text
        $final.Text.Length | Should -BeGreaterThan 0
        -join $records.Text | Should -BeExactly $recorded.Text
        if ($recorded.Reasoning) {
            $final.Reasoning | Should -BeExactly $recorded.Reasoning
        }
        else {
            $final.Reasoning | Should -BeNullOrEmpty
        }
        $final.RequestId | Should -Be $recorded.RequestId
        $final.FinishReason | Should -Be $recorded.FinishReason
        $final.Completed | Should -BeTrue
    }

    It 'single-generation-message-reasoning-sse with -EnableThinking (no -Stream): Reasoning and Text apart' {
        $recorded = Get-TestRecordedAnswer 'single-generation-message-reasoning-sse'
        $call = Invoke-TestChat -Options 'scenario=single-generation-message-reasoning-sse' -Arguments '请问 1+1 是多少？' -Parameters @{ EnableThinking = $true; ThinkingBudget = 10; Model = 'qwen-plus-latest' }
        $call.Output.Count | Should -Be 1
        $call.Output[0].Reasoning | Should -BeExactly $recorded.Reasoning
        $call.Output[0].Text | Should -BeExactly $recorded.Text
        $call.Output[0].Reasoning.Length | Should -BeGreaterThan 0
        $call.Output[0].Text.Length | Should -BeGreaterThan 0
    }

    It 'conversation-generation-message-sse: sends the recorded conversation and returns the recorded answer' {
        $recorded = Get-TestRecordedAnswer 'conversation-generation-message-sse'
        $requestFile = Join-Path $PSScriptRoot '../recordings/conversation-generation-message-sse.request.body.json'
        $recordedMessages = (Get-Content -LiteralPath $requestFile -Raw -Encoding utf8 | ConvertFrom-Json).input.messages
        $messages = foreach ($message in $recordedMessages) { @{ role = $message.role; content = $message.content } }

        $call = Invoke-TestChat -Options 'scenario=conversation-generation-message-sse' -Parameters @{ Messages = $messages; Model = 'qwen-max'; Stream = $true }
        $final = $call.Output[-1]
        $final.Text | Should -BeExactly $recorded.Text
        $final.RequestId | Should -Be $recorded.RequestId
        $final.History.Count | Should -Be 4
        $sent = (Get-TestRequestBody $call.Id).input.messages
        @($sent.role) | Should -Be @($recordedMessages.role)
        @($sent.content) | Should -Be @($recordedMessages.content)
    }
}

Describe 'Model names' {
    It 'tab-completes -Model with known names' {
        $line = 'Invoke-QwenChat -Model qwen-'
        $names = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
        $names | Should -Contain 'qwen-plus'
        $names | Should -Contain 'qwen-max'
        $names | Should -Contain 'qwen-turbo'
        foreach ($name in $names) { $name | Should -BeLike 'qwen-*' }
    }

    It 'tab-completes qwen3. names' {
        $line = 'Invoke-QwenChat -Model qwen3.'
        $names = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
        $names | Should -Contain 'qwen3.6-plus'
    }

    It 'accepts any model name and sends it as given' {
        $call = Invoke-TestChat -Arguments 'custom' -Parameters @{ Model = 'my-fine-tuned-model-v2' }
        (Get-TestRequestBody $call.Id).model | Should -Be 'my-fine-tuned-model-v2'
        $call.Output[0].Model | Should -Be 'my-fine-tuned-model-v2'
        $call.Output[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'custom' 'my-fine-tuned-model-v2')
    }
}
