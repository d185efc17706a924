# Invoke-QwenChat's model routing and capabilities as a user types them, against the built module and the loopback
# test server: the model catalog's endpoints and the url-error fallback, thinking on and off, -ReasoningEffort,
# -Choices, -LogProbabilities, translation, the code interpreter, -AdditionalParameters spelt any way, and
# conversations that go out again exactly as they came back. Checked on what the server received and on the objects.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')
    $script:Key = New-TestApiKey 'features'
    $script:Recordings = Join-Path $PSScriptRoot '../recordings'

    function Invoke-TestChat {
        # Invoke-QwenChat against a base URI tagged with a fresh id; returns the output (warnings and verbose
        # lines merged in when asked), the errors (with -CollectErrors), the requests the server got and their bodies.
        param([string] $Options, [hashtable] $Parameters = @{}, [object[]] $Arguments = @(), [switch] $Warnings, [switch] $VerboseLines, [switch] $CollectErrors)
        $id = New-TestId
        $uri = Get-TestBaseUri ($(if ($Options) { "$Options,id=$id" } else { "id=$id" }))
        $common = @{ ApiKey = $Key; BaseUri = $uri }
        if ($CollectErrors) { $common.ErrorAction = 'SilentlyContinue'; $common.ErrorVariable = 'callErrors' }
        $output = if ($VerboseLines) {
            @(Invoke-QwenChat @Arguments @Parameters @common -Verbose 4>&1)
        }
        elseif ($Warnings) {
            @(Invoke-QwenChat @Arguments @Parameters @common 3>&1)
        }
        else {
            @(Invoke-QwenChat @Arguments @Parameters @common)
        }
        $requests = @(Get-TestServerRequestList $id)
        [pscustomobject]@{
            Id       = $id
            Output   = $output
            Results  = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatResult] })
            Records  = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
            Warnings = @($output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
            Verbose  = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            Errors   = @($callErrors)
            Requests = $requests
            Bodies   = @($requests | ForEach-Object { $_.Body | ConvertFrom-Json -AsHashtable })
        }
    }

    function Get-RecordedRequest([string] $Name) {
        Get-Content -LiteralPath (Join-Path $Recordings "$Name.request.body.json") -Raw -Encoding utf8 | ConvertFrom-Json -AsHashtable
    }

    function Get-RecordedResponse([string] $Name) {
        (Get-Content -LiteralPath (Join-Path $Recordings "$Name.response.body.txt") -Raw -Encoding utf8).TrimStart([char] 0xFEFF) | ConvertFrom-Json
    }

    function ConvertTo-CanonicalJson($Value) {
        # JSON with object keys sorted at every level, to compare bodies field by field whatever the key order.
        function Sort-Node($Node) {
            if ($Node -is [System.Collections.IDictionary]) {
                $sorted = [ordered]@{}
                foreach ($key in ($Node.Keys | Sort-Object)) { $sorted[$key] = Sort-Node $Node[$key] }
                return $sorted
            }
            if ($Node -is [System.Collections.IList]) { return , @($Node | ForEach-Object { Sort-Node $_ }) }
            return $Node
        }
        ConvertTo-Json -InputObject (Sort-Node $Value) -Depth 20 -Compress
    }

    function Get-RawMessages($Request) {
        # The bytes of input.messages exactly as the server received them.
        $document = [System.Text.Json.JsonDocument]::Parse([string] $Request.Body)
        try { $document.RootElement.GetProperty('input').GetProperty('messages').GetRawText() } finally { $document.Dispose() }
    }
}

Describe 'The model catalog routes each model to its endpoint' {
    It '<Model> goes to the multimodal endpoint with the prompt as a text part' -TestCases @(
        @{ Model = 'qwen3-vl-plus'; Streamed = $false }
        @{ Model = 'qvq-max'; Streamed = $true }          # answers only streamed, and always thinks
        @{ Model = 'qwen-audio-turbo'; Streamed = $false }
    ) {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = $Model }

        $call.Output.Count | Should -Be 1
        $call.Results[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'hi' $Model)
        $call.Requests.Count | Should -Be 1
        $call.Requests[0].Path | Should -Be '/api/v1/services/aigc/multimodal-generation/generation'
        Get-RawMessages $call.Requests[0] | Should -BeExactly '[{"role":"user","content":[{"text":"hi"}]}]'
        [bool] $call.Requests[0].Headers.PSObject.Properties['x-dashscope-sse'] | Should -Be $Streamed
    }

    It 'keeps plain text models on the text endpoint with string content' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = 'qwen-max' }
        $call.Requests[0].Path | Should -Be '/api/v1/services/aigc/text-generation/generation'
        Get-RawMessages $call.Requests[0] | Should -BeExactly '[{"role":"user","content":"hi"}]'
    }

    It 'sends a url error once more to the other endpoint, says so in -Verbose, and remembers it for the session' {
        $model = 'my-multimodal-only-' + (New-TestId)
        $first = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = $model } -VerboseLines

        $first.Results.Count | Should -Be 1
        $first.Results[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'hi' $model)
        @($first.Requests.Path) | Should -Be @('/api/v1/services/aigc/text-generation/generation', '/api/v1/services/aigc/multimodal-generation/generation')
        Get-RawMessages $first.Requests[1] | Should -BeExactly '[{"role":"user","content":[{"text":"hi"}]}]'
        $said = @($first.Verbose | Where-Object { $_ -match 'url error' })
        $said.Count | Should -Be 1
        $said[0] | Should -Match ([regex]::Escape($model))
        $said[0] | Should -Match 'multimodal endpoint'

        $again = Invoke-TestChat -Arguments 'again' -Parameters @{ Model = $model; Stream = $true }
        @($again.Requests.Path) | Should -Be @('/api/v1/services/aigc/multimodal-generation/generation')
        $again.Results[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'again' $model)
    }

    It 'falls back the same way for a streamed call' {
        $model = 'my-multimodal-only-' + (New-TestId)
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = $model; Stream = $true }
        $call.Requests.Count | Should -Be 2
        -join $call.Records.Text | Should -BeExactly (Get-TestExpectedAnswer 'hi' $model)
        $call.Results[0].Completed | Should -BeTrue
    }

    It '-Endpoint Text overrides the catalog and a url error is then reported, not retried' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = 'qwen3-vl-plus'; Endpoint = 'Text' } -CollectErrors
        $call.Output.Count | Should -Be 0
        $call.Requests.Count | Should -Be 1
        $call.Requests[0].Path | Should -Be '/api/v1/services/aigc/text-generation/generation'
        Get-RawMessages $call.Requests[0] | Should -BeExactly '[{"role":"user","content":"hi"}]'
        $call.Errors.Count | Should -Be 1
        $call.Errors[0].Exception.ServiceMessage | Should -Match 'url error'
    }

    It '-Endpoint Multimodal sends a text model there with parts content' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = 'qwen-plus'; Endpoint = 'Multimodal' }
        $call.Requests[0].Path | Should -Be '/api/v1/services/aigc/multimodal-generation/generation'
        Get-RawMessages $call.Requests[0] | Should -BeExactly '[{"role":"user","content":[{"text":"hi"}]}]'
    }
}

Describe 'Thinking' {
    It '-EnableThinking:$false sends enable_thinking false and a model that thinks by default answers whole, without reasoning' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = 'qwen3-32b'; EnableThinking = $false }
        $call.Bodies[0].parameters['enable_thinking'] | Should -BeOfType ([bool])
        $call.Bodies[0].parameters.enable_thinking | Should -BeFalse
        $call.Bodies[0].parameters.Contains('incremental_output') | Should -BeFalse
        $call.Requests[0].Headers.PSObject.Properties['x-dashscope-sse'] | Should -BeNullOrEmpty
        $call.Results[0].Reasoning | Should -BeNullOrEmpty
        $call.Results[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'hi' 'qwen3-32b')
    }

    It 'omitted sends nothing; <Model>, which thinks by default, is streamed internally and gives one result with reasoning' -TestCases @(
        @{ Model = 'qwen3-32b' }
        @{ Model = 'qwen3.6-plus' }
    ) {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = $Model }
        $call.Bodies[0].parameters.Contains('enable_thinking') | Should -BeFalse
        $call.Bodies[0].parameters.incremental_output | Should -BeTrue
        $call.Requests[0].Headers.'x-dashscope-sse' | Should -Be 'enable'
        $call.Output.Count | Should -Be 1
        $call.Results[0].Streamed | Should -BeFalse
        $call.Results[0].Reasoning | Should -Not -BeNullOrEmpty
        $call.Results[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'hi' $Model)
    }

    It 'omitted sends nothing and a model that does not think by default answers whole' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = 'qwen-plus' }
        @($call.Bodies[0].parameters.Keys) | Should -Be @('result_format')
        $call.Requests[0].Headers.PSObject.Properties['x-dashscope-sse'] | Should -BeNullOrEmpty
    }

    It '-ReasoningEffort sends reasoning_effort as the recorded request does, and the recorded answer comes back' {
        $name = 'single-generation-message-reasoning-effort-nosse'
        $recorded = Get-RecordedRequest $name
        $answer = (Get-RecordedResponse $name).output.choices[0].message
        $call = Invoke-TestChat -Options "scenario=$name" -Arguments $recorded.input.messages[0].content -Parameters @{ Model = 'deepseek-v4-pro'; EnableThinking = $true; ReasoningEffort = 'xhigh' } -Warnings

        $call.Warnings | Should -BeNullOrEmpty
        $sent = $call.Bodies[0]
        $sent.model | Should -Be $recorded.model
        ConvertTo-CanonicalJson $sent.input | Should -Be (ConvertTo-CanonicalJson $recorded.input)
        $sent.parameters.enable_thinking | Should -Be $recorded.parameters.enable_thinking
        $sent.parameters.reasoning_effort | Should -Be $recorded.parameters.reasoning_effort
        # The recording is a whole answer; thinking calls are streamed here, and a whole answer to one is read all the same.
        $sent.parameters.incremental_output | Should -BeTrue
        $call.Results.Count | Should -Be 1
        $call.Results[0].Text | Should -BeExactly $answer.content
        $call.Results[0].Reasoning | Should -BeExactly $answer.reasoning_content
    }

    It '-ReasoningEffort for a model the catalog does not list as taking it warns, naming the model, and still sends it' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Model = 'qwen-plus'; ReasoningEffort = 'high' } -Warnings
        $call.Warnings.Count | Should -Be 1
        $call.Warnings[0] | Should -Match 'qwen-plus'
        $call.Warnings[0] | Should -Match 'ReasoningEffort'
        $call.Bodies[0].parameters.reasoning_effort | Should -Be 'high'
        $call.Results.Count | Should -Be 1
    }
}

Describe '-Choices' {
    It 'sends n and returns every answer in Choices, the first as Text' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Choices = 3 }
        $call.Bodies[0].parameters.n | Should -Be 3
        $call.Output.Count | Should -Be 1
        $result = $call.Results[0]
        @($result.Choices.Index) | Should -Be @(0, 1, 2)
        $result.Choices[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'hi')
        $result.Choices[1].Text | Should -BeExactly ('(answer 2) ' + (Get-TestExpectedAnswer 'hi'))
        $result.Choices[2].Text | Should -BeExactly ('(answer 3) ' + (Get-TestExpectedAnswer 'hi'))
        @($result.Choices.FinishReason) | Should -Be @('stop', 'stop', 'stop')
        $result.Text | Should -BeExactly $result.Choices[0].Text
        $result.History[-1].Content | Should -BeExactly $result.Choices[0].Text
    }

    It 'decodes the recorded roleplay answer with two choices, and sends its request (n, logit_bias) as recorded' {
        $name = 'single-generation-message-roleplay-nosse'
        $recorded = Get-RecordedRequest $name
        $messages = @($recorded.input.messages | Select-Object -First 2 | ForEach-Object { @{ role = $_.role; content = $_.content } })
        $call = Invoke-TestChat -Options "scenario=$name" -Arguments $recorded.input.messages[2].content `
            -Parameters @{ Messages = $messages; Model = 'qwen-plus-character'; Choices = 2; AdditionalParameters = @{ logit_bias = $recorded.parameters.logit_bias } }

        ConvertTo-CanonicalJson $call.Bodies[0] | Should -Be (ConvertTo-CanonicalJson $recorded)
        $answer = (Get-RecordedResponse $name).output.choices
        $result = $call.Results[0]
        $result.Choices.Count | Should -Be 2
        $result.Choices[0].Text | Should -BeExactly $answer[0].message.content
        $result.Choices[1].Text | Should -BeExactly $answer[1].message.content
        $result.Text | Should -BeExactly $answer[0].message.content
        $result.Usage.TotalTokens | Should -Be 269
    }

    It 'streams records that carry their choice and never mix, and sums the usage over the choices' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Choices = 2; Stream = $true }
        $call.Requests[0].Headers.'x-dashscope-sse' | Should -Be 'enable'
        @($call.Records.ChoiceIndex | Sort-Object -Unique) | Should -Be @(0, 1)
        $first = @($call.Records | Where-Object ChoiceIndex -EQ 0)
        $second = @($call.Records | Where-Object ChoiceIndex -EQ 1)
        -join $first.Text | Should -BeExactly (Get-TestExpectedAnswer 'hi')
        -join $second.Text | Should -BeExactly ('(answer 2) ' + (Get-TestExpectedAnswer 'hi'))
        $first[-1].FinishReason | Should -Be 'stop'
        $second[-1].FinishReason | Should -Be 'stop'
        $result = $call.Output[-1]
        $result.Text | Should -BeExactly (-join $first.Text)
        $result.Choices[1].Text | Should -BeExactly (-join $second.Text)
        # The same question answered whole reports the usage of both choices together.
        $whole = (Invoke-TestChat -Arguments 'hi' -Parameters @{ Choices = 2 }).Results[0]
        $result.Usage.OutputTokens | Should -Be $whole.Usage.OutputTokens
        $result.Usage.TotalTokens | Should -Be ($result.Usage.InputTokens + $result.Usage.OutputTokens)
    }

    It 'refuses -Choices above 1 with -Tool before anything is sent' {
        $id = New-TestId
        { Invoke-QwenChat 'hi' -Choices 2 -Tool @{ name = 'f'; parameters = @{ type = 'object'; properties = @{} } } -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } |
            Should -Throw -ErrorId 'DashScope.ChoicesWithTools,DashScope.Cmdlets.InvokeQwenChatCommand'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }
}

Describe '-LogProbabilities' {
    It 'sends the recorded request and returns the recorded token with its bytes and alternatives as objects' {
        $name = 'single-generation-message-logprobs-nosse'
        $recorded = Get-RecordedRequest $name
        $parameters = @{
            Model = 'qwen-max'; Seed = 1234; MaxTokens = 1500; TopP = 0.8; TopK = 100; RepetitionPenalty = 1.1; Temperature = 0.85
            LogProbabilities = $true; TopLogProbabilities = 2
        }
        $call = Invoke-TestChat -Options "scenario=$name" -Arguments $recorded.input.messages[0].content -Parameters $parameters

        ConvertTo-CanonicalJson $call.Bodies[0] | Should -Be (ConvertTo-CanonicalJson $recorded)
        $token = @($call.Results[0].LogProbabilities)
        $token.Count | Should -Be 1
        $token[0] | Should -BeOfType ([DashScope.Models.QwenLogProbability])
        $token[0].Token | Should -Be '2'
        $token[0].LogProbability | Should -Be 0
        $token[0].Probability | Should -Be 1
        @($token[0].Bytes) | Should -Be @(50)
        @($token[0].TopAlternatives).Count | Should -Be 1
        $token[0].TopAlternatives[0].Token | Should -Be '2'
        @($call.Results[0].Choices[0].LogProbabilities).Count | Should -Be 1
    }

    It '-TopLogProbabilities alone asks for log-probabilities; whole and streamed give the same tokens' {
        $whole = Invoke-TestChat -Arguments 'hi' -Parameters @{ TopLogProbabilities = 3 }
        $streamed = Invoke-TestChat -Arguments 'hi' -Parameters @{ TopLogProbabilities = 3; Stream = $true }

        foreach ($body in $whole.Bodies[0], $streamed.Bodies[0]) {
            $body.parameters.logprobs | Should -BeTrue
            $body.parameters.top_logprobs | Should -Be 3
        }
        $tokens = @($whole.Results[0].LogProbabilities)
        -join $tokens.Token | Should -BeExactly $whole.Results[0].Text
        foreach ($token in $tokens) { @($token.TopAlternatives).Count | Should -Be 3 }
        @($streamed.Output[-1].LogProbabilities.Token) | Should -Be @($tokens.Token)
        @($streamed.Output[-1].LogProbabilities.LogProbability) | Should -Be @($tokens.LogProbability)
        $withTokens = @($streamed.Records | Where-Object { $_.Text })
        foreach ($record in $withTokens) { -join $record.LogProbabilities.Token | Should -BeExactly $record.Text }
    }

    It 'is off unless asked for' {
        $call = Invoke-TestChat -Arguments 'hi'
        $call.Bodies[0].parameters.Contains('logprobs') | Should -BeFalse
        @($call.Results[0].LogProbabilities).Count | Should -Be 0
    }
}

Describe 'Translation' {
    It 'builds translation_options as the recorded request does and returns the recorded translation' {
        $name = 'single-generation-message-translation-nosse'
        $recorded = Get-RecordedRequest $name
        $call = Invoke-TestChat -Options "scenario=$name" -Arguments $recorded.input.messages[0].content -Parameters @{
            Model = 'qwen-mt-plus'; TargetLanguage = 'English'; SourceLanguage = 'Chinese'; Term = @{ '博客园' = 'cnblogs' }
            TranslationMemory = @{ '代码改变世界' = 'Coding changes world' }; Domain = 'This text is a promotion.'
        }

        # The recording also says incremental_output:false, the default of a whole answer.
        $recorded.parameters.Remove('incremental_output')
        ConvertTo-CanonicalJson $call.Bodies[0] | Should -Be (ConvertTo-CanonicalJson $recorded)
        $call.Results[0].Text | Should -BeExactly 'The concept of cnblogs is that coding changes world '
        $call.Results[0].FinishReason | Should -Be 'stop'
    }

    It 'defaults to the model catalog''s translation model and detects the source language' {
        $call = Invoke-TestChat -Arguments '你好' -Parameters @{ TargetLanguage = 'English' }
        $call.Bodies[0].model | Should -Be 'qwen-mt-flash'
        ConvertTo-CanonicalJson $call.Bodies[0].parameters.translation_options | Should -Be '{"source_lang":"auto","target_lang":"English"}'
        $call.Results[0].Text | Should -BeExactly '[English] 你好'
        $call.Results[0].Model | Should -Be 'qwen-mt-flash'
    }

    It 'refuses <Case> with -TargetLanguage before anything is sent' -TestCases @(
        @{ Case = '-SystemPrompt'; Parameters = @{ Prompt = '你好'; SystemPrompt = 'Be formal.' } }
        @{ Case = '-Messages'; Parameters = @{ Messages = @(@{ role = 'user'; content = '你好' }) } }
    ) {
        $call = Invoke-TestChat -Parameters ($Parameters + @{ TargetLanguage = 'English' }) -CollectErrors
        $call.Output.Count | Should -Be 0
        $call.Requests.Count | Should -Be 0
        $call.Errors.Count | Should -Be 1
        $call.Errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidInput,DashScope.Cmdlets.InvokeQwenChatCommand'
        $call.Errors[0].Exception.Message | Should -Match 'SystemPrompt, -Messages and piped results'
    }

    It 'refuses a piped result with -TargetLanguage before anything is sent' {
        $previous = Invoke-TestChat -Arguments 'a'
        $id = New-TestId
        $output = @($previous.Results[0] | Invoke-QwenChat 'b' -TargetLanguage English -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue)
        $output.Count | Should -Be 0
        @(Get-TestServerRequestList $id).Count | Should -Be 0
        $failures[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidInput,DashScope.Cmdlets.InvokeQwenChatCommand'
    }

    It 'warns that -Term, -Domain and friends do nothing without -TargetLanguage' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ Term = @{ a = 'b' }; Domain = 'Legal.' } -Warnings
        $call.Warnings.Count | Should -Be 1
        $call.Warnings[0] | Should -Match 'without -TargetLanguage'
        $call.Bodies[0].parameters.Contains('translation_options') | Should -BeFalse
    }

    It 'translates a file line by line, in order, eight at a time (later lines answered first)' {
        $file = Join-Path $TestDrive 'doc.txt'
        # The test server waits #delay=MS before answering: the first lines take longest.
        $lines = 1..12 | ForEach-Object { "第 $_ 行 #delay=$((13 - $_) * 40)" }
        Set-Content -LiteralPath $file -Value $lines -Encoding utf8
        $id = New-TestId

        $results = @(Get-Content -LiteralPath $file -Encoding utf8 | Invoke-QwenChat -TargetLanguage English -ThrottleLimit 8 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))

        $results.Count | Should -Be 12
        @($results.Prompt) | Should -Be $lines
        @($results.Text) | Should -Be @($lines | ForEach-Object { "[English] $_" })
        $requests = @(Get-TestServerRequestList $id)
        $requests.Count | Should -Be 12
        $received = @{}
        foreach ($request in $requests) {
            $body = $request.Body | ConvertFrom-Json -AsHashtable
            $body.model | Should -Be 'qwen-mt-flash'
            $body.input.messages.Count | Should -Be 1
            $body.parameters.translation_options.target_lang | Should -Be 'English'
            $received[$body.input.messages[0].content] = [datetimeoffset] $request.ReceivedAt
        }
        # The ninth line went out while the first (answered 480 ms after it arrived) was still being translated.
        ($received[$lines[8]] - $received[$lines[0]]).TotalMilliseconds | Should -BeLessThan 480
    }
}

Describe '-EnableCodeInterpreter' {
    BeforeAll {
        $script:CodeRecording = 'single-generation-message-with-code-interpreter-sse'
        $script:CodeQuestion = (Get-RecordedRequest $CodeRecording).input.messages[0].content
    }

    It 'sends the recorded request (thinking on, streamed) and puts the code run on the result' {
        $call = Invoke-TestChat -Options "scenario=$CodeRecording" -Arguments $CodeQuestion -Parameters @{ Model = 'qwen3-max-preview'; EnableCodeInterpreter = $true }

        ConvertTo-CanonicalJson $call.Bodies[0] | Should -Be (ConvertTo-CanonicalJson (Get-RecordedRequest $CodeRecording))
        $call.Output.Count | Should -Be 1
        $runs = @($call.Results[0].CodeRuns)
        $runs.Count | Should -Be 1
        $runs[0] | Should -BeOfType ([DashScope.Models.QwenCodeRun])
        $runs[0].Type | Should -Be 'code_interpreter'
        $runs[0].Code | Should -Be '123**21'
        $call.Results[0].Text | Should -BeExactly (Get-TestRecordedAnswer $CodeRecording).Text
        $call.Results[0].Text | Should -Match '77269364466549865653073473388030061522211723'
    }

    It 'with -Stream puts the code run on the first record that reports it, and on no other' {
        $call = Invoke-TestChat -Options "scenario=$CodeRecording" -Arguments $CodeQuestion -Parameters @{ Model = 'qwen3-max-preview'; EnableCodeInterpreter = $true; Stream = $true }

        $lines = @((Get-Content -LiteralPath (Join-Path $Recordings "$CodeRecording.response.body.txt") -Encoding utf8) | Where-Object { $_.StartsWith('data:') })
        $firstReport = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i].Contains('"tool_info"')) { $i } })[0]
        $firstReport | Should -BeGreaterThan 0
        $call.Records.Count | Should -Be $lines.Count
        $reporting = @(for ($i = 0; $i -lt $call.Records.Count; $i++) { if ($call.Records[$i].CodeRuns) { $i } })
        $reporting | Should -Be @($firstReport)
        $call.Records[$firstReport].CodeRuns[0].Code | Should -Be '123**21'
        @($call.Output[-1].CodeRuns).Count | Should -Be 1
    }

    It 'turns thinking on even for a model that does not think by default' {
        $call = Invoke-TestChat -Arguments 'x' -Parameters @{ Model = 'qwen3-max'; EnableCodeInterpreter = $true }
        $call.Bodies[0].parameters.enable_code_interpreter | Should -BeTrue
        $call.Bodies[0].parameters.enable_thinking | Should -BeTrue
        $call.Requests[0].Headers.'x-dashscope-sse' | Should -Be 'enable'
        @($call.Results[0].CodeRuns.Code) | Should -Be @('123**21')
    }
}

Describe '-AdditionalParameters matched to the modelled parameters' {
    It '<Extra> given with <Named> is sent once, as <Wire>, and warns that it overrides the named parameter' -TestCases @(
        @{ Extra = @{ Temperature = 0.5 }; Named = @{ Temperature = 0.2 }; Wire = 'temperature'; Value = 0.5; Parameter = 'Temperature' }
        @{ Extra = @{ top_p = 0.5 }; Named = @{ TopP = 0.9 }; Wire = 'top_p'; Value = 0.5; Parameter = 'TopP' }
        @{ Extra = @{ MaxTokens = 7 }; Named = @{ MaxTokens = 5 }; Wire = 'max_tokens'; Value = 7; Parameter = 'MaxTokens' }
        @{ Extra = @{ N = 3 }; Named = @{ Choices = 2 }; Wire = 'n'; Value = 3; Parameter = 'Choices' }
    ) {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters ($Named + @{ AdditionalParameters = $Extra }) -Warnings

        $call.Warnings.Count | Should -Be 1
        $call.Warnings[0] | Should -Match "sets $Wire, which overrides -$Parameter"
        $raw = [string] $call.Requests[0].Body
        ([regex]::Matches($raw, '"' + $Wire + '"', 'IgnoreCase')).Count | Should -Be 1
        $call.Bodies[0].parameters[$Wire] | Should -Be $Value
    }

    It 'renames TopP and top_k to their wire names without a warning when nothing named is given' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ AdditionalParameters = @{ TopP = 0.5; top_k = 3; logit_bias = @{ '9909' = -100 } } } -Warnings
        $call.Warnings | Should -BeNullOrEmpty
        @($call.Bodies[0].parameters.Keys | Sort-Object) | Should -Be @('logit_bias', 'result_format', 'top_k', 'top_p')
        $call.Bodies[0].parameters.top_p | Should -Be 0.5
    }

    It 'warns once for a command that sends many prompts' {
        $id = New-TestId
        $output = @('a', 'b', 'c' | Invoke-QwenChat -Temperature 0.2 -AdditionalParameters @{ Temperature = 0.9 } -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") 3>&1)
        @($output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 1
        foreach ($request in Get-TestServerRequestList $id) { ($request.Body | ConvertFrom-Json).parameters.temperature | Should -Be 0.9 }
    }

    It 'turns thinking on when given as EnableThinking, and the call is streamed as the service requires' {
        $call = Invoke-TestChat -Arguments 'hi' -Parameters @{ AdditionalParameters = @{ EnableThinking = $true } }
        $call.Bodies[0].parameters.enable_thinking | Should -BeTrue
        $call.Requests[0].Headers.'x-dashscope-sse' | Should -Be 'enable'
        $call.Results[0].Reasoning | Should -Not -BeNullOrEmpty
    }
}

Describe 'Messages keep every field' {
    It 'sends hashtables and objects with role, content as text or parts, tool_calls, tool_call_id, name, partial and reasoning_content' {
        $messages = @(
            @{ role = 'system'; content = 'Be brief.' }
            @{ role = 'user'; content = @(@{ text = 'Weather in ' }, 'Hangzhou?') }
            [pscustomobject]@{
                role = 'assistant'; content = ''; reasoning_content = 'I should call the tool.'
                tool_calls = @([pscustomobject]@{ id = 'call_1'; type = 'function'; index = 0; function = [pscustomobject]@{ name = 'get_weather'; arguments = '{"city":"杭州"}' } })
            }
            @{ role = 'tool'; content = '{"temp":21}'; tool_call_id = 'call_1'; name = 'get_weather' }
            [pscustomobject]@{ Role = 'user'; Content = 'And tomorrow?'; Name = 'alice' }
            @{ role = 'assistant'; content = 'Tomorrow it'; partial = $true }
        )
        $call = Invoke-TestChat -Parameters @{ Messages = $messages }

        Get-RawMessages $call.Requests[0] | Should -BeExactly ('[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Hangzhou?"},' +
            '{"role":"assistant","content":"","reasoning_content":"I should call the tool.","tool_calls":[{"id":"call_1","type":"function","index":0,"function":{"name":"get_weather","arguments":"{\"city\":\"杭州\"}"}}]},' +
            '{"role":"tool","content":"{\"temp\":21}","tool_call_id":"call_1","name":"get_weather"},{"role":"user","content":"And tomorrow?","name":"alice"},' +
            '{"role":"assistant","content":"Tomorrow it","partial":true}]')
        $history = $call.Results[0].History
        $history[2].ToolCalls[0].Arguments | Should -Be '{"city":"杭州"}'
        $history[5].Partial | Should -BeTrue
    }

    It 'sends media parts as parts on the multimodal endpoint' {
        $messages = @(@{ role = 'user'; content = @(@{ image = 'https://x/a.png'; max_pixels = 1003520 }, @{ video = @('https://x/1.jpg', 'https://x/2.jpg') }, @{ text = 'What is this?' }) })
        $call = Invoke-TestChat -Parameters @{ Messages = $messages; Model = 'qwen-vl-max' }
        $call.Requests[0].Path | Should -Be '/api/v1/services/aigc/multimodal-generation/generation'
        Get-RawMessages $call.Requests[0] | Should -BeExactly '[{"role":"user","content":[{"image":"https://x/a.png","max_pixels":1003520},{"video":["https://x/1.jpg","https://x/2.jpg"]},{"text":"What is this?"}]}]'
    }

    It 'sends a conversation piped back in exactly as it came back: directly, through JSON and through Clixml' {
        # A conversation the model made: a tool call (-InvokeTool None), the caller's tool message and its answer, then
        # a thinking answer.
        $tool = @{ name = 'get_weather'; parameters = @{ type = 'object'; properties = @{ city = @{ type = 'string' } } }; required = @('city') }
        $first = Invoke-QwenChat 'Weather in Hangzhou?' -Tool $tool -InvokeTool None -ApiKey $Key -BaseUri (Get-TestBaseUri "toolcall=get_weather,id=$(New-TestId)")
        $first.ToolCalls.Count | Should -Be 1
        $answered = $first | Invoke-QwenChat -Messages @{ role = 'tool'; content = '21 °C'; tool_call_id = $first.ToolCalls[0].Id; name = 'get_weather' } -ApiKey $Key -BaseUri (Get-TestBaseUri)
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $second = $answered | Invoke-QwenChat 'Will it rain?' -EnableThinking -ApiKey $Key -BaseUri $uri
        $second.Reasoning | Should -Not -BeNullOrEmpty

        $clixml = Join-Path $TestDrive 'conversation.xml'
        $second | Export-Clixml -LiteralPath $clixml
        $null = $second | Invoke-QwenChat 'And tomorrow?' -ApiKey $Key -BaseUri $uri
        $null = $second | ConvertTo-Json -Depth 10 | ConvertFrom-Json | Invoke-QwenChat 'And tomorrow?' -ApiKey $Key -BaseUri $uri
        $null = Import-Clixml -LiteralPath $clixml | Invoke-QwenChat 'And tomorrow?' -ApiKey $Key -BaseUri $uri

        $requests = @(Get-TestServerRequestList $id)
        $requests.Count | Should -Be 4
        $sent = @($requests | ForEach-Object { Get-RawMessages $_ })
        $sent[2] | Should -BeExactly $sent[1]
        $sent[3] | Should -BeExactly $sent[1]
        # The conversation sent before, then the answer as the service gave it, then the new question.
        $before = $sent[0].Substring(0, $sent[0].Length - 1)
        $sent[1].StartsWith($before + ',') | Should -BeTrue
        $sent[1].EndsWith(',{"role":"user","content":"And tomorrow?"}]') | Should -BeTrue
        $answer = $sent[1].Substring($before.Length + 1, $sent[1].Length - $before.Length - 1 - ',{"role":"user","content":"And tomorrow?"}]'.Length) | ConvertFrom-Json -AsHashtable
        @($answer.Keys) | Should -Be @('role', 'content', 'reasoning_content')
        $answer.content | Should -BeExactly $second.Text
        $answer.reasoning_content | Should -BeExactly $second.Reasoning
        $calls = ($sent[1] | ConvertFrom-Json -AsHashtable)[1].tool_calls
        $calls[0].id | Should -Be $first.ToolCalls[0].Id
        $calls[0].function.name | Should -Be 'get_weather'
        ($sent[1] | ConvertFrom-Json -AsHashtable)[2].tool_call_id | Should -Be $first.ToolCalls[0].Id
    }

    It 'says why a saved result whose History cannot be read does not continue, instead of asking about its text' {
        # What a result saved too shallow looks like: its tool calls turned into text.
        $saved = [pscustomobject]@{
            PSTypeName = 'Deserialized.DashScope.Models.QwenChatResult'
            Text       = 'answer'
            Model      = 'qwen-plus'
            History    = @([pscustomobject]@{ Role = 'user'; Content = 'q' }, [pscustomobject]@{ Role = 'assistant'; Content = ''; ToolCalls = @('f({})') })
        }
        $id = New-TestId
        $output = @($saved | Invoke-QwenChat 'next' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue)
        $output.Count | Should -Be 0
        @(Get-TestServerRequestList $id).Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidInput,DashScope.Cmdlets.InvokeQwenChatCommand'
        $failures[0].Exception.Message | Should -Match 'History'
    }
}
