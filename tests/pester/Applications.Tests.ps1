BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1') -Force
    $script:Key = 'sk-applications-test'
}

Describe 'Invoke-QwenApplication' {
    It 'calls the application and writes its answer with the session it keeps' {
        $id = New-TestId
        $answer = Invoke-QwenApplication -AppId 'helpdesk' '打印机连不上怎么办？' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $answer | Should -BeOfType ([DashScope.Models.QwenApplicationResult])
        $answer.Text | Should -Match '打印机连不上怎么办？'
        $answer.AppId | Should -Be 'helpdesk'
        $answer.SessionId | Should -Match '^[0-9a-f]{32}$'
        $answer.Usage[0].Model | Should -Be 'qwen-plus'
        $request = Get-TestServerRequests $id
        $request.Path | Should -BeLike '*/api/v1/apps/helpdesk/completion'
        ($request.Body | ConvertFrom-Json).input.prompt | Should -Be '打印机连不上怎么办？'
    }

    It 'continues the session when the result is piped back with the next prompt' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $first = Invoke-QwenApplication -AppId 'helpdesk' 'hello' -ApiKey $Key -BaseUri $uri
        $second = $first | Invoke-QwenApplication 'and then?' -ApiKey $Key -BaseUri $uri
        $second.SessionId | Should -Be $first.SessionId
        $second.Prompt | Should -Be 'and then?'
        $bodies = (Get-TestServerRequests $id).Body | ConvertFrom-Json
        $bodies[1].input.session_id | Should -Be $first.SessionId
        $bodies[1].input.prompt | Should -Be 'and then?'
    }

    It 'refuses a piped result without a new prompt, and sends nothing' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $first = Invoke-QwenApplication -AppId 'helpdesk' 'hello' -ApiKey $Key -BaseUri $uri
        $first | Invoke-QwenApplication -ApiKey $Key -BaseUri $uri -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.EmptyPrompt,*'
        @(Get-TestServerRequests $id).Count | Should -Be 1
    }

    It 'sends -Parameter as biz_params, -IncludeThoughts as has_thoughts, -SessionId and -MemoryId' {
        $id = New-TestId
        $result = Invoke-QwenApplication -AppId 'flow' 'go' -Parameter @{ sourceCode = 'code' } -IncludeThoughts -SessionId 'abc' -MemoryId 'mem-1' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $body = (Get-TestServerRequests $id).Body | ConvertFrom-Json
        $body.input.biz_params.sourceCode | Should -Be 'code'
        $body.input.session_id | Should -Be 'abc'
        $body.input.memory_id | Should -Be 'mem-1'
        $body.parameters.has_thoughts | Should -BeTrue
        $result.Thoughts[0].ActionType | Should -Be 'agentRag'
        $result.SessionId | Should -Be 'abc'
    }

    It 'streams records as the answer arrives, then the result marked as streamed' {
        $id = New-TestId
        $output = Invoke-QwenApplication -AppId 'helpdesk' 'stream please' -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $records = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        $records.Count | Should -BeGreaterThan 3
        $final = $output[-1]
        $final.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenApplicationResult#Streamed'
        $final.Text | Should -Be (-join $records.Text)
        $final.Streamed | Should -BeTrue
        (Get-TestServerRequests $id).Headers.accept | Should -Match 'text/event-stream'
    }

    It 'replays a recorded knowledge-base answer with its thoughts and citations' {
        $result = Invoke-QwenApplication -AppId 'kb' 'x' -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=application-single-generation-text-with-thought-nosse')
        $result.Thoughts.Count | Should -BeGreaterThan 0
        $result.Text | Should -Match 'xUnit'
        $result | Out-String | Should -Match 'kb · stop'
    }

    It 'answers each piped prompt in input order, several at once' {
        $id = New-TestId
        $results = 'one', 'two', 'three' | Invoke-QwenApplication -AppId 'helpdesk' -ThrottleLimit 3 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id,latency=100")
        $results.Prompt | Should -Be @('one', 'two', 'three')
    }

    It 'is the service error for an unknown application, with its code and request id' {
        Invoke-QwenApplication -AppId 'missing-app' 'x' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId)") -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidApp.NotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].Exception.RequestId | Should -Not -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf' {
        $id = New-TestId
        Invoke-QwenApplication -AppId 'helpdesk' 'x' -WhatIf -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        @(Get-TestServerRequests $id).Count | Should -Be 0
    }
}

Describe 'Measure-QwenToken' {
    It 'counts each piped text with the tokens and their ids' {
        $id = New-TestId
        $counts = '代码改变世界', 'hello world' | Measure-QwenToken -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $counts.Count | Should -Be 2
        $counts[0].Text | Should -Be '代码改变世界'
        $counts[0].Tokens | Should -Be @('代码', '改变', '世界')
        $counts[0].Count | Should -Be 3
        $counts[0].TokenIds.Count | Should -Be 3
        $counts[1].Model | Should -Be 'qwen-plus'
        $bodies = (Get-TestServerRequests $id).Body | ConvertFrom-Json
        $bodies[0].input.prompt | Should -Be '代码改变世界'
        (Get-TestServerRequests $id)[0].Path | Should -BeLike '*/api/v1/tokenizer'
    }

    It 'counts a conversation given as -Messages or as a piped chat result' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $conversation = Measure-QwenToken -Messages @{ role = 'system'; content = 'Be brief.' }, @{ role = 'user'; content = 'hi' } -Model qwen-max -ApiKey $Key -BaseUri $uri
        $conversation.Count | Should -BeGreaterThan 0
        $chat = Invoke-QwenChat 'hi' -ApiKey $Key -BaseUri $uri
        $history = $chat | Measure-QwenToken -ApiKey $Key -BaseUri $uri
        $history.Count | Should -BeGreaterThan $conversation.Count
        $bodies = (Get-TestServerRequests $id | Where-Object Path -like '*tokenizer').Body | ConvertFrom-Json
        $bodies[0].model | Should -Be 'qwen-max'
        $bodies[0].input.messages.role | Should -Be @('system', 'user')
        $bodies[1].input.messages.role | Should -Be @('user', 'assistant')
    }

    It 'sends -AdditionalParameters as the request''s parameters, and no parameters without it' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $null = Measure-QwenToken 'hi' -AdditionalParameters @{ seed = 1234; options = @{ mode = 'fast' } } -ApiKey $Key -BaseUri $uri
        $null = Measure-QwenToken 'hi' -ApiKey $Key -BaseUri $uri
        $bodies = @((Get-TestServerRequests $id).Body | ConvertFrom-Json -AsHashtable)
        $bodies[0].parameters.seed | Should -Be 1234
        $bodies[0].parameters.options.mode | Should -Be 'fast'
        $bodies[1].Contains('parameters') | Should -BeFalse
    }

    It 'refuses what is not text before sending anything' {
        $id = New-TestId
        Get-Item $PSCommandPath | Measure-QwenToken -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidInput,*'
        @(Get-TestServerRequests $id).Count | Should -Be 0
    }

    It 'shows counts as a table' {
        $table = Measure-QwenToken 'hello world' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId)") | Out-String
        $table | Should -Match 'Count\s+Model\s+Tokens'
        $table | Should -Match 'hello · world'
    }
}
