# New-QwenImage and New-QwenVideo as a user types them: both picture families (qwen-image at once, wan as a task),
# video tasks from text or a local picture, downloads (atomic, -Force), -NoWait, -WhatIf, progress and Ctrl+C.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')).ProviderPath
    Import-Module $Manifest
    $script:Key = New-TestApiKey 'pictures'
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    function Get-Submissions([string] $Id, [string] $Like) { foreach ($request in (Get-TestServerRequestList $Id)) { if ($request.Path -like $Like) { $request } } }
}

Describe 'New-QwenImage with qwen-image (answered at once)' {
    It 'sends the prompt as a message, saves the picture and says where' {
        $id = New-TestId
        $folder = Join-Path $TestDrive "qwen-$id"
        $image = New-QwenImage '冬日北京的街景' -Size 1664x928 -Seed 233 -NegativePrompt '低分辨率' -OutputFolder $folder -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $image | Should -BeOfType ([DashScope.Models.QwenImage])
        $image.Model | Should -Be 'qwen-image-plus'
        $image.Prompt | Should -Be '冬日北京的街景'
        $image.Width | Should -Be 1664
        $image.Path | Should -Be (Join-Path $folder "$($image.RequestId)_1.png")
        (Get-Item $image.Path).Length | Should -Be 100000
        $body = (Get-Submissions $id '*/multimodal-generation/generation')[0].Body | ConvertFrom-Json
        $body.input.messages[0].content[0].text | Should -Be '冬日北京的街景'
        $body.parameters.size | Should -Be '1664*928'
        $body.parameters.seed | Should -Be 233
        $body.parameters.negative_prompt | Should -Be '低分辨率'
        # The picture was fetched without the key.
        (Get-Submissions $id '*/_results/*')[0].Headers.PSObject.Properties['authorization'] | Should -BeNullOrEmpty
    }

    It 'refuses what qwen-image cannot do before anything is sent' {
        $id = New-TestId
        { New-QwenImage 'x' -Count 2 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -ErrorId 'DashScope.TooManyImages,DashScope.Cmdlets.NewQwenImageCommand'
        { New-QwenImage 'x' -NoWait -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -ErrorId 'DashScope.NotATaskModel,DashScope.Cmdlets.NewQwenImageCommand'
        { New-QwenImage 'x' -Size big -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -ErrorId 'DashScope.InvalidSize,DashScope.Cmdlets.NewQwenImageCommand'
        { New-QwenImage 'x' -Model qwen-plus -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -ErrorId 'DashScope.NotAnImageModel,DashScope.Cmdlets.NewQwenImageCommand'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }
}

Describe 'New-QwenImage with wan (a task)' {
    It 'submits the task, waits, and writes each picture with its extended prompt' {
        $id = New-TestId
        $folder = Join-Path $TestDrive "wan-$id"
        $images = @(New-QwenImage '一只柴犬' -Model wan2.2-t2i-flash -Count 2 -Size 1280*720 -PollIntervalSec 0.1 -OutputFolder $folder -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $images.Count | Should -Be 2
        $images.Index | Should -Be @(1, 2)
        $images[0].Prompt | Should -Be '一只柴犬，细节丰富，光影柔和，高清画质。'
        $images[0].OriginalPrompt | Should -Be '一只柴犬'
        $images[0].TaskId | Should -Not -BeNullOrEmpty
        (Split-Path -Leaf $images[1].Path) | Should -Be "$($images[1].TaskId)_2.png"
        $submit = (Get-Submissions $id '*/text2image/image-synthesis')[0]
        $submit.Headers.'x-dashscope-async' | Should -Be 'enable'
        ($submit.Body | ConvertFrom-Json).parameters.n | Should -Be 2
    }

    It 'asks for one picture unless -Count says more, and sends -PromptExtend:$false' {
        $id = New-TestId
        $image = New-QwenImage 'a fox' -Model wan2.2-t2i-flash -PromptExtend:$false -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $image.Prompt | Should -Be 'a fox'
        $parameters = ((Get-Submissions $id '*/image-synthesis')[0].Body | ConvertFrom-Json).parameters
        $parameters.n | Should -Be 1
        $parameters.prompt_extend | Should -BeFalse
    }

    It 'writes the pictures that were made and an error for each that was not' {
        $errors = $null
        $images = @(New-QwenImage 'a fox' -Model wan2.2-t2i-flash -Count 3 -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId),failimages=1") -ErrorVariable errors -ErrorAction SilentlyContinue)
        $images.Index | Should -Be @(1, 2)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.DataInspectionFailed,DashScope.Cmdlets.NewQwenImageCommand'
        $errors[0].TargetObject | Should -Be 'a fox'
    }

    It 'writes a failed task as an error and goes on with the other prompts, in input order' {
        $errors = $null
        $id = New-TestId
        $images = @('first', 'second' | New-QwenImage -Model wan2.2-t2i-flash -ThrottleLimit 2 -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue)
        $images.OriginalPrompt | Should -Be @('first', 'second')
        $failed = @(New-QwenImage 'third' -Model wan2.2-t2i-flash -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id,taskfail") -ErrorVariable errors -ErrorAction SilentlyContinue)
        $failed | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidParameter,DashScope.Cmdlets.NewQwenImageCommand'
        $errors[0].TargetObject.Status | Should -Be 'Failed'
    }

    It 'writes the task with -NoWait, and Wait-QwenTask picks it up' {
        $id = New-TestId
        $task = New-QwenImage 'a fox' -Model wan2.2-t2i-flash -NoWait -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $task | Should -BeOfType ([DashScope.Models.QwenTask])
        $task.Status | Should -Be 'Pending'
        ($task | Wait-QwenTask -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")).ResultUrls.Count | Should -Be 1
    }
}

Describe 'Saving pictures' {
    It 'keeps an existing -OutFile (an error) unless -Force' {
        $file = Join-Path $TestDrive 'kept.png'
        Set-Content -LiteralPath $file -Value 'mine'
        $errors = $null
        New-QwenImage 'a fox' -OutFile $file -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.FileExists,DashScope.Cmdlets.NewQwenImageCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errors[0].ToString() | Should -Match "already exists; it was kept\. Pass -Force to replace it"
        $errors[0].TargetObject.Url | Should -Not -BeNullOrEmpty
        (Get-Content -LiteralPath $file) | Should -Be 'mine'

        (New-QwenImage 'a fox' -OutFile $file -Force -ApiKey $Key -BaseUri (Get-TestBaseUri)).Path | Should -Be $file
        (Get-Item -LiteralPath $file).Length | Should -Be 100000
    }

    It 'leaves no file when the download breaks half-way' {
        $folder = Join-Path $TestDrive 'broken'
        $errors = $null
        New-QwenImage 'a fox' -OutputFolder $folder -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$(New-TestId),breakat=5000") -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.Network,DashScope.Cmdlets.NewQwenImageCommand'
        $errors[0].Exception.Message | Should -Match 'broke after 5000 of 100000 bytes'
        @(Get-ChildItem -LiteralPath $folder -Force).Count | Should -Be 0
    }

    It 'refuses -OutFile for more than one picture' {
        { New-QwenImage 'x' -Model wan2.2-t2i-flash -Count 2 -OutFile ./x.png -ApiKey $Key -BaseUri (Get-TestBaseUri) } | Should -Throw -ErrorId 'DashScope.OutputConflict,DashScope.Cmdlets.NewQwenImageCommand'
        $errors = $null
        $file = Join-Path $TestDrive 'one.png'
        $made = @('one', 'two' | New-QwenImage -OutFile $file -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorVariable errors -ErrorAction SilentlyContinue)
        $made.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.OutputConflict,DashScope.Cmdlets.NewQwenImageCommand'
    }

    It 'makes and sends nothing with -WhatIf' {
        $id = New-TestId
        $output = & $Pwsh -NoProfile -NonInteractive -Command "Import-Module '$Manifest'; New-QwenImage 'a fox' -Model wan2.2-t2i-flash -Count 2 -OutputFolder ./never -WhatIf -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri "id=$id")'" 2>&1 | Out-String
        $output | Should -Match 'What if: .*Make 2 picture\(s\) with wan2.2-t2i-flash and save them'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }
}

Describe 'New-QwenVideo' {
    It 'makes a video from text, waits, and saves it as TASKID.mp4' {
        $id = New-TestId
        $folder = Join-Path $TestDrive "video-$id"
        $video = New-QwenVideo '海浪拍打沙滩' -Duration 10 -Size 1280x720 -PollIntervalSec 0.1 -OutputFolder $folder -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $video | Should -BeOfType ([DashScope.Models.QwenVideo])
        $video.Model | Should -Be 'wan2.2-t2v-plus'
        $video.Seconds | Should -Be 10
        $video.Prompt | Should -Be '海浪拍打沙滩，细节丰富，光影柔和，高清画质。'
        $video.Path | Should -Be (Join-Path $folder "$($video.TaskId).mp4")
        (Get-Item $video.Path).Length | Should -Be 100000
        $body = (Get-Submissions $id '*/video-synthesis')[0].Body | ConvertFrom-Json
        $body.parameters.duration | Should -Be 10
        $body.parameters.size | Should -Be '1280*720'
        $body.input.PSObject.Properties['img_url'] | Should -BeNullOrEmpty
    }

    It 'animates a local picture: the image-to-video model, the temporary upload and the resolve header' {
        $id = New-TestId
        $picture = Join-Path $TestDrive 'cat.png'
        [IO.File]::WriteAllBytes($picture, [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='))
        $videos = @('the cat blinks', 'the cat yawns' | New-QwenVideo -Image $picture -Resolution 720P -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $videos.Count | Should -Be 2
        $videos[0].Model | Should -Be 'wan2.2-i2v-plus'
        $videos[0].Image | Should -Be $picture
        $submits = @(Get-Submissions $id '*/video-synthesis')
        $submits[0].Headers.'x-dashscope-ossresourceresolve' | Should -Be 'enable'
        $first = ($submits[0].Body | ConvertFrom-Json).input.img_url
        $first | Should -BeLike 'oss://*'
        ($submits[1].Body | ConvertFrom-Json).input.img_url | Should -Be $first -Because 'the picture is uploaded once for all prompts'
        @(Get-Submissions $id '*/uploads?*').Count | Should -Be 1
    }

    It 'refuses a picture for a text-only model, and no picture for an image-to-video model' {
        { New-QwenVideo 'x' -Image https://example.com/a.png -Model wan2.2-t2v-plus -ApiKey $Key -BaseUri (Get-TestBaseUri) } | Should -Throw -ErrorId 'DashScope.ImageNotTaken,DashScope.Cmdlets.NewQwenVideoCommand'
        { New-QwenVideo 'x' -Model wan2.2-i2v-plus -ApiKey $Key -BaseUri (Get-TestBaseUri) } | Should -Throw -ErrorId 'DashScope.ImageMissing,DashScope.Cmdlets.NewQwenVideoCommand'
        { New-QwenVideo 'x' -Image (Join-Path $TestDrive 'missing.png') -ApiKey $Key -BaseUri (Get-TestBaseUri) } | Should -Throw -ErrorId 'DashScope.InvalidInput,DashScope.Cmdlets.NewQwenVideoCommand'
    }

    It 'shows the task''s progress where a person watches' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $video = Invoke-InHost -Recorder $recorder -Script {
            param($BaseUri, $Key)
            New-QwenVideo 'waves' -PollIntervalSec 0.1 -ApiKey $Key -BaseUri $BaseUri
        } -Arguments (Get-TestBaseUri "id=$id"), $Key
        $mine = @($recorder.Progress | Where-Object Activity -EQ 'New-QwenVideo')
        $mine.StatusDescription -match "^Task $($video.TaskId): RUNNING" | Should -Not -BeNullOrEmpty
        $mine[-1].RecordType | Should -Be 'Completed'
    }

    It 'gives each input''s task and download bars their own ids when several run at once' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $folder = Join-Path $TestDrive "bars-$id"
        $videos = @(Invoke-InHost -Recorder $recorder -Script {
                param($BaseUri, $Key, $Folder)
                'one', 'two', 'three' | New-QwenVideo -ThrottleLimit 3 -PollIntervalSec 0.1 -OutputFolder $Folder -ApiKey $Key -BaseUri $BaseUri
            } -Arguments (Get-TestBaseUri "id=$id"), $Key, $folder)
        $videos.Count | Should -Be 3
        $bars = @($recorder.Progress | Where-Object { $_.Activity -eq 'New-QwenVideo' -and $_.RecordType -ne 'Completed' })
        @($bars | Where-Object StatusDescription -Like 'Task *').Count | Should -BeGreaterThan 0
        @($bars | Where-Object StatusDescription -NotLike 'Task *').Count | Should -BeGreaterThan 0 -Because 'the downloads show bars too'
        foreach ($group in ($bars | Group-Object ActivityId)) {
            # One bar per id: the status of one task, or of one download.
            $kinds = @($group.Group | ForEach-Object { if ($_.StatusDescription -like 'Task *') { ($_.StatusDescription -split ':')[0] } else { 'download' } } | Select-Object -Unique)
            $kinds.Count | Should -Be 1 -Because "activity id $($group.Name) carried: $($group.Group.StatusDescription -join ' | ')"
        }
    }

    It 'stops waiting on Ctrl+C and says how to pick the task up again' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $stopped = Stop-InHost $recorder "New-QwenVideo 'waves' -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri "id=$id,taskpolls=1000")'" -Until { @(Get-Submissions $id '*/tasks/*').Count -ge 2 }
        $stopped.Reached | Should -BeTrue
        $stopped.State | Should -Be 'Stopped'
        $taskId = ((Get-Submissions $id '*/tasks/*')[0].Path -split '/')[-1]
        ($recorder.Lines -join "`n") | Should -Match ([regex]::Escape("Wait-QwenTask -Id $taskId"))
    }
}
