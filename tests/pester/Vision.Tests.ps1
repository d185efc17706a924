# Invoke-QwenVision as a user types it: recorded vision and video answers replayed, the request bodies it sends,
# Get-ChildItem piping, uploads, streaming and conversations.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    . (Join-Path $PSScriptRoot 'MediaTestHelpers.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')
    $script:Key = New-TestApiKey 'vision'
}

Describe 'Invoke-QwenVision replays the recorded vision answers' {
    It 'answers about an image URL (multimodal-generation-vl-nosse) with image tokens' {
        $id = New-TestId
        $recorded = Get-TestRecordedParts 'multimodal-generation-vl-nosse'
        $result = Invoke-QwenVision '这个图片是哪里，请用简短的语言回答' -Image 'https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg' -Model qwen-vl-plus -HighResolution `
            -ApiKey $Key -BaseUri (Get-TestBaseUri "scenario=multimodal-generation-vl-nosse,id=$id")
        $result | Should -BeOfType ([DashScope.Models.QwenVisionResult])
        $result.Text | Should -BeExactly $recorded.Text
        $result.RequestId | Should -Be $recorded.RequestId
        $result.Usage.ImageTokens | Should -Be 3577
        $result.File | Should -Be 'https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg'
        $body = Get-TestGenerationBodies $id
        $body.model | Should -Be 'qwen-vl-plus'
        $body.parameters.vl_high_resolution_images | Should -BeTrue
        $body.input.messages[0].content[0].image | Should -Be 'https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg'
        $body.input.messages[0].content[1].text | Should -Be '这个图片是哪里，请用简短的语言回答'
        (Get-TestServerRequestList $id).Path | Should -Be '/api/v1/services/aigc/multimodal-generation/generation'
    }

    It 'streams the recorded vision answer (multimodal-generation-vl-sse)' {
        $recorded = Get-TestRecordedParts 'multimodal-generation-vl-sse'
        $output = @(Invoke-QwenVision 'where?' -Image 'https://x/dog.jpeg' -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-vl-sse'))
        $records = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        $records.Count | Should -Be $recorded.Events
        -join $records.Text | Should -BeExactly $recorded.Text
        $final = $output[-1]
        $final.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenVisionResult#Streamed'
        $final.Text | Should -BeExactly $recorded.Text
        $final.Streamed | Should -BeTrue
    }

    It 'sends a frame list in order as one video (multimodal-generation-vl-video-nosse)' {
        $id = New-TestId
        $frames = 1..4 | ForEach-Object { "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/f/football$_.jpg" }
        $result = Invoke-QwenVision '描述这个视频的具体过程' -Frame $frames -Model qwen-vl-max -ApiKey $Key -BaseUri (Get-TestBaseUri "scenario=multimodal-generation-vl-video-nosse,id=$id")
        $result.Text | Should -BeExactly (Get-TestRecordedParts 'multimodal-generation-vl-video-nosse').Text
        $result.Usage.VideoTokens | Should -Be 1440
        $body = Get-TestGenerationBodies $id
        $body.input.messages[0].content[0].video | Should -Be $frames
        $body.input.messages[0].content[1].text | Should -Be '描述这个视频的具体过程'
    }

    It 'uploads a local video, sends it as oss:// with fps and the resolve header, and streams the answer (multimodal-generation-vl-video-file-sse)' {
        $id = New-TestId
        $video = New-TestMediaFile (Join-Path $TestDrive 'clips/sample.mp4') 5000
        $recorded = Get-TestRecordedParts 'multimodal-generation-vl-video-file-sse'
        $output = @(Invoke-QwenVision '描述这个视频的具体过程' -Video $video.FullName -Fps 2 -Model qwen-vl-max -UploadMode Upload -Stream `
            -ApiKey $Key -BaseUri (Get-TestBaseUri "scenario=multimodal-generation-vl-video-file-sse,id=$id"))
        -join ($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] }).Text | Should -BeExactly $recorded.Text
        $output[-1].Usage.VideoTokens | Should -Be 3586
        $output[-1].File | Should -Be 'sample.mp4'

        $requests = @(Get-TestServerRequestList $id)
        $requests.Count | Should -Be 3
        $requests[0].Path | Should -Be '/api/v1/uploads?action=getPolicy&model=qwen-vl-max'
        $requests[1].Path | Should -Be '/_oss/'
        $requests[2].Headers.'x-dashscope-ossresourceresolve' | Should -Be 'enable'
        $post = Get-TestUploadPosts $id
        $post.size | Should -Be 5000
        $post.sha256 | Should -Be (Get-FileHash -LiteralPath $video.FullName -Algorithm SHA256).Hash
        $body = Get-TestGenerationBodies $id
        $body.input.messages[0].content[0].video | Should -BeLike 'oss://dashscope-instant/*/sample.mp4'
        $body.input.messages[0].content[0].fps | Should -Be 2
        $body.parameters.incremental_output | Should -BeTrue
    }
}

Describe 'Invoke-QwenVision with local files' {
    BeforeAll {
        $script:Folder = Join-Path $TestDrive 'photos'
        New-TestMediaFile (Join-Path $Folder 'a.jpg') 300 1 | Out-Null
        New-TestMediaFile (Join-Path $Folder 'b 猫 图.png') 500 2 | Out-Null
        New-TestMediaFile (Join-Path $Folder 'notes.txt') 50 3 | Out-Null
    }

    It 'answers once per file piped from Get-ChildItem, each result naming its file' {
        $id = New-TestId
        $results = @(Get-ChildItem -LiteralPath $Folder -Include *.jpg, *.png -Recurse | Sort-Object Name |
            Invoke-QwenVision -Prompt 'Describe' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $results.Count | Should -Be 2
        $results.File | Should -Be @('a.jpg', 'b 猫 图.png')
        $results[0].Media | Should -Be (Join-Path $Folder 'a.jpg')
        $results[0].Text | Should -Match 'I see 1 image \(inline image/jpeg, 300 bytes\)'
        $results[1].Text | Should -Match 'I see 1 image \(inline image/png, 500 bytes\)'
        $results[0].Usage.ImageTokens | Should -BeGreaterThan 0
        $bodies = @(Get-TestGenerationBodies $id)
        $bodies.Count | Should -Be 2
        $sent = ConvertFrom-TestDataUri $bodies[1].input.messages[0].content[0].image
        $sent | Should -Be ([System.IO.File]::ReadAllBytes((Join-Path $Folder 'b 猫 图.png')))
        $bodies[1].input.messages[0].content[0].image | Should -BeLike 'data:image/png;base64,*'
    }

    It 'sends several images in one question, relative paths resolved against the PowerShell location' {
        $id = New-TestId
        Push-Location $Folder
        try {
            $result = Invoke-QwenVision 'Compare' -Image './a.jpg', 'b 猫 图.png' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        }
        finally { Pop-Location }
        $result.Text | Should -Match '2 images \(inline image/jpeg, 300 bytes, inline image/png, 500 bytes\)'
        $result.File | Should -Be 'a.jpg, b 猫 图.png'
        @(Get-TestGenerationBodies $id).Count | Should -Be 1
    }

    It 'expands wildcards in -Image' {
        $result = Invoke-QwenVision 'Compare' -Image (Join-Path $Folder '*.jpg'), (Join-Path $Folder '*.png') -ApiKey $Key -BaseUri (Get-TestBaseUri)
        $result.Text | Should -Match '2 images'
    }

    It 'puts the per-image options and high resolution on the wire' {
        $id = New-TestId
        Invoke-QwenVision 'x' -Image (Join-Path $Folder 'a.jpg') -MinPixels 3136 -MaxPixels 1003520 -EnableRotate -HighResolution -Temperature 0.5 -MaxTokens 100 `
            -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Out-Null
        $body = Get-TestGenerationBodies $id
        $image = $body.input.messages[0].content[0]
        $image.min_pixels | Should -Be 3136
        $image.max_pixels | Should -Be 1003520
        $image.enable_rotate | Should -BeTrue
        $body.parameters.vl_high_resolution_images | Should -BeTrue
        $body.parameters.temperature | Should -Be 0.5
        $body.parameters.max_tokens | Should -Be 100
        $body.model | Should -Be 'qwen-vl-max-latest'
    }

    It 'streams records as the answer arrives, then the result' {
        $output = @(Invoke-QwenVision 'Describe' -Image (Join-Path $Folder 'a.jpg') -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri))
        $records = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        $records.Count | Should -BeGreaterThan 3
        $output[-1].PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenVisionResult#Streamed'
        -join $records.Text | Should -BeExactly $output[-1].Text
        $output[-1].File | Should -Be 'a.jpg'
    }

    It 'continues a conversation about the same image when the result is piped back' {
        $id = New-TestId
        $first = Invoke-QwenVision 'What is it?' -Image (Join-Path $Folder 'a.jpg') -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $second = $first | Invoke-QwenVision 'And its colour?' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $second.History.Count | Should -Be 4
        $second.File | Should -Be 'a.jpg'
        $bodies = @(Get-TestGenerationBodies $id)
        $bodies[1].input.messages.Count | Should -Be 3
        $bodies[1].input.messages[0].content[0].image | Should -BeLike 'data:image/jpeg;base64,*'
        $bodies[1].input.messages[1].role | Should -Be 'assistant'
        $bodies[1].input.messages[2].content[0].text | Should -Be 'And its colour?'
    }

    It 'takes one question per row from Import-Csv (Prompt and Image columns)' {
        $id = New-TestId
        $csv = Join-Path $TestDrive 'questions.csv'
        @(
            [pscustomobject]@{ Prompt = 'What is this?'; Image = (Join-Path $Folder 'a.jpg') }
            [pscustomobject]@{ Prompt = 'And this?'; Image = 'https://example.com/b.png' }
        ) | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding utf8
        $results = @(Import-Csv -LiteralPath $csv -Encoding utf8 | Invoke-QwenVision -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $results.Count | Should -Be 2
        $results.Prompt | Should -Be @('What is this?', 'And this?')
        $results.File | Should -Be @('a.jpg', 'https://example.com/b.png')
        $results[1].Text | Should -Match '1 image \(b\.png\)'
    }

    It 'completes vision model names' {
        $completion = TabExpansion2 -inputScript 'Invoke-QwenVision -Model qwen-vl-m' -cursorColumn 'Invoke-QwenVision -Model qwen-vl-m'.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'qwen-vl-max-latest'
    }
}
