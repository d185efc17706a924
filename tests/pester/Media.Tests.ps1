# Media input shared by Invoke-QwenVision, ConvertFrom-QwenAudio and Get-QwenOcr: URLs and paths, inline data: URIs
# versus the temporary upload (one policy per call), names with spaces and Chinese characters, and bad input
# refused before any request.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    . (Join-Path $PSScriptRoot 'MediaTestHelpers.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')
    $script:Key = New-TestApiKey 'media'
    $script:Folder = Join-Path $TestDrive 'media files'
    New-TestMediaFile (Join-Path $Folder '猫 one.jpg') 1000 1 | Out-Null
    New-TestMediaFile (Join-Path $Folder 'two.png') 2000 2 | Out-Null
    New-TestMediaFile (Join-Path $Folder 'sub/two.png') 3000 3 | Out-Null
    New-TestMediaFile (Join-Path $Folder 'voice 语音.mp3') 4000 4 | Out-Null
    New-TestMediaFile (Join-Path $Folder 'readme.txt') 10 5 | Out-Null
    New-TestMediaFile (Join-Path $Folder 'photo[1].jpg') 500 6 | Out-Null
    New-Item -ItemType Directory -Path (Join-Path $Folder 'album.jpg') -Force | Out-Null
    New-Item -ItemType File -Path (Join-Path $Folder 'empty.png') -Force | Out-Null

    function Invoke-Refused([scriptblock] $Command) {
        # Runs $Command (which must use $uri) and returns its errors; no output is expected.
        $script:LastId = New-TestId
        $uri = Get-TestBaseUri "id=$script:LastId"
        $ErrorActionPreference = 'Continue'
        $all = @(& $Command $uri 2>&1)
        @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
        @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    }
}

Describe 'Local files: inline or uploaded' {
    It 'sends small files inline in Auto mode, with the MIME type of the extension, and makes no upload' {
        $id = New-TestId
        $result = Invoke-QwenVision 'x' -Image (Join-Path $Folder '猫 one.jpg') -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $result.File | Should -Be '猫 one.jpg'
        $requests = @(Get-TestServerRequestList $id)
        $requests.Count | Should -Be 1
        $image = (Get-TestGenerationBodies $id).input.messages[0].content[0].image
        $image | Should -BeLike 'data:image/jpeg;base64,*'
        ConvertFrom-TestDataUri $image | Should -Be ([System.IO.File]::ReadAllBytes((Join-Path $Folder '猫 one.jpg')))
        $requests[0].Headers.PSObject.Properties['x-dashscope-ossresourceresolve'] | Should -BeNullOrEmpty
    }

    It 'uploads with -UploadMode Upload: one policy for all files of the call, fields in order, no API key to the storage' {
        $id = New-TestId
        $result = Invoke-QwenVision 'Compare' -Image (Join-Path $Folder '猫 one.jpg'), (Join-Path $Folder 'two.png'), (Join-Path $Folder 'sub/two.png') -UploadMode Upload `
            -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $result.Text | Should -Match '3 images \(猫 one\.jpg, 1000 bytes, two\.png, 2000 bytes, two-2\.png, 3000 bytes\)'
        $requests = @(Get-TestServerRequestList $id)
        @($requests | Where-Object Method -eq 'GET').Count | Should -Be 1
        $requests[0].Path | Should -Be '/api/v1/uploads?action=getPolicy&model=qwen-vl-max-latest'
        $posts = @(Get-TestUploadPosts $id)
        $posts.Count | Should -Be 3
        foreach ($post in $posts) {
            $post.error | Should -BeNullOrEmpty
            $post.fields | Should -Be @('OSSAccessKeyId', 'Signature', 'policy', 'key', 'x-oss-object-acl', 'x-oss-forbid-overwrite', 'success_action_status', 'x-oss-content-type', 'file')
        }
        $posts[0].values.key | Should -BeLike 'dashscope-instant/testserver/*/猫 one.jpg'
        $posts[0].values.'x-oss-content-type' | Should -Be 'image/jpeg'
        $posts[2].sha256 | Should -Be (Get-FileHash -LiteralPath (Join-Path $Folder 'sub/two.png') -Algorithm SHA256).Hash
        @($requests | Where-Object Path -eq '/_oss/' | Where-Object { $_.Headers.PSObject.Properties['authorization'] }).Count | Should -Be 0
        $generation = $requests | Where-Object Path -like '*/generation'
        $generation.Headers.'x-dashscope-ossresourceresolve' | Should -Be 'enable'
        (Get-TestGenerationBodies $id).input.messages[0].content[0].image | Should -BeLike 'oss://dashscope-instant/testserver/*/猫 one.jpg'
    }

    It 'fetches one policy per input when several files are piped' {
        $id = New-TestId
        Get-ChildItem -LiteralPath $Folder -Filter *.png -File | Where-Object Length -gt 0 |
            Get-QwenOcr -UploadMode Upload -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Out-Null
        $requests = @(Get-TestServerRequestList $id)
        @($requests | Where-Object Method -eq 'GET').Count | Should -Be 1
        @($requests | Where-Object Path -eq '/_oss/').Count | Should -Be 1
    }

    It 'uploads a file too large to inline in Auto mode' {
        $id = New-TestId
        $big = New-TestMediaFile (Join-Path $TestDrive 'big/large.png') (8MB) 7
        $result = Invoke-QwenVision 'x' -Image $big.FullName -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $result.Text | Should -Match 'large\.png, 8388608 bytes'
        (Get-TestUploadPosts $id).size | Should -Be 8388608
    }

    It 'sends inline with -UploadMode Inline and uploads audio and OCR images too' {
        $id = New-TestId
        $transcript = ConvertFrom-QwenAudio (Join-Path $Folder 'voice 语音.mp3') -UploadMode Upload -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $transcript.Text | Should -Be '欢迎使用阿里云。 [voice 语音.mp3, 4000 bytes]'
        $transcript.File | Should -Be 'voice 语音.mp3'
        (Get-TestGenerationBodies $id).input.messages[1].content[0].audio | Should -BeLike 'oss://*/voice 语音.mp3'
        $ocr = Get-QwenOcr (Join-Path $Folder 'two.png') -UploadMode Inline -ApiKey $Key -BaseUri (Get-TestBaseUri)
        $ocr.Text | Should -Match 'inline image/png'
    }
}

Describe 'Media arguments' {
    It 'passes http(s), oss:// and data: URLs through as given' {
        $id = New-TestId
        $data = 'data:image/png;base64,' + [Convert]::ToBase64String([byte[]] (1..20))
        Invoke-QwenVision 'x' -Image 'https://example.com/a.jpg', $data -Video 'oss://dashscope-instant/other/v.mp4' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Out-Null
        $request = Get-TestServerRequestList $id
        $request.Headers.'x-dashscope-ossresourceresolve' | Should -Be 'enable'
        $content = ($request.Body | ConvertFrom-Json).input.messages[0].content
        $content[0].image | Should -Be 'https://example.com/a.jpg'
        $content[1].image | Should -Be $data
        $content[2].video | Should -Be 'oss://dashscope-instant/other/v.mp4'
    }

    It 'takes file:// URLs and names with wildcard characters literally' {
        $uri = [Uri]::new((Join-Path $Folder '猫 one.jpg')).AbsoluteUri
        (Invoke-QwenVision 'x' -Image $uri -ApiKey $Key -BaseUri (Get-TestBaseUri)).File | Should -Be '猫 one.jpg'
        (Get-Item -LiteralPath (Join-Path $Folder 'photo[1].jpg') | Invoke-QwenVision -Prompt 'x' -ApiKey $Key -BaseUri (Get-TestBaseUri)).File | Should -Be 'photo[1].jpg'
        (Invoke-QwenVision 'x' -Image (Join-Path $Folder 'photo[1].jpg') -ApiKey $Key -BaseUri (Get-TestBaseUri)).File | Should -Be 'photo[1].jpg'
    }

    It 'resolves relative -Path values against the PowerShell location, one result per match' {
        Push-Location $Folder
        try {
            $results = @(Get-QwenOcr -Path './*.jpg' -ApiKey $Key -BaseUri (Get-TestBaseUri))
            $piped = @('two.png' | Invoke-QwenVision -Prompt 'x' -ApiKey $Key -BaseUri (Get-TestBaseUri))
        }
        finally { Pop-Location }
        $results.File | Should -Be @('photo[1].jpg', '猫 one.jpg')
        $piped.File | Should -Be 'two.png'
    }
}

Describe 'Bad input is refused before any request' {
    It 'refuses a missing file' {
        $errors = Invoke-Refused { param($uri) Invoke-QwenVision 'x' -Image (Join-Path $Folder 'nothere.jpg') -ApiKey $Key -BaseUri $uri }
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidInput,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].Exception.Message | Should -BeLike "The image file '*nothere.jpg' does not exist."
        @(Get-TestServerRequestList $LastId).Count | Should -Be 0
    }

    It 'refuses a directory' {
        $errors = Invoke-Refused { param($uri) Get-QwenOcr -LiteralPath (Join-Path $Folder 'album.jpg') -ApiKey $Key -BaseUri $uri }
        $errors[0].Exception.Message | Should -Match 'is a directory, not an image file'
        @(Get-TestServerRequestList $LastId).Count | Should -Be 0
    }

    It 'refuses a file type the kind of media does not take' {
        $errors = Invoke-Refused { param($uri) Invoke-QwenVision 'x' -Video (Join-Path $Folder 'two.png') -ApiKey $Key -BaseUri $uri }
        $errors[0].Exception.Message | Should -Match "'two.png' \(.png\) is not a supported video file. Supported: .*\.mp4"
        $errors = Invoke-Refused { param($uri) Get-ChildItem -LiteralPath $Folder -Filter *.txt | Invoke-QwenVision -Prompt 'x' -ApiKey $Key -BaseUri $uri }
        $errors[0].Exception.Message | Should -Match "'readme.txt' \(.txt\) is not a supported image file"
        @(Get-TestServerRequestList $LastId).Count | Should -Be 0
    }

    It 'refuses an empty file and a file too large to send inline' {
        $errors = Invoke-Refused { param($uri) Get-QwenOcr (Join-Path $Folder 'empty.png') -ApiKey $Key -BaseUri $uri }
        $errors[0].Exception.Message | Should -Match 'is empty'
        $huge = New-TestSparseFile (Join-Path $TestDrive 'huge.jpg') (16MB)
        $errors = Invoke-Refused { param($uri) Invoke-QwenVision 'x' -Image $huge.FullName -UploadMode Inline -ApiKey $Key -BaseUri $uri }
        $errors[0].Exception.Message | Should -Match "'huge.jpg' is 16 MiB: too large to send inline"
        @(Get-TestServerRequestList $LastId).Count | Should -Be 0
    }

    It 'refuses URLs of schemes the service cannot read, and a question without media' {
        $errors = Invoke-Refused { param($uri) ConvertFrom-QwenAudio 'ftp://example.com/a.mp3' -ApiKey $Key -BaseUri $uri }
        $errors[0].Exception.Message | Should -Match 'is a URL the service cannot read'
        $errors = Invoke-Refused { param($uri) Invoke-QwenVision 'x' -ApiKey $Key -BaseUri $uri }
        $errors[0].Exception.Message | Should -Match 'Give the media to ask about'
        @(Get-TestServerRequestList $LastId).Count | Should -Be 0
    }

    It 'still answers the good files of a pipeline when one is bad' {
        $id = New-TestId
        $output = @(Get-ChildItem -LiteralPath $Folder -File | Where-Object Name -in 'two.png', 'readme.txt' | Sort-Object Name -Descending |
                Invoke-QwenVision -Prompt 'x' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue)
        $output.Count | Should -Be 1
        $output[0].File | Should -Be 'two.png'
        $failures.Count | Should -Be 1
        @(Get-TestGenerationBodies $id).Count | Should -Be 1
    }
}
