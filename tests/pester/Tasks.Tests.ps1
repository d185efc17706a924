# Get-QwenTask, Wait-QwenTask and Stop-QwenTask against the simulated task life cycle (PENDING, RUNNING, then
# SUCCEEDED / FAILED at poll taskpolls=N; CANCELED while PENDING), throttled polls, progress and Ctrl+C.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')).ProviderPath
    Import-Module $Manifest
    $script:Key = New-TestApiKey 'tasks'
    function New-TestTask([string] $Options, [string] $Prompt = 'a fox') {
        New-QwenImage $Prompt -Model wan2.2-t2i-flash -NoWait -ApiKey $Key -BaseUri (Get-TestBaseUri $Options)
    }
    function Get-Polls([string] $Id, [string] $TaskId) { @(Get-TestServerRequestList $Id | Where-Object Path -Like "*/tasks/$TaskId").Count }
}

Describe 'Get-QwenTask' {
    It 'gets a piped task as it is now, and says when an id is unknown' {
        $id = New-TestId
        $task = New-TestTask "id=$id"
        $task.Status | Should -Be 'Pending'
        $task.Model | Should -Be 'wan2.2-t2i-flash'
        $now = $task | Get-QwenTask -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $now.TaskId | Should -Be $task.TaskId
        $now.StatusText | Should -Be 'PENDING'
        $now.SubmitTime.Offset | Should -Be ([TimeSpan]::FromHours(8))

        $errors = $null
        Get-QwenTask -Id 'no-such-task' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.TaskNotFound,DashScope.Cmdlets.GetQwenTaskCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].Exception.Message | Should -Match '24 hours'
    }

    It 'lists the tasks page after page, newest first, filtered by status and model' {
        $id = New-TestId
        $tasks = 1..5 | ForEach-Object { New-TestTask "id=$id" "picture $_"; Start-Sleep -Milliseconds 5 }
        $listed = @(Get-QwenTask -PageSize 2 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $listed.TaskId | Should -Be ($tasks.TaskId[4..0])
        $listed[0].Model | Should -Be 'wan2.2-t2i-flash'
        @(Get-TestServerRequestList $id | Where-Object Path -Like '*/tasks?*').Count | Should -Be 3
        (Get-TestServerRequestList $id | Where-Object Path -Like '*/tasks?*')[1].Path | Should -Match 'page_no=2&page_size=2'

        $tasks[0] | Stop-QwenTask -Confirm:$false -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        (Get-QwenTask -Status Canceled -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")).TaskId | Should -Be $tasks[0].TaskId
        Get-QwenTask -Model 'other-model' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Should -BeNullOrEmpty
        $first = New-TestId
        @(Get-QwenTask -PageSize 2 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Select-Object -First 1).Count | Should -Be 1
    }

    It 'sends -After and -Before as Beijing time to the second' {
        $id = New-TestId
        $after = [datetime]::new(2026, 3, 1, 10, 0, 0, [DateTimeKind]::Utc)
        Get-QwenTask -After $after -Before $after.AddHours(1) -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Should -BeNullOrEmpty
        (Get-TestServerRequestList $id)[0].Path | Should -Match 'start_time=20260301180000&end_time=20260301190000'
    }
}

Describe 'Wait-QwenTask' {
    It 'waits for many tasks at once and writes each when it is done' {
        $id = New-TestId
        $tasks = 1..6 | ForEach-Object { New-TestTask "id=$id,taskpolls=4" "picture $_" }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $done = @($tasks | Wait-QwenTask -PollIntervalSec 0.2 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id"))
        $watch.Stop()
        $done.Count | Should -Be 6
        $done.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        ($done.TaskId | Sort-Object) | Should -Be ($tasks.TaskId | Sort-Object)
        $done[0].ResultUrls.Count | Should -Be 1
        $done[0].Usage.Details['image_count'] | Should -Be 1
        # Four polls 0.2, 0.2 and 0.4 s apart: one task's wait, not six.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2.5
        Get-Polls $id $tasks[0].TaskId | Should -Be 4
    }

    It 'writes a failed task as an error with the service''s code and the task as its target' {
        $id = New-TestId
        $task = New-TestTask "id=$id,taskpolls=2,taskfail"
        $errors = $null
        $task | Wait-QwenTask -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidParameter,DashScope.Cmdlets.WaitQwenTaskCommand'
        $errors[0].TargetObject.TaskId | Should -Be $task.TaskId
        $errors[0].TargetObject.Status | Should -Be 'Failed'
        $errors[0].Exception.ServiceMessage | Should -Match 'simulated by taskfail'
    }

    It 'writes a canceled task like a finished one' {
        $id = New-TestId
        $task = New-TestTask "id=$id"
        $task | Stop-QwenTask -Confirm:$false -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        ($task | Wait-QwenTask -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")).Status | Should -Be 'Canceled'
    }

    It 'gives up after -TimeoutSec, names the task, and leaves it running' {
        $id = New-TestId
        $task = New-TestTask "id=$id,taskpolls=1000"
        $errors = $null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Wait-QwenTask -Id $task.TaskId -TimeoutSec 1 -PollIntervalSec 0.2 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.WaitTaskTimeout,DashScope.Cmdlets.WaitQwenTaskCommand'
        $errors[0].Exception.Message | Should -Match $task.TaskId
        (Get-QwenTask -Id $task.TaskId -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")).StatusText | Should -Be 'RUNNING'
    }

    It 'waits as long as a throttled poll asks, and goes on' {
        $submit = New-TestId
        $task = New-TestTask "id=$submit,taskpolls=2"
        $poll = New-TestId
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $done = Wait-QwenTask -Id $task.TaskId -PollIntervalSec 0.1 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$poll,throttle=1,retryafter=1")
        $watch.Stop()
        $done.Status | Should -Be 'Succeeded'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 0.9
    }

    It 'shows the status and the time waited where a person watches, and completes the bar' {
        $id = New-TestId
        $task = New-TestTask "id=$id,taskpolls=4"
        $recorder = New-RecordingHost
        $done = Invoke-InHost -Recorder $recorder -Script {
            param($TaskId, $BaseUri, $Key)
            Wait-QwenTask -Id $TaskId -PollIntervalSec 0.4 -ApiKey $Key -BaseUri $BaseUri
        } -Arguments $task.TaskId, (Get-TestBaseUri "id=$id"), $Key
        $done.Status | Should -Be 'Succeeded'
        $mine = @($recorder.Progress | Where-Object Activity -EQ 'Wait-QwenTask')
        $mine.Count | Should -BeGreaterThan 1
        $mine.StatusDescription -match "^Task $($task.TaskId): RUNNING, \d+ s \(0/1 succeeded\)$" | Should -Not -BeNullOrEmpty
        $mine[-1].RecordType | Should -Be 'Completed'

        $quiet = New-RecordingHost -NoConsole
        Invoke-InHost -Recorder $quiet -Script {
            param($TaskId, $BaseUri, $Key)
            Wait-QwenTask -Id $TaskId -ApiKey $Key -BaseUri $BaseUri
        } -Arguments $task.TaskId, (Get-TestBaseUri "id=$id"), $Key | Out-Null
        $quiet.Progress | Should -BeNullOrEmpty
    }

    It 'stops waiting at once on Ctrl+C, says how to pick the task up again, and leaves it running' {
        $id = New-TestId
        $task = New-TestTask "id=$id,taskpolls=1000"
        $recorder = New-RecordingHost
        $stopped = Stop-InHost $recorder "Wait-QwenTask -Id '$($task.TaskId)' -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri "id=$id")'" -Until { (Get-Polls $id $task.TaskId) -ge 2 }
        $stopped.Reached | Should -BeTrue
        $stopped.Seconds | Should -BeLessThan 2
        $stopped.State | Should -Be 'Stopped'
        ($recorder.Lines -join "`n") | Should -Match ([regex]::Escape("Pick it up again with: Wait-QwenTask -Id $($task.TaskId)"))
        (Get-QwenTask -Id $task.TaskId -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")).StatusText | Should -Be 'RUNNING'
    }
}

Describe 'Stop-QwenTask' {
    It 'cancels a pending task; a running one is the service''s clear refusal' {
        $id = New-TestId
        $pending = New-TestTask "id=$id"
        ($pending | Stop-QwenTask -PassThru -Confirm:$false -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")).StatusText | Should -Be 'CANCELED'
        (Get-TestServerRequestList $id | Where-Object Path -Like '*/cancel')[0].Method | Should -Be 'POST'

        $running = New-TestTask "id=$id,taskpolls=1000"
        Get-QwenTask -Id $running.TaskId -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Out-Null
        Get-QwenTask -Id $running.TaskId -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Out-Null
        $errors = $null
        $running | Stop-QwenTask -Confirm:$false -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.UnsupportedOperation,DashScope.Cmdlets.StopQwenTaskCommand'
        $errors[0].Exception.ServiceMessage | Should -Be 'Failed to cancel the task, please confirm if the task is in PENDING status.'
        $errors[0].TargetObject | Should -Be $running.TaskId
    }

    It 'reports the recorded refusal (cancel-completed-task-nosse) with its code, message and request id' {
        $errors = $null
        Stop-QwenTask -Id 9e2b6ef6-285d-4efa-8651-4dbda7d571fa -Confirm:$false -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=cancel-completed-task-nosse') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.UnsupportedOperation,DashScope.Cmdlets.StopQwenTaskCommand'
        $errors[0].Exception.StatusCode | Should -Be 400
        $errors[0].Exception.RequestId | Should -Be '4d496c94-1389-9ca9-a92a-3e732f675686'
        $errors[0].Exception.Message | Should -Match 'please confirm if the task is in PENDING status'
    }

    It 'cancels nothing with -WhatIf' {
        $id = New-TestId
        $task = New-TestTask "id=$id"
        $task | Stop-QwenTask -WhatIf -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        @(Get-TestServerRequestList $id | Where-Object Path -Like '*/cancel').Count | Should -Be 0
    }
}

Describe 'Task objects through the task cmdlets' {
    It 'keeps the model a piped task names (single-task answers do not repeat it)' {
        $id = New-TestId
        $base = Get-TestBaseUri "id=$id,taskpolls=2"
        $task = New-TestTask "id=$id,taskpolls=2"
        ($task | Get-QwenTask -ApiKey $Key -BaseUri $base).Model | Should -Be 'wan2.2-t2i-flash'
        ($task | Wait-QwenTask -PollIntervalSec 0.05 -ApiKey $Key -BaseUri $base).Model | Should -Be 'wan2.2-t2i-flash'
        # By id alone the answer is all there is.
        (Get-QwenTask -Id $task.TaskId -ApiKey $Key -BaseUri $base).Model | Should -BeNullOrEmpty

        $pending = New-TestTask "id=$id"
        $canceled = $pending | Stop-QwenTask -PassThru -Confirm:$false -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $canceled.Status | Should -Be 'Canceled'
        $canceled.Model | Should -Be 'wan2.2-t2i-flash'
    }

    It 'takes ids as strings, positionally, from results with a TaskId, and from deserialized tasks' {
        $id = New-TestId
        $base = Get-TestBaseUri "id=$id"
        $task = New-TestTask "id=$id"
        (Wait-QwenTask $task.TaskId -PollIntervalSec 0.05 -ApiKey $Key -BaseUri $base).Status | Should -Be 'Succeeded'
        ($task.TaskId | Get-QwenTask -ApiKey $Key -BaseUri $base).TaskId | Should -Be $task.TaskId
        ([pscustomobject]@{ TaskId = $task.TaskId } | Wait-QwenTask -ApiKey $Key -BaseUri $base).TaskId | Should -Be $task.TaskId
        $file = Join-Path $TestDrive 'task.xml'
        $task | Export-Clixml -LiteralPath $file
        (Import-Clixml -LiteralPath $file | Get-QwenTask -ApiKey $Key -BaseUri $base).TaskId | Should -Be $task.TaskId
        $picture = New-QwenImage 'a fox' -Model wan2.2-t2i-flash -ApiKey $Key -BaseUri $base
        ($picture | Get-QwenTask -ApiKey $Key -BaseUri $base).TaskId | Should -Be $picture.TaskId
    }
}

Describe 'Task views' {
    It 'shows tasks as a table that fits 80 columns, the status as the service spells it' {
        $id = New-TestId
        New-TestTask "id=$id" | Out-Null
        $table = Get-QwenTask -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Format-Table | Out-String -Width 80
        $table | Should -Match 'TaskId\s+Status\s+Model\s+Submitted'
        $table | Should -Match '[0-9a-f-]{36} PENDING\s+wan2\.2-t2i-flash'
        ($table -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'shows a task as a list with its output as JSON and one result URL per line' {
        $id = New-TestId
        $done = New-TestTask "id=$id" | Wait-QwenTask -PollIntervalSec 0.05 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $list = $done | Format-List | Out-String -Width 200
        $list | Should -Match 'Status\s+: SUCCEEDED'
        $list | Should -Match 'Model\s+: wan2\.2-t2i-flash'
        $list | Should -Match ('Output\s+: \{"task_id":"' + $done.TaskId + '"')
        $list | Should -Not -Match 'System\.Collections'
        $list | Should -Match ([regex]::Escape($done.ResultUrls[0].ToString()))
    }

    It 'shows pictures with their file and prompt' {
        $folder = Join-Path $TestDrive 'view'
        $text = New-QwenImage 'a paper boat' -OutputFolder $folder -ApiKey $Key -BaseUri (Get-TestBaseUri) | Format-Table | Out-String -Width 120
        $text | Should -Match 'Index\s+File\s+Prompt'
        $text | Should -Match '1 [0-9a-f-]{36}_1\.png\s+a paper boat'
    }
}
