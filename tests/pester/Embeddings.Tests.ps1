# Get-QwenEmbedding and Invoke-QwenRerank as a user types them, against the simulated services: batches from the
# model catalog, input order, one refused text among many, -Property (files: Content), options sent as the service takes them,
# -WhatIf, and Get-QwenEmbedding over the OpenAI-compatible protocol ({base}/embeddings on DashScope and on premises).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')
    $script:Key = New-TestApiKey 'embed'
    # The simulated service refuses texts over 8,192 tokens (a word is a token).
    $script:TooLong = (@('word') * 9000) -join ' '
    function Get-SentTexts([string] $Id) { foreach ($body in (Get-TestRequestBody $Id)) { , @($body.input.texts) } }
}

Describe 'Get-QwenEmbedding' {
    It 'writes one float[] vector per input, in input order, Chinese intact' {
        $id = New-TestId
        $texts = '代码改变世界', 'Coding changes the world', '你好，世界！'
        $results = @($texts | Get-QwenEmbedding -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $results.Count | Should -Be 3
        $results.Index | Should -Be @(0, 1, 2)
        $results.Text | Should -Be $texts
        $results.InputObject | Should -Be $texts
        $results[0].Embedding.GetType() | Should -Be ([float[]])
        $results[0].Embedding.Length | Should -Be 1024
        $results[0].Model | Should -Be 'text-embedding-v4'
        $results[0].Usage.TotalTokens | Should -BeGreaterThan 0
        $sent = @(Get-TestRequestBody $id)
        $sent.Count | Should -Be 1
        $sent[0].input.texts | Should -Be $texts
        $sent[0].model | Should -Be 'text-embedding-v4'
    }

    It 'sends as many texts per call as the catalog says (10 for v4, 25 for v2)' {
        $id = New-TestId
        $lines = 1..23 | ForEach-Object { "line $_" }
        $results = @($lines | Get-QwenEmbedding -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $results.Text | Should -Be $lines
        $results.Index | Should -Be (0..22)
        (Get-SentTexts $id | ForEach-Object { $_.Count }) | Should -Be @(10, 10, 3)

        $legacy = New-TestId
        $lines | Get-QwenEmbedding -Model text-embedding-v2 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$legacy") | Should -HaveCount 23
        (Get-SentTexts $legacy | ForEach-Object { $_.Count }) | Should -Be @(23)
    }

    It 'runs -ThrottleLimit calls at once and still writes in input order' {
        $id = New-TestId
        $lines = 1..40 | ForEach-Object { "text $_" }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = @($lines | Get-QwenEmbedding -ThrottleLimit 4 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id,latency=400"))
        $watch.Stop()
        $results.Text | Should -Be $lines
        # Four calls of ten at once: one latency, not four.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1.5
        @(Get-TestServerRequests $id).Count | Should -Be 4
    }

    It 'writes an error naming a refused text and embeds every other one' {
        $id = New-TestId
        $errors = $null
        $inputs = 'first', $TooLong, 'third', 'fourth'
        $results = @($inputs | Get-QwenEmbedding -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results.Text | Should -Be @('first', 'third', 'fourth')
        $results.Index | Should -Be @(0, 2, 3)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InternalError.Algo.InvalidParameter,DashScope.Cmdlets.GetQwenEmbeddingCommand'
        $errors[0].TargetObject | Should -BeExactly $TooLong
        $errors[0].Exception.Message | Should -Match 'refused the text "word word'
        $errors[0].Exception.Message | Should -Match 'at most 8,192 tokens per text'
        # The long text went alone; the others in one call.
        $sent = @(Get-SentTexts $id)
        $sent.Count | Should -Be 2
        $sent[0] | Should -Be @('first', 'third', 'fourth')
    }

    It 'reads the text from -Property, and files from Get-ChildItem with -Property Content' {
        $id = New-TestId
        $folder = Join-Path $TestDrive 'notes'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'a.txt') -Value '第一份笔记' -Encoding utf8
        Set-Content -LiteralPath (Join-Path $folder 'b.txt') -Value 'second note' -Encoding utf8
        $files = Get-ChildItem -LiteralPath $folder | Sort-Object Name
        $results = @($files | Get-QwenEmbedding -Property Content -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $results.Text.Trim() | Should -Be @('第一份笔记', 'second note')
        $results[0].InputObject.Name | Should -Be 'a.txt'

        $rows = [pscustomobject]@{ Title = 'one'; Body = 'alpha' }, [pscustomobject]@{ Title = 'two' }, @{ Body = 'gamma' }
        $errors = $null
        $embedded = @($rows | Get-QwenEmbedding -Property Body -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue)
        $embedded.Text | Should -Be @('alpha', 'gamma')
        $embedded.Index | Should -Be @(0, 2)
        $errors.Count | Should -Be 1
        $errors[0].Exception.Message | Should -Match "has no property 'Body'"
        $errors[0].TargetObject.Title | Should -Be 'two'
    }

    It 'refuses an empty text and an object without -Property before sending them' {
        $id = New-TestId
        $errors = $null
        $results = @('', 'kept', @{ Text = 'no -Property' } | Get-QwenEmbedding -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results.Text | Should -Be @('kept')
        $results.Index | Should -Be @(1)
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.EmptyText,*'
        @(Get-SentTexts $id)[0] | Should -Be @('kept')
    }

    It 'sends -Dimension, -TextType and -Instruct as the service takes them' {
        $id = New-TestId
        $result = Get-QwenEmbedding 'how to reset a password' -Dimension 256 -TextType Query -Instruct 'Given a question, retrieve answers.' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $result.Embedding.Length | Should -Be 256
        $result.Dimensions | Should -Be 256
        ($result | Format-Table Index, Dimensions | Out-String) | Should -Match '\s0\s+256\s'
        $parameters = (Get-TestRequestBody $id).parameters
        $parameters.dimension | Should -Be 256
        $parameters.text_type | Should -Be 'query'
        $parameters.instruct | Should -Be 'Given a question, retrieve answers.'
    }

    It 'refuses a dimension or an instruction the model does not take, before anything is sent' {
        $id = New-TestId
        { 'x' | Get-QwenEmbedding -Dimension 100 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -ErrorId 'DashScope.InvalidDimension,DashScope.Cmdlets.GetQwenEmbeddingCommand'
        { 'x' | Get-QwenEmbedding -Model text-embedding-v1 -Instruct 'task' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -ErrorId 'DashScope.InstructNotSupported,DashScope.Cmdlets.GetQwenEmbeddingCommand'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }

    It 'sends nothing with -WhatIf' {
        $id = New-TestId
        'a', 'b' | Get-QwenEmbedding -WhatIf -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Should -BeNullOrEmpty
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }

    It 'suggests the catalog''s embedding models and the model''s dimensions' {
        $models = (TabExpansion2 'Get-QwenEmbedding -Model text-emb' 33).CompletionMatches.CompletionText
        $models | Should -Contain 'text-embedding-v4'
        $models | Should -Not -Contain 'text-embedding-async-v2'
        $line = 'Get-QwenEmbedding -Model text-embedding-v2 -Dimension '
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('1536')
    }
}

Describe 'Get-QwenEmbedding over the OpenAI-compatible protocol' {
    BeforeAll {
        function Get-Sent([string] $Id) { @(Get-TestServerRequestList $Id) }
        $script:Texts = '代码改变世界', 'Coding changes the world', '你好，世界！'
        $script:Native = @($Texts | Get-QwenEmbedding -Dimension 64 -ApiKey $Key -BaseUri (Get-TestBaseUri))
    }
    AfterAll { Disconnect-DashScope }

    It '-Protocol Compatible sends {base}/embeddings and writes what the native protocol writes' {
        $id = New-TestId
        $results = @($Texts | Get-QwenEmbedding -Dimension 64 -Protocol Compatible -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))

        $results.Index | Should -Be @(0, 1, 2)
        $results.Text | Should -Be $Texts
        $results.InputObject | Should -Be $Texts
        for ($i = 0; $i -lt 3; $i++) { $results[$i].Embedding | Should -Be $Native[$i].Embedding }
        $results[0].Embedding.GetType() | Should -Be ([float[]])
        $results.Model | Select-Object -Unique | Should -Be 'text-embedding-v4'
        $results[0].Usage.TotalTokens | Should -BeGreaterThan 0
        $results.RequestId | Select-Object -Unique | Should -HaveCount 1
        $results[0].RequestId | Should -Not -BeNullOrEmpty
        $sent = Get-Sent $id
        $sent.Count | Should -Be 1
        $sent[0].Path | Should -Be '/compatible-mode/v1/embeddings'
        $body = $sent[0].Body | ConvertFrom-Json
        $body.input | Should -Be $Texts
        $body.dimensions | Should -Be 64
        $body.encoding_format | Should -Be 'float'
        $body.PSObject.Properties.Name | Should -Not -Contain 'parameters'
    }

    It 'is chosen by a -BaseUri ending in /compatible-mode/v1 and by Connect-DashScope -Protocol Compatible, in calls of as many texts as the model takes' {
        $id = New-TestId
        $lines = 1..12 | ForEach-Object { "line $_" }
        $results = @($lines | Get-QwenEmbedding -ApiKey $Key -BaseUri (Get-TestCompatibleBaseUri "id=$id"))
        Connect-DashScope -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -Protocol Compatible
        $connected = Get-QwenEmbedding 'connected'

        $results.Text | Should -Be $lines
        $results.Index | Should -Be (0..11)
        $connected.Text | Should -Be 'connected'
        $sent = Get-Sent $id
        $sent.Path | Should -Be @('/compatible-mode/v1/embeddings', '/compatible-mode/v1/embeddings', '/compatible-mode/v1/embeddings')
        @($sent | ForEach-Object { @(($_.Body | ConvertFrom-Json).input).Count }) | Should -Be @(10, 2, 1)
    }

    It 'embeds with a model served on premises (/v1) without a key, the DashScope key of the environment not sent' {
        $id = New-TestId
        $saved = $env:DASHSCOPE_API_KEY
        $env:DASHSCOPE_API_KEY = 'sk-dashscope-env-key-0001'
        try {
            $results = @('first', 'second' | Get-QwenEmbedding -Model 'Qwen/Qwen3-Embedding-0.6B' -BaseUri (Get-TestOnPremisesBaseUri "id=$id") -WarningVariable warned -WarningAction SilentlyContinue)
        }
        finally { $env:DASHSCOPE_API_KEY = $saved }

        $results.Text | Should -Be @('first', 'second')
        $results.Model | Select-Object -Unique | Should -Be 'Qwen/Qwen3-Embedding-0.6B'
        $results[0].Embedding.Length | Should -Be 1024
        "$warned" | Should -BeLike '*does not know Qwen/Qwen3-Embedding-0.6B*one text per call*'
        $sent = Get-Sent $id
        $sent.Path | Should -Be @('/v1/embeddings', '/v1/embeddings')
        $sent | ForEach-Object { $_.Headers.PSObject.Properties.Name | Should -Not -Contain 'authorization' }
    }

    It 'writes an error naming a refused text, with the service''s code, and embeds every other one' {
        $id = New-TestId
        $results = @('first', $TooLong, 'third' | Get-QwenEmbedding -ApiKey $Key -BaseUri (Get-TestCompatibleBaseUri "id=$id") -ErrorVariable failed -ErrorAction SilentlyContinue)

        $results.Text | Should -Be @('first', 'third')
        $results.Index | Should -Be @(0, 2)
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'DashScope.invalid_parameter_error,DashScope.Cmdlets.GetQwenEmbeddingCommand'
        $failed[0].TargetObject | Should -BeExactly $TooLong
        $failed[0].Exception.Message | Should -Match 'at most 8,192 tokens per text'
    }

    It 'refuses -TextType and -Instruct, which the protocol does not have, before anything is sent' {
        $id = New-TestId
        { 'x' | Get-QwenEmbedding -TextType Query -ApiKey $Key -BaseUri (Get-TestCompatibleBaseUri "id=$id") } |
            Should -Throw -ErrorId 'DashScope.NativeOnlyParameter,DashScope.Cmdlets.GetQwenEmbeddingCommand'
        $refused = { 'x' | Get-QwenEmbedding -Instruct 'Find answers.' -Protocol Compatible -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -PassThru
        "$refused" | Should -BeLike '*-Protocol Native*'
        Get-Sent $id | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-QwenRerank' {
    It 'writes the input objects most relevant first, with Score and Rank' {
        $id = New-TestId
        $documents = 'Lunch is at noon', 'The backup job failed', 'Restore the backup from Monday'
        $ranked = @($documents | Invoke-QwenRerank -Query 'backup problems' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $ranked.Count | Should -Be 3
        # Rank, not $ranked.Rank: arrays have a Rank property of their own.
        ($ranked | ForEach-Object Rank) | Should -Be @(1, 2, 3)
        $ranked[0].Score | Should -BeGreaterOrEqual $ranked[1].Score
        $ranked[1].Score | Should -BeGreaterOrEqual $ranked[2].Score
        $ranked[2] | Should -BeExactly 'Lunch is at noon'
        $body = Get-TestRequestBody $id
        $body.model | Should -Be 'gte-rerank-v2'
        $body.input.query | Should -Be 'backup problems'
        $body.input.documents | Should -Be $documents
    }

    It 'ranks files by their content and keeps them files; -Top writes the best only' {
        $id = New-TestId
        $folder = Join-Path $TestDrive 'docs'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content (Join-Path $folder 'lunch.md') 'Lunch menu for Friday'
        Set-Content (Join-Path $folder 'backup.md') 'How to restore a backup'
        $best = @(Get-ChildItem -LiteralPath $folder -Filter *.md | Invoke-QwenRerank -Query 'restore backup' -Property Content -Top 1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $best.Count | Should -Be 1
        $best[0] | Should -BeOfType ([System.IO.FileInfo])
        $best[0].Name | Should -Be 'backup.md'
        $best[0].Rank | Should -Be 1
        (Get-TestRequestBody $id).parameters.top_n | Should -Be 1
    }

    It 'ranks more documents than one call takes in several calls and merges the scores' {
        $id = New-TestId
        $documents = @(1..501 | ForEach-Object { "document $_" }) + 'the exact query words'
        $ranked = @($documents | Invoke-QwenRerank -Query 'exact query words' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $ranked.Count | Should -Be 502
        $ranked[0] | Should -BeExactly 'the exact query words'
        ($ranked | ForEach-Object Rank) | Should -Be (1..502)
        (@(Get-TestRequestBody $id) | ForEach-Object { $_.input.documents.Count }) | Should -Be @(500, 2)
    }

    It 'writes an error for a document without text and ranks the rest' {
        $errors = $null
        $ranked = @('alpha', '', 'beta' | Invoke-QwenRerank -Query 'alpha' -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorVariable errors -ErrorAction SilentlyContinue)
        $ranked.Count | Should -Be 2
        $errors.Count | Should -Be 1
    }

    It 'is a terminating error with the service''s code when the call fails' {
        { 'a', 'b' | Invoke-QwenRerank -Query 'q' -Model 'not-a-model' -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorAction Stop } |
            Should -Throw -ErrorId 'DashScope.InvalidParameter,DashScope.Cmdlets.InvokeQwenRerankCommand'
    }
}
