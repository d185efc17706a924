BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1') -Force
    $script:Key = 'sk-pipeline-test'
}

Describe 'What Invoke-QwenChat does with piped objects' {
    It 'continues the conversation of a result that went through ConvertTo-Json and back' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $copy = Invoke-QwenChat 'first question' -ApiKey $Key -BaseUri $uri | ConvertTo-Json -Depth 6 | ConvertFrom-Json
        $next = $copy | Invoke-QwenChat 'and again?' -ApiKey $Key -BaseUri $uri
        $next.History.Count | Should -Be 4
        $sent = (@(Get-TestServerRequests $id)[-1].Body | ConvertFrom-Json).input.messages
        $sent.role | Should -Be @('user', 'assistant', 'user')
        $sent[-1].content | Should -Be 'and again?'
    }

    It 'continues the conversation of a result saved with Export-Clixml' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $path = Join-Path $TestDrive 'answer.xml'
        Invoke-QwenChat 'remember 42' -ApiKey $Key -BaseUri $uri | Export-Clixml -Path $path
        $next = Import-Clixml -Path $path | Invoke-QwenChat 'what number?' -ApiKey $Key -BaseUri $uri
        $next.History.Count | Should -Be 4
        $next.History[0].Content | Should -Be 'remember 42'
    }

    It 'refuses a piped file without a question and says how to ask about it' {
        $id = New-TestId
        $file = New-Item -ItemType File -Path (Join-Path $TestDrive 'report.txt') -Value 'numbers'
        $errors = $null
        $file | Invoke-QwenChat -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.PipedFile,*'
        "$($errors[0])" | Should -Match 'Get-Content'
        "$($errors[0])" | Should -Match '-Document'
        @(Get-TestServerRequests $id).Count | Should -Be 0
    }

    It 'refuses other objects without a question, but takes numbers as prompts' {
        $id = New-TestId
        $errors = $null
        Get-Process -Id $PID | Invoke-QwenChat -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.PipedObjectWithoutPrompt,*'
        @(Get-TestServerRequests $id).Count | Should -Be 0
        (42 | Invoke-QwenChat -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")).Prompt | Should -Be '42'
    }

    It 'shows the text of a streamed result kept for later, not only its summary line' {
        $last = Invoke-QwenChat 'kept for later' -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri) | Select-Object -Last 1
        $shown = $last | Out-String -Width 300
        $shown | Should -Match 'You asked: “kept for later”'
        $shown | Should -Match '── qwen-plus · stop'
    }
}
