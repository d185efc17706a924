BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1') -Force
    $script:Key = 'sk-json-test'
}

Describe 'Structured output (-ResponseFormat JsonObject, -AsObject)' {
    It 'replays the recorded JSON answer and returns it parsed with -AsObject' {
        $answer = Invoke-QwenChat '请问 1+1 是多少？用 JSON 格式输出。' -AsObject -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=single-generation-message-json-nosse')
        $answer | Should -BeOfType ([pscustomobject])
        $answer.result | Should -Be 2
    }

    It 'sends response_format json_object as the recording does, without adding anything when the prompt mentions JSON' {
        $id = New-TestId
        $result = Invoke-QwenChat '请问 1+1 是多少？用 JSON 格式输出。' -ResponseFormat JsonObject -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $sent = (Get-TestServerRequests $id)[0].Body | ConvertFrom-Json -AsHashtable
        $sent.parameters.response_format.type | Should -Be 'json_object'
        $sent.input.messages.Count | Should -Be 1
        $result | Should -BeOfType ([DashScope.Models.QwenChatResult])
        ($result.Text | ConvertFrom-Json).ok | Should -BeTrue
    }

    It 'adds a short system message asking for JSON when no message mentions it (the service would refuse otherwise)' {
        $id = New-TestId
        $answer = Invoke-QwenChat 'List three colours' -AsObject -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -Verbose 4>&1
        $verbose = $answer | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $object = $answer | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $object.answer | Should -Be 'List three colours'
        $verbose.Message -join "`n" | Should -Match 'added the system message'
        $messages = ((Get-TestServerRequests $id)[0].Body | ConvertFrom-Json).input.messages
        $messages[0].role | Should -Be 'system'
        $messages[0].content | Should -Match 'JSON'
        $messages[1].content | Should -Be 'List three colours'
    }

    It 'shows the service''s refusal when JSON mode is forced through -AdditionalParameters without the word' {
        $id = New-TestId
        { Invoke-QwenChat 'List colours' -AdditionalParameters @{ response_format = @{ type = 'json_object' } } -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*must contain the word 'json'*"
    }

    It 'reports invalid JSON as an error that keeps the raw text' {
        $answer = Invoke-QwenChat 'Give JSON' -AsObject -ApiKey $Key -BaseUri (Get-TestBaseUri 'badjson') -ErrorVariable failures -ErrorAction SilentlyContinue
        $answer | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidJson*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].TargetObject | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $failures[0].TargetObject.Text | Should -Be '{"answer": "unfinished'
    }

    It 'parses a streamed JSON answer too' {
        $output = Invoke-QwenChat 'json please: a' -AsObject -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri)
        $output[-1].ok | Should -BeTrue
        ($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] }).Count | Should -BeGreaterThan 1
    }
}
