# The OpenAI-compatible protocol as a user meets it: Invoke-QwenChat -Protocol Compatible, Connect-DashScope -Protocol,
# a -BaseUri ending in /compatible-mode/v1 or /v1 (an on-premises server without a key), streams, tools, conversations
# and -ThrottleLimit over it, the plain-http rule, errors, and Get-QwenModel.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')

    $script:SavedEnvironment = @{}
    $script:ManagedVariables = 'DASHSCOPE_API_KEY', 'DASHSCOPE_API_KEY_FILE_PATH', 'DASHSCOPE_HTTP_BASE_URL'
    foreach ($name in $ManagedVariables) { $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }
    $script:Key = 'sk-compatible-test-key-42'

    function Reset-TestEnvironment {
        Disconnect-DashScope
        foreach ($name in $ManagedVariables) { [Environment]::SetEnvironmentVariable($name, $null) }
    }
    function Get-Sent([string] $Id) { @(Get-TestServerRequestList $Id) }
}

AfterAll {
    Disconnect-DashScope
    foreach ($name in $ManagedVariables) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
}

Describe 'Invoke-QwenChat over the OpenAI-compatible protocol' {
    BeforeEach { Reset-TestEnvironment }

    It '-Protocol Compatible sends to chat/completions and returns the same result as the native protocol' {
        $id = New-TestId
        $result = Invoke-QwenChat 'What is DNS?' -Protocol Compatible -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -Temperature 0.2

        $result | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'What is DNS?')
        $result.FinishReason | Should -Be 'stop'
        $result.Usage.TotalTokens | Should -Be ($result.Usage.InputTokens + $result.Usage.OutputTokens)
        $result.Prompt | Should -Be 'What is DNS?'
        $result.History.Count | Should -Be 2
        $sent = Get-Sent $id
        $sent.Count | Should -Be 1
        $sent[0].Path | Should -Be '/compatible-mode/v1/chat/completions'
        $body = $sent[0].Body | ConvertFrom-Json
        $body.messages[0].content | Should -Be 'What is DNS?'
        $body.temperature | Should -Be 0.2
        $body.PSObject.Properties.Name | Should -Not -Contain 'parameters'
    }

    It 'streams records and the final result as the native protocol does' {
        $id = New-TestId
        $output = @(Invoke-QwenChat '用一句话介绍杭州。' -Stream -ApiKey $Key -BaseUri (Get-TestCompatibleBaseUri "id=$id"))

        $records = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        $final = $output[-1]
        $final.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenChatResult#Streamed'
        $final.Text | Should -BeExactly (Get-TestExpectedAnswer '用一句话介绍杭州。')
        -join $records.Text | Should -BeExactly $final.Text
        @($records.EventId) | Should -Be @(1..$records.Count | ForEach-Object { "$_" })
        $records[-1].RequestId | Should -Be $final.RequestId
        $final.Usage.OutputTokens | Should -BeGreaterThan 0
        ((Get-Sent $id)[0].Body | ConvertFrom-Json).stream_options.include_usage | Should -BeTrue
    }

    It 'continues a piped conversation and runs prompts side by side with -ThrottleLimit in input order' {
        $id = New-TestId
        $uri = Get-TestCompatibleBaseUri "id=$id"
        $first = Invoke-QwenChat 'Name a shell.' -ApiKey $Key -BaseUri $uri
        $second = $first | Invoke-QwenChat 'And another?' -ApiKey $Key -BaseUri $uri
        $many = @('one', 'two', 'three', 'four' | Invoke-QwenChat -ThrottleLimit 4 -ApiKey $Key -BaseUri $uri)

        $second.History.Count | Should -Be 4
        @((Get-Sent $id)[1].Body | ConvertFrom-Json | ForEach-Object { $_.messages.role }) | Should -Be @('user', 'assistant', 'user')
        $many.Prompt | Should -Be @('one', 'two', 'three', 'four')
        $many.Text | Should -Be @('one', 'two', 'three', 'four' | ForEach-Object { Get-TestExpectedAnswer $_ })
    }

    It 'runs PowerShell tools the model calls and sends their output back as tool messages' {
        $id = New-TestId
        $uri = Get-TestCompatibleBaseUri "id=$id,toolcall=Get-Date"
        $result = Invoke-QwenChat 'What time is it?' -Tool (Get-Command Get-Date) -InvokeTool Auto -ApiKey $Key -BaseUri $uri

        $result.ToolRuns.Count | Should -Be 1
        $result.ToolRuns[0].Name | Should -Be 'Get-Date'
        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'What time is it?')
        $bodies = @(Get-Sent $id | ForEach-Object { $_.Body | ConvertFrom-Json })
        $bodies.Count | Should -Be 2
        $bodies[1].messages[-1].role | Should -Be 'tool'
        $bodies[1].messages[-2].tool_calls[0].function.name | Should -Be 'Get-Date'
    }

    It 'reports service errors with their OpenAI code as the error id, and a broken stream with its partial result' {
        $uri = Get-TestCompatibleBaseUri "id=$(New-TestId)"
        Invoke-QwenChat 'please #fail' -ApiKey $Key -BaseUri $uri -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.invalid_parameter_error,*'
        $failed[0].Exception.StatusCode | Should -Be 400

        Invoke-QwenChat 'hello' -Stream -ApiKey $Key -BaseUri (Get-TestCompatibleBaseUri "id=$(New-TestId),error=3") -ErrorVariable broken -ErrorAction SilentlyContinue | Out-Null
        $broken[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.internal_error,*'
        $broken[0].TargetObject.Completed | Should -BeFalse
        (Get-TestExpectedAnswer 'hello') | Should -BeLike "$($broken[0].TargetObject.Text)*"
    }

    It 'Connect-DashScope -Protocol Compatible makes later calls compatible and shows in Get-DashScopeConnection' {
        $id = New-TestId
        Connect-DashScope -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -Protocol Compatible

        (Get-DashScopeConnection).Protocol | Should -Be 'Compatible'
        $null = Invoke-QwenChat 'hi'
        $null = Invoke-QwenChat 'native again' -Protocol Native
        @(Get-Sent $id).Path | Should -Be @('/compatible-mode/v1/chat/completions', '/api/v1/services/aigc/text-generation/generation')
    }
}

Describe 'An on-premises OpenAI-compatible server' {
    BeforeEach { Reset-TestEnvironment }

    It 'is called without a key, and the DashScope key of the environment is not sent to it' {
        $env:DASHSCOPE_API_KEY = 'sk-dashscope-env-key-0001'
        $id = New-TestId
        $result = Invoke-QwenChat 'hello' -Model 'Qwen/Qwen3-8B' -BaseUri (Get-TestOnPremisesBaseUri "id=$id")

        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'hello' 'Qwen/Qwen3-8B')
        $sent = Get-Sent $id
        $sent[0].Path | Should -Be '/v1/chat/completions'
        $sent[0].Headers.PSObject.Properties.Name | Should -Not -Contain 'authorization'
    }

    It 'gets the key given with Connect-DashScope to it' {
        $id = New-TestId
        Connect-DashScope -BaseUri (Get-TestOnPremisesBaseUri "id=$id") -ApiKey 'sk-vllm-local-key-77'

        (Get-DashScopeConnection).IsDashScope | Should -BeFalse
        $null = Invoke-QwenChat 'hello' -Model 'Qwen/Qwen3-8B'
        (Get-Sent $id)[0].Headers.authorization | Should -Be 'Bearer <20 chars, ends 77>'
    }

    It 'refuses plain http to another host only when a key would be sent, naming -AllowUnencryptedAuthentication' {
        $env:DASHSCOPE_API_KEY = 'sk-dashscope-env-key-0001'
        $withKey = try { Invoke-QwenChat 'hello' -BaseUri 'http://gpu01.invalid:8000/v1' -ApiKey 'sk-local' -MaximumRetryCount 0 } catch { $_ }
        $withKey.FullyQualifiedErrorId | Should -BeLike 'DashScope.Configuration,*'
        "$withKey" | Should -BeLike '*-AllowUnencryptedAuthentication*'

        Invoke-QwenChat 'hello' -BaseUri 'http://gpu01.invalid:8000/v1' -MaximumRetryCount 0 -IdleTimeoutSec 10 -ErrorVariable withoutKey -ErrorAction SilentlyContinue
        $withoutKey[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Network,*'
        "$($withoutKey[0])" | Should -Not -BeLike '*AllowUnencryptedAuthentication*'
        "$($withoutKey[0])" | Should -BeLike '*Could not reach the server at http://gpu01.invalid:8000/v1/chat/completions*'
    }

    It 'Connect-DashScope to it warns about neither a missing key nor plain http' {
        Connect-DashScope -BaseUri 'http://gpu01.invalid:8000/v1' -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -BeNullOrEmpty
        (Get-DashScopeConnection).Protocol | Should -Be 'Compatible'
    }
}

Describe 'Get-QwenModel' {
    BeforeEach { Reset-TestEnvironment }

    It 'lists the catalog for DashScope without a key or a call' {
        $models = @(Get-QwenModel -BaseUri (Get-TestBaseUri "id=$(New-TestId)"))

        $models.Count | Should -BeGreaterThan 20
        $models[0] | Should -BeOfType ([DashScope.Models.QwenModel])
        $models.Source | Select-Object -Unique | Should -Be 'Catalog'
        $omni = Get-QwenModel qwen3-omni-flash
        $omni.Kind | Should -Be 'omni'
        $omni.Protocol | Should -Be 'Compatible'
        $omni.StreamOnly | Should -BeTrue
        @(Get-QwenModel -Kind embedding).Kind | Select-Object -Unique | Should -Be 'embedding'
        @(Get-QwenModel 'qwen-vl*').Name | ForEach-Object { $_ | Should -BeLike 'qwen-vl*' }
    }

    It 'lists what an on-premises server serves' {
        $id = New-TestId
        $models = @(Get-QwenModel -BaseUri (Get-TestOnPremisesBaseUri "id=$id,models=Qwen/Qwen3-8B+qwen3:8b"))

        $models.Name | Should -Be @('Qwen/Qwen3-8B', 'qwen3:8b')
        $models.Source | Select-Object -Unique | Should -Be 'Server'
        (Get-Sent $id)[0].Path | Should -Be '/v1/models'
    }

    It '-FromServer asks DashScope and adds what the catalog knows' {
        $id = New-TestId
        $models = @(Get-QwenModel -FromServer -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -Kind omni)

        $models.Name | Should -Be @('qwen3-omni-flash')
        $models[0].Source | Should -Be 'Server'
        $models[0].Family | Should -Be 'qwen-omni'
        (Get-Sent $id)[0].Path | Should -Be '/compatible-mode/v1/models'
    }
}
