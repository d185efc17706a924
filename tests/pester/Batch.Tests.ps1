# The Batch API from the pipeline, as a user meets it: Invoke-QwenChat -AsBatch, Get-QwenEmbedding -AsBatch,
# Start-QwenBatch, Get-, Wait-, Stop- and Receive-QwenBatch, Remove-QwenFile on batches; results in input order as the objects a synchronous call writes, failed
# lines as errors naming their input, a new session working from the id alone, and the local batch folder.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = Join-Path $PSScriptRoot '../../DashScope.psd1'
    Import-Module $Manifest
    $script:Key = 'sk-batch-test-key-01'
    $script:SavedHome = $env:HOME
    $script:SavedProfile = $env:USERPROFILE

    function Use-TestHome {
        # A home of its own per test: the batch folder (~/.dashscope/batches) starts empty.
        $folder = Join-Path $TestDrive ('home-' + (New-TestId))
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $env:HOME = $folder
        $env:USERPROFILE = $folder
        Join-Path $folder '.dashscope/batches'
    }
    function Get-Sent([string] $Id) { @(Get-TestServerRequestList $Id) }
    function Get-Lines([string] $Path) { @(Get-Content -LiteralPath $Path -Encoding utf8 | ForEach-Object { $_ | ConvertFrom-Json }) }
    function New-RequestFile([string] $Path, [string[]] $Prompts, [string] $Model = 'qwen-plus') {
        $i = 0
        $lines = foreach ($prompt in $Prompts) {
            $i++
            @{ custom_id = "req-$i"; method = 'POST'; url = '/v1/chat/completions'; body = @{ model = $Model; messages = @(@{ role = 'user'; content = $prompt }) } } | ConvertTo-Json -Depth 6 -Compress
        }
        Set-Content -LiteralPath $Path -Value $lines -Encoding utf8
        $Path
    }
}

AfterAll {
    $env:HOME = $SavedHome
    $env:USERPROFILE = $SavedProfile
}

Describe 'Invoke-QwenChat -AsBatch' {
    It 'writes one line per piped prompt with the body a synchronous call sends, uploads it and creates a named batch' {
        $folder = Use-TestHome
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $batch = 'What is DNS?', '', 'What is NTP?' | Invoke-QwenChat -AsBatch -SystemPrompt 'Answer briefly.' -Temperature 0.3 -BatchName 'nightly triage' -BatchDescription 'tickets' -ApiKey $Key -BaseUri $uri

        @($batch).Count | Should -Be 1
        $batch | Should -BeOfType ([DashScope.Models.QwenBatch])
        $batch.Status | Should -Be 'Validating'
        $batch.Name | Should -Be 'nightly triage'
        $batch.Description | Should -Be 'tickets'
        $sent = Get-Sent $id
        $sent.Path | Should -Be @('/compatible-mode/v1/files', '/compatible-mode/v1/batches')
        $sent[0].Body | Should -BeLike '*name="purpose"*batch*'
        $create = $sent[1].Body | ConvertFrom-Json
        $create.input_file_id | Should -Be $batch.InputFileId
        $create.endpoint | Should -Be '/v1/chat/completions'
        $create.completion_window | Should -Be '24h'
        $create.metadata.ds_name | Should -Be 'nightly triage'

        $lines = Get-Lines (Join-Path $folder "$($batch.Id).input.jsonl")
        $lines.custom_id | Should -Be @('1', '2')
        $lines.url | Select-Object -Unique | Should -Be '/v1/chat/completions'
        $lines[1].body.messages.role | Should -Be @('system', 'user')
        $lines[1].body.messages[1].content | Should -Be 'What is NTP?'
        $lines[1].body.temperature | Should -Be 0.3
        $lines[1].body.model | Should -Be 'qwen-plus'
        $lines[1].body.PSObject.Properties.Name | Should -Not -Contain 'stream'
        @(Get-ChildItem (Join-Path $folder 'drafts') -File).Count | Should -Be 0
    }

    It 'gives each piped item its own request after the prompt from the command line' {
        $folder = Use-TestHome
        $batch = 'The printer is broken.', 'How do I reset my password?' | Invoke-QwenChat 'Classify this ticket:' -AsBatch -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId)")

        (Get-Lines (Join-Path $folder "$($batch.Id).input.jsonl")).body.messages.content |
            Should -Be @("Classify this ticket:`n`nThe printer is broken.", "Classify this ticket:`n`nHow do I reset my password?")
    }

    It 'sends nothing and keeps no file with -WhatIf, and refuses -Stream' {
        $folder = Use-TestHome
        $id = New-TestId
        'a', 'b' | Invoke-QwenChat -AsBatch -WhatIf -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")

        Get-Sent $id | Should -BeNullOrEmpty
        @(Get-ChildItem $folder -Recurse -File).Count | Should -Be 0
        { 'a' | Invoke-QwenChat -AsBatch -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorAction Stop } | Should -Throw -ErrorId 'DashScope.StreamAsBatch,DashScope.Cmdlets.InvokeQwenChatCommand'
    }

    It 'runs through Wait-QwenBatch and Receive-QwenBatch to the results a synchronous call writes, in input order' {
        $null = Use-TestHome
        $uri = Get-TestBaseUri "id=$(New-TestId),batchpolls=2"
        $prompts = 1..8 | ForEach-Object { "ticket $_" + $(if ($_ -eq 3) { ' #fail' }) }
        $results = @($prompts | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $uri | Wait-QwenBatch -ApiKey $Key -BaseUri $uri |
            Receive-QwenBatch -ApiKey $Key -BaseUri $uri -ErrorVariable failed -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 7
        $results | ForEach-Object { $_ | Should -BeOfType ([DashScope.Models.QwenChatResult]) }
        $results.Prompt | Should -Be @($prompts | Where-Object { $_ -notlike '*#fail' })
        $results.Text | Should -Be @($prompts | Where-Object { $_ -notlike '*#fail' } | ForEach-Object { Get-TestExpectedAnswer $_ })
        $results[0].History.Role | Should -Be @('user', 'assistant')
        $results[0].Completed | Should -BeTrue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.invalid_parameter_error,*'
        $failed[0].TargetObject | Should -Be 'ticket 3 #fail'
        "$($failed[0])" | Should -BeLike '*line 3 (custom_id 3)*'

        # A result continues its conversation synchronously.
        $next = $results[0] | Invoke-QwenChat 'And then?' -ApiKey $Key -BaseUri $uri
        $next.History.Count | Should -Be 4
    }
}

Describe 'Get-QwenEmbedding -AsBatch' {
    It 'writes one line per input numbered by its position, with the body a synchronous compatible call sends, and creates a named batch' {
        $folder = Use-TestHome
        $id = New-TestId
        $batch = '代码改变世界', '', 'second text' | Get-QwenEmbedding -AsBatch -Dimension 256 -AdditionalParameters @{ user = 'ops' } -BatchName '向量' -BatchDescription 'corpus' `
            -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable skipped -ErrorAction SilentlyContinue

        @($batch).Count | Should -Be 1
        $batch | Should -BeOfType ([DashScope.Models.QwenBatch])
        $batch.Name | Should -Be '向量'
        $batch.Description | Should -Be 'corpus'
        $skipped.Count | Should -Be 1
        $skipped[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.EmptyText,*'
        $sent = Get-Sent $id
        $sent.Path | Should -Be @('/compatible-mode/v1/files', '/compatible-mode/v1/batches')
        $sent[0].Body | Should -BeLike '*name="purpose"*batch*'
        $create = $sent[1].Body | ConvertFrom-Json
        $create.endpoint | Should -Be '/v1/embeddings'
        $create.completion_window | Should -Be '24h'
        $create.metadata.ds_name | Should -Be '向量'

        $lines = Get-Lines (Join-Path $folder "$($batch.Id).input.jsonl")
        $lines.custom_id | Should -Be @('1', '3')
        $lines.method | Select-Object -Unique | Should -Be 'POST'
        $lines.url | Select-Object -Unique | Should -Be '/v1/embeddings'
        $lines[0].body.PSObject.Properties.Name | Should -Be @('model', 'input', 'dimensions', 'encoding_format', 'user')
        $lines[0].body.model | Should -Be 'text-embedding-v4'
        $lines[0].body.input | Should -Be @('代码改变世界')
        $lines[0].body.dimensions | Should -Be 256
        $lines[0].body.encoding_format | Should -Be 'float'
        $lines[0].body.user | Should -Be 'ops'
        @(Get-ChildItem (Join-Path $folder 'drafts') -File).Count | Should -Be 0
    }

    It 'receives the QwenEmbedding objects a synchronous call writes, in input order, each with its input; a refused text is an error naming it' {
        $null = Use-TestHome
        $uri = Get-TestBaseUri "id=$(New-TestId),batchpolls=2"
        $tooLong = (@('word') * 9000) -join ' '
        $texts = 'alpha', '', 'gamma', $tooLong, '第五'
        $batch = $texts | Get-QwenEmbedding -AsBatch -Dimension 64 -ApiKey $Key -BaseUri $uri -ErrorAction SilentlyContinue
        $results = @($batch | Wait-QwenBatch -ApiKey $Key -BaseUri $uri | Receive-QwenBatch -ApiKey $Key -BaseUri $uri -ErrorVariable failed -ErrorAction SilentlyContinue)
        $synchronous = @('alpha', 'gamma', '第五' | Get-QwenEmbedding -Dimension 64 -Protocol Compatible -ApiKey $Key -BaseUri $uri)

        $results | ForEach-Object { $_ | Should -BeOfType ([DashScope.Models.QwenEmbedding]) }
        $results.Index | Should -Be @(0, 2, 4)
        $results.Text | Should -Be @('alpha', 'gamma', '第五')
        $results.InputObject | Should -Be @('alpha', 'gamma', '第五')
        for ($i = 0; $i -lt 3; $i++) { $results[$i].Embedding | Should -Be $synchronous[$i].Embedding }
        $results[0].Embedding.GetType() | Should -Be ([float[]])
        $results.Model | Select-Object -Unique | Should -Be 'text-embedding-v4'
        $results | ForEach-Object { $_.Usage.TotalTokens | Should -BeGreaterThan 0; $_.RequestId | Should -Not -BeNullOrEmpty }
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.invalid_parameter_error,*'
        $failed[0].TargetObject | Should -BeExactly $tooLong
        "$($failed[0])" | Should -BeLike '*line 3 (custom_id 4)*'
    }

    It 'sends nothing and keeps no file with -WhatIf, and refuses what the compatible lines cannot carry before anything is sent' {
        $folder = Use-TestHome
        $id = New-TestId
        'a', 'b' | Get-QwenEmbedding -AsBatch -WhatIf -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")

        { 'a' | Get-QwenEmbedding -AsBatch -TextType Query -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorAction Stop } |
            Should -Throw -ErrorId 'DashScope.NativeOnlyParameter,DashScope.Cmdlets.GetQwenEmbeddingCommand'
        { 'a' | Get-QwenEmbedding -AsBatch -Instruct 'Find answers.' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorAction Stop } |
            Should -Throw -ErrorId 'DashScope.NativeOnlyParameter,DashScope.Cmdlets.GetQwenEmbeddingCommand'
        Get-Sent $id | Should -BeNullOrEmpty
        @(Get-ChildItem $folder -Recurse -File).Count | Should -Be 0
    }

    It 'splits input over the service''s 50,000 lines per file into batches named with their part, the numbering going on' {
        $folder = Use-TestHome
        $id = New-TestId
        $texts = [string[]] (1..50001 | ForEach-Object { "t$_" })
        $batches = @(Get-QwenEmbedding -InputObject $texts -AsBatch -BatchName 'store' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))

        $batches.Name | Should -Be @('store (1/2)', 'store (2/2)')
        (Get-Sent $id | Where-Object Path -like '*/batches').Count | Should -Be 2
        $second = Get-Lines (Join-Path $folder "$($batches[1].Id).input.jsonl")
        $second.custom_id | Should -Be @('50001')
        $second[0].body.input | Should -Be @('t50001')
        @(Get-Content -LiteralPath (Join-Path $folder "$($batches[0].Id).input.jsonl")).Count | Should -Be 50000
    }
}

Describe 'Receive-QwenBatch' {
    It 'works in a new session from the id alone, again without downloading twice, and -Raw gives the lines' {
        $null = Use-TestHome
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id,batchpolls=1"
        $batch = '第一', 'second', 'third' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $uri | Wait-QwenBatch -ApiKey $Key -BaseUri $uri

        $script = "`$env:HOME = '$($env:HOME)'; Import-Module '$Manifest'; " +
            "Receive-QwenBatch -Id '$($batch.Id)' -ApiKey '$Key' -BaseUri '$uri' | ForEach-Object { `$_.Prompt + '|' + (`$_.Text -eq (`$_.History[-1].Content)) }"
        # The child pwsh needs the real home to find the dotnet tools; it takes the test's home itself.
        $testHome = $env:HOME
        $env:HOME = $SavedHome
        try {
            $first = @(Invoke-TestPwsh $script)
            $second = @(Invoke-TestPwsh $script)
        }
        finally { $env:HOME = $testHome }

        $first | Should -Be @('第一|True', 'second|True', 'third|True')
        $second | Should -Be $first
        @(Get-Sent $id | Where-Object Path -like '*/content').Count | Should -Be 1
        $raw = @(Receive-QwenBatch -Id $batch.Id -Raw -ApiKey $Key -BaseUri $uri)
        $raw | ForEach-Object { $_ | Should -BeOfType ([string]) }
        ($raw | ConvertFrom-Json).custom_id | Should -Be @('1', '2', '3')
    }

    It 'downloads into -OutputFolder once, and refuses a batch that has not ended' {
        $null = Use-TestHome
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id,batchpolls=1"
        $batch = 'a', 'b' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $uri | Wait-QwenBatch -ApiKey $Key -BaseUri $uri
        $out = Join-Path $TestDrive "results-$id"

        @(Receive-QwenBatch -Id $batch.Id -OutputFolder $out -ApiKey $Key -BaseUri $uri).Count | Should -Be 2
        @($batch.Id | Receive-QwenBatch -OutputFolder $out -ApiKey $Key -BaseUri $uri).Count | Should -Be 2
        Join-Path $out "$($batch.Id).output.jsonl" | Should -Exist
        @(Get-Sent $id | Where-Object Path -like '*/content').Count | Should -Be 1

        $slowUri = Get-TestBaseUri "id=$id,batchpolls=1000"
        $running = 'c' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $slowUri
        $running | Receive-QwenBatch -ApiKey $Key -BaseUri $slowUri -ErrorVariable early -ErrorAction SilentlyContinue
        $early[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.BatchNotEnded,*'
        "$($early[0])" | Should -BeLike '*Wait-QwenBatch -Id*'
    }
}

Describe 'Start-QwenBatch' {
    It 'sends a valid file as it is and receives its results in file order with their prompts' {
        $null = Use-TestHome
        $uri = Get-TestBaseUri "id=$(New-TestId),batchpolls=1"
        $file = New-RequestFile (Join-Path $TestDrive 'requests.jsonl') @('one', 'two', '三')

        $results = @(Start-QwenBatch -Path $file -Name 'file run' -ApiKey $Key -BaseUri $uri | Wait-QwenBatch -ApiKey $Key -BaseUri $uri | Receive-QwenBatch -ApiKey $Key -BaseUri $uri)

        $results.Prompt | Should -Be @('one', 'two', '三')
        $results[2].Text | Should -BeExactly (Get-TestExpectedAnswer '三')
    }

    It 'names the first bad line and sends nothing' {
        $null = Use-TestHome
        $id = New-TestId
        $file = Join-Path $TestDrive 'bad.jsonl'
        $good = (Get-Content (New-RequestFile (Join-Path $TestDrive 'good.jsonl') @('ok')))
        Set-Content -LiteralPath $file -Value @($good, '{"custom_id":"x","method":"POST","url":"/v1/chat/completion","body":{"model":"m","messages":[{}]}}') -Encoding utf8

        Start-QwenBatch $file -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable invalid -ErrorAction SilentlyContinue

        $invalid[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidBatchLine,*'
        "$($invalid[0])" | Should -BeLike 'Line 2 of bad.jsonl*url*'
        Get-Sent $id | Should -BeNullOrEmpty
    }

    It 'splits a file with several models into batches named with their part' {
        $folder = Use-TestHome
        $file = Join-Path $TestDrive 'models.jsonl'
        $lines = @(Get-Content (New-RequestFile (Join-Path $TestDrive 'm1.jsonl') @('a', 'b') 'qwen-plus')) +
            @((Get-Content (New-RequestFile (Join-Path $TestDrive 'm2.jsonl') @('c') 'qwen-flash')) -replace 'req-1', 'req-3')
        Set-Content -LiteralPath $file -Value $lines -Encoding utf8

        $batches = @(Start-QwenBatch $file -Name 'mixed' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId)"))

        $batches.Name | Should -Be @('mixed (1/2)', 'mixed (2/2)')
        (Get-Lines (Join-Path $folder "$($batches[1].Id).input.jsonl")).custom_id | Should -Be @('req-3')
    }
}

Describe 'The batch life cycle' {
    It 'lists batches filtered at the service, page after page, newest first' {
        $null = Use-TestHome
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id,pagesize=1"
        $first = 'a' | Invoke-QwenChat -AsBatch -BatchName '月报 1' -ApiKey $Key -BaseUri $uri
        $second = 'b' | Invoke-QwenChat -AsBatch -BatchName '月报 2' -ApiKey $Key -BaseUri $uri
        $other = 'c' | Invoke-QwenChat -AsBatch -BatchName 'other' -ApiKey $Key -BaseUri $uri

        @(Get-QwenBatch -ApiKey $Key -BaseUri $uri).Id | Should -Be @($other.Id, $second.Id, $first.Id)
        @(Get-QwenBatch -Name '月报' -ApiKey $Key -BaseUri $uri).Id | Should -Be @($second.Id, $first.Id)
        @(Get-QwenBatch -Status Validating -CreatedAfter (Get-Date).AddMinutes(-5) -ApiKey $Key -BaseUri $uri).Count | Should -Be 3
        @(Get-QwenBatch -InputFileId $first.InputFileId -ApiKey $Key -BaseUri $uri).Id | Should -Be @($first.Id)
        (Get-QwenBatch $second.Id -ApiKey $Key -BaseUri $uri).Name | Should -Be '月报 2'
        @(Get-QwenBatch -PageSize 2 -ApiKey $Key -BaseUri $uri).Id | Should -Be @($other.Id, $second.Id, $first.Id)
        @(Get-Sent $id | Where-Object Path -like '*/batches?limit=2*').Count | Should -Be 1
        @(Get-Sent $id | Where-Object Path -like "*/batches?after=$($second.Id)&limit=2").Count | Should -Be 1
    }

    It 'stops a batch: cancelling, then cancelled, every request an error naming its input' {
        $null = Use-TestHome
        $uri = Get-TestBaseUri "id=$(New-TestId),batchpolls=50"
        $batch = 'x', 'y' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $uri

        $cancelling = $batch | Stop-QwenBatch -PassThru -Confirm:$false -ApiKey $Key -BaseUri $uri
        $cancelled = $cancelling | Wait-QwenBatch -ApiKey $Key -BaseUri $uri -WarningVariable warned -WarningAction SilentlyContinue
        $cancelled | Receive-QwenBatch -ApiKey $Key -BaseUri $uri -ErrorVariable failed -ErrorAction SilentlyContinue

        $cancelling.Status | Should -Be 'Cancelling'
        $cancelled.Status | Should -Be 'Cancelled'
        "$warned" | Should -BeLike '*cancelled*'
        $failed.TargetObject | Should -Be @('x', 'y')
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.batch_cancelled,*'
        $batch | Stop-QwenBatch -WhatIf -ApiKey $Key -BaseUri $uri
    }

    It 'warns about a batch that failed validation and receives it as one error' {
        $null = Use-TestHome
        $uri = Get-TestBaseUri "id=$(New-TestId),batchpolls=1"
        $file = New-RequestFile (Join-Path $TestDrive 'test-model.jsonl') @('a') 'batch-test-model'

        $failed = Start-QwenBatch $file -ApiKey $Key -BaseUri $uri | Wait-QwenBatch -ApiKey $Key -BaseUri $uri -WarningVariable warned -WarningAction SilentlyContinue
        $failed | Receive-QwenBatch -ApiKey $Key -BaseUri $uri -ErrorVariable received -ErrorAction SilentlyContinue

        $failed.Status | Should -Be 'Failed'
        $failed.Errors[0].Line | Should -Be 1
        "$warned" | Should -BeLike '*line 1: mismatched_test_url*'
        $received[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.BatchFailed,*'
    }

    It 'times out waiting with the batch named, the batch left running' {
        $null = Use-TestHome
        $uri = Get-TestBaseUri "id=$(New-TestId),batchpolls=1000"
        $batch = 'a' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $uri

        Wait-QwenBatch -Id $batch.Id -Timeout 1 -ApiKey $Key -BaseUri $uri -ErrorVariable late -ErrorAction SilentlyContinue

        $late[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Timeout,*'
        "$($late[0])" | Should -BeLike "*$($batch.Id)*"
        (Get-QwenBatch $batch.Id -ApiKey $Key -BaseUri $uri).Status | Should -Be 'InProgress'
    }

    It 'Remove-QwenFile deletes a batch''s files at the service and its copies here, and keeps those of a running batch' {
        $folder = Use-TestHome
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id,batchpolls=1"
        $batch = 'a', 'b #fail' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $uri | Wait-QwenBatch -ApiKey $Key -BaseUri $uri
        $null = $batch | Receive-QwenBatch -ApiKey $Key -BaseUri $uri -ErrorAction SilentlyContinue

        $deleted = @($batch | Remove-QwenFile -Confirm:$false -PassThru -ApiKey $Key -BaseUri $uri)

        $deleted.Id | Should -Be @($batch.InputFileId, $batch.OutputFileId, $batch.ErrorFileId)
        $deleted.Deleted | Select-Object -Unique | Should -BeTrue
        @(Get-ChildItem $folder -File).Count | Should -Be 0
        @(Get-QwenFile -ApiKey $Key -BaseUri $uri).Count | Should -Be 0
        Remove-QwenFile $batch.Id -Confirm:$false -ApiKey $Key -BaseUri $uri

        $running = 'c' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id,batchpolls=1000")
        $running | Remove-QwenFile -Confirm:$false -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id,batchpolls=1000") -ErrorVariable kept -ErrorAction SilentlyContinue
        $kept[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.BatchNotEnded,*'
        (Get-QwenFile -Id $running.InputFileId -ApiKey $Key -BaseUri $uri).Id | Should -Be $running.InputFileId
    }
}

Describe 'Batch progress' {
    It 'shows the upload and the requests done where a person watches, and completes both bars' {
        $null = Use-TestHome
        $recorder = New-RecordingHost
        $batch = Invoke-InHost -Recorder $recorder -Script {
            param($BaseUri, $Key, $HomeFolder)
            $env:HOME = $HomeFolder
            'a', 'b', 'c' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $BaseUri | Wait-QwenBatch -ApiKey $Key -BaseUri $BaseUri
        } -Arguments (Get-TestBaseUri "id=$(New-TestId),batchpolls=3,firstbyte=400"), $Key, $env:HOME

        $batch.Status | Should -Be 'Completed'
        $upload = @($recorder.Progress | Where-Object Activity -eq 'Uploading batch input')
        $upload.Count | Should -BeGreaterThan 1
        $upload[-1].RecordType | Should -Be 'Completed'
        $waiting = @($recorder.Progress | Where-Object Activity -like 'Waiting for batch*')
        $waiting.StatusDescription | Should -Contain 'in_progress: 0 of 3 requests done, 0 failed'
        $waiting[-1].RecordType | Should -Be 'Completed'
    }

    It 'shows none without a console' {
        $null = Use-TestHome
        $recorder = New-RecordingHost -NoConsole
        $null = Invoke-InHost -Recorder $recorder -Script {
            param($BaseUri, $Key, $HomeFolder)
            $env:HOME = $HomeFolder
            'a' | Invoke-QwenChat -AsBatch -ApiKey $Key -BaseUri $BaseUri | Wait-QwenBatch -ApiKey $Key -BaseUri $BaseUri
        } -Arguments (Get-TestBaseUri "id=$(New-TestId),batchpolls=2,firstbyte=300"), $Key, $env:HOME

        $recorder.Progress | Should -BeNullOrEmpty
    }
}
