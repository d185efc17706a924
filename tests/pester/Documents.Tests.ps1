BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1') -Force
    $script:Key = 'sk-documents-test'
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("qwen-docs-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $Dir | Out-Null
    Set-Content -Path (Join-Path $Dir 'test1.txt') -Value "line one`nline one" -NoNewline
    Set-Content -Path (Join-Path $Dir 'test2.txt') -Value 'different' -NoNewline
    Set-Content -Path (Join-Path $Dir 'picture.png') -Value 'not a document'
}
AfterAll { Remove-Item $Dir -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'File cmdlets (compatible-mode files API)' {
    It 'uploads from a path and from piped FileInfo, lists, gets and removes' {
        $uri = Get-TestBaseUri "id=$(New-TestId)"
        $one = Add-QwenFile (Join-Path $Dir 'test1.txt') -ApiKey $Key -BaseUri $uri
        $one | Should -BeOfType ([DashScope.Models.QwenFile])
        $one.Id | Should -Match '^file-fe-'
        $one.FileName | Should -Be 'test1.txt'
        $one.Bytes | Should -Be 17
        $one.Purpose | Should -Be 'file-extract'
        $one.Status | Should -Be 'processed'
        $two = Get-Item (Join-Path $Dir 'test2.txt') | Add-QwenFile -ApiKey $Key -BaseUri $uri
        $two.FileName | Should -Be 'test2.txt'

        (Get-QwenFile -ApiKey $Key -BaseUri $uri).Id | Should -Be @($one.Id, $two.Id)
        (Get-QwenFile -Name '*2.txt' -ApiKey $Key -BaseUri $uri).Id | Should -Be $two.Id
        (Get-QwenFile -Id $one.Id -ApiKey $Key -BaseUri $uri).FileName | Should -Be 'test1.txt'

        $one, $two | Remove-QwenFile -Confirm:$false -ApiKey $Key -BaseUri $uri
        Get-QwenFile -ApiKey $Key -BaseUri $uri | Should -BeNullOrEmpty
    }

    It 'keeps a Chinese file name with spaces intact (raw UTF-8 in the multipart header)' {
        $uri = Get-TestBaseUri "id=$(New-TestId)"
        $folder = New-Item -ItemType Directory -Force -Path (Join-Path $Dir 'my docs')
        $path = Join-Path $folder '报告 二.txt'
        Set-Content -Path $path -Value '季度报告：收入增长。' -NoNewline
        $file = Get-Item -LiteralPath $path | Add-QwenFile -ApiKey $Key -BaseUri $uri
        $file.FileName | Should -Be '报告 二.txt'
        (Get-QwenFile -Name '报告*' -ApiKey $Key -BaseUri $uri).Id | Should -Be $file.Id
    }

    It 'follows pages of the list' {
        $uri = Get-TestBaseUri "id=$(New-TestId),pagesize=2"
        $ids = 1..5 | ForEach-Object { (Add-QwenFile (Join-Path $Dir 'test1.txt') -ApiKey $Key -BaseUri $uri).Id }
        (Get-QwenFile -ApiKey $Key -BaseUri $uri).Id | Should -Be $ids
        (Get-QwenFile -ApiKey $Key -BaseUri $uri | Select-Object -First 3).Count | Should -Be 3
    }

    It 'Remove-QwenFile -WhatIf deletes nothing; an unknown id is ObjectNotFound' {
        $uri = Get-TestBaseUri "id=$(New-TestId)"
        $file = Add-QwenFile (Join-Path $Dir 'test1.txt') -ApiKey $Key -BaseUri $uri
        Remove-QwenFile $file.Id -WhatIf -ApiKey $Key -BaseUri $uri
        (Get-QwenFile -ApiKey $Key -BaseUri $uri).Id | Should -Be $file.Id
        Get-QwenFile -Id 'file-fe-missing' -ApiKey $Key -BaseUri $uri -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses unsupported types before uploading' {
        $id = New-TestId
        Add-QwenFile (Join-Path $Dir 'picture.png') -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Match 'not a document type'
        (Get-TestServerRequests $id).Count | Should -Be 0
    }

    It 'reads the recorded upload, list, get and delete answers' {
        (Add-QwenFile (Join-Path $Dir 'test2.txt') -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=upload-file-compatible-nosse')).Id | Should -Be 'file-fe-5d5eb068893f4b5e8551ada4'
        $listed = Get-QwenFile -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=list-files-compatible-nosse')
        $listed.FileName | Should -Be 'file1.txt'
        $listed.CreatedAt | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds(1761480070))
        (Get-QwenFile -Id file-fe-d5c0ea9110bd47afb0505f43 -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=get-file-compatible-nosse')).Bytes | Should -Be 1314
        (Remove-QwenFile file-fe-d5c0ea9110bd47afb0505f43 -Confirm:$false -PassThru -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=delete-file-compatible-nosse')).Deleted | Should -BeTrue
    }

    It 'reports the OpenAI-shaped error of a wrong purpose' {
        Add-QwenFile (Join-Path $Dir 'test1.txt') -Purpose fine-tune -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId)") -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.ServiceMessage | Should -Be "'purpose' must be 'file-extract' or 'batch'"
        $failures[0].Exception.StatusCode | Should -Be 400
    }
}

Describe 'Invoke-QwenChat -Document (qwen-long)' {
    It 'uploads local documents, sends one comma-joined fileid:// system message, defaults to qwen-long, and removes the uploads' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $result = Invoke-QwenChat '这两个文件是相同的吗？' -Document (Join-Path $Dir 'test1.txt'), (Get-Item (Join-Path $Dir 'test2.txt')) -RemoveDocument -ApiKey $Key -BaseUri $uri
        $result.Model | Should -Be 'qwen-long'
        $result.Text | Should -Match 'I read 2 document\(s\): test1.txt \(17 bytes\), test2.txt \(9 bytes\)'
        $chat = (Get-TestServerRequests $id | Where-Object Path -like '*generation*')[0].Body | ConvertFrom-Json
        $chat.model | Should -Be 'qwen-long'
        $chat.input.messages[0].role | Should -Be 'system'
        $chat.input.messages[0].content | Should -Match '^fileid://file-fe-\w+,fileid://file-fe-\w+$'
        $chat.input.messages[1].content | Should -Be '这两个文件是相同的吗？'
        Get-QwenFile -ApiKey $Key -BaseUri $uri | Should -BeNullOrEmpty
    }

    It 'takes QwenFile objects and ids, keeps them, and places the documents after -SystemPrompt' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $file = Add-QwenFile (Join-Path $Dir 'test1.txt') -ApiKey $Key -BaseUri $uri
        $result = Invoke-QwenChat 'Summarise' -Document $file -SystemPrompt 'You are a helpful assistant.' -RemoveDocument -ApiKey $Key -BaseUri $uri
        $result.Text | Should -Match 'test1.txt'
        $chat = (Get-TestServerRequests $id | Where-Object Path -like '*generation*')[0].Body | ConvertFrom-Json
        $chat.input.messages.role | Should -Be @('system', 'system', 'user')
        $chat.input.messages[1].content | Should -Be "fileid://$($file.Id)"
        (Get-QwenFile -ApiKey $Key -BaseUri $uri).Id | Should -Be $file.Id
        (Invoke-QwenChat 'Again' -Document $file.Id -ApiKey $Key -BaseUri $uri).Text | Should -Match 'test1.txt'
    }

    It 'fails before uploading anything when a document type is not supported' {
        $id = New-TestId
        { Invoke-QwenChat 'What is this?' -Document (Join-Path $Dir 'test1.txt'), (Join-Path $Dir 'picture.png') -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*'picture.png' is not a document type*"
        (Get-TestServerRequests $id).Count | Should -Be 0
    }

    It 'replays the recorded qwen-long stream' {
        $output = Invoke-QwenChat '这两个文件是相同的吗？' -Document 'file-fe-WTTG89tIUTd4ByqP3K48R3bn', 'fileid://file-fe-l92iyRvJm9vHCCfonLckf1o2' -Stream -ApiKey $Key `
            -BaseUri (Get-TestBaseUri 'scenario=conversation-generation-message-with-files-sse')
        $output[-1].Text | Should -Match '两个文件并不相同'
        $output[-1].Model | Should -Be 'qwen-long'
        $output[-1].History[0].Content | Should -Be 'fileid://file-fe-WTTG89tIUTd4ByqP3K48R3bn,fileid://file-fe-l92iyRvJm9vHCCfonLckf1o2'
    }

    It 'continues a document conversation with the same model and documents' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $file = Add-QwenFile (Join-Path $Dir 'test2.txt') -ApiKey $Key -BaseUri $uri
        $first = Invoke-QwenChat 'What is in it?' -Document $file -ApiKey $Key -BaseUri $uri
        $next = $first | Invoke-QwenChat 'And the length?' -ApiKey $Key -BaseUri $uri
        $next.Model | Should -Be 'qwen-long'
        $next.Text | Should -Match 'test2.txt'
    }
}
