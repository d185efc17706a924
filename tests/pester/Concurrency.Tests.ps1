BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')).ProviderPath
    Import-Module $Manifest -Force
    $script:Key = 'sk-concurrency-test'
}

Describe 'Many requests at once (-ThrottleLimit)' {
    It 'finishes N requests in about N/limit latencies and keeps input order' {
        $id = New-TestId
        $prompts = 1..16 | ForEach-Object { "prompt $_" }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = $prompts | Invoke-QwenChat -ThrottleLimit 8 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id,latency=400")
        $watch.Stop()

        $results.Count | Should -Be 16
        $results.Prompt | Should -Be $prompts
        # Sequential would take 16 x 400 ms = 6.4 s; 8 at a time ideally 0.8 s.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3.2
        (Get-TestServerRequests $id).Count | Should -Be 16
    }

    It 'sends one at a time by default' {
        $id = New-TestId
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = 'a', 'b', 'c' | Invoke-QwenChat -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id,latency=300")
        $watch.Stop()
        $results.Prompt | Should -Be @('a', 'b', 'c')
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 0.85
        $received = (Get-TestServerRequests $id).ReceivedAt | ForEach-Object { [DateTimeOffset] $_ }
        ($received[1] - $received[0]).TotalMilliseconds | Should -BeGreaterThan 250
    }

    It 'emits results as they finish with -Unordered' {
        $id = New-TestId
        $prompts = 'slow #delay=900', 'fast one', 'fast two'
        $ordered = $prompts | Invoke-QwenChat -ThrottleLimit 3 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $ordered.Prompt | Should -Be $prompts

        $unordered = $prompts | Invoke-QwenChat -ThrottleLimit 3 -Unordered -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $unordered.Prompt[-1] | Should -Be 'slow #delay=900'
        $unordered.Count | Should -Be 3
    }

    It 'streams concurrent inputs one after another, each record stream whole and in input order' {
        $id = New-TestId
        $output = 'first #delay=400', 'second', 'third' | Invoke-QwenChat -Stream -ThrottleLimit 3 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $finals = $output | Where-Object { $_ -is [DashScope.Models.QwenChatResult] }
        $finals.Prompt | Should -Be @('first #delay=400', 'second', 'third')
        # Every record before the first final result belongs to the first prompt's answer.
        $firstFinal = [array]::IndexOf($output, $finals[0])
        (-join ($output[0..($firstFinal - 1)] | ForEach-Object Text)) | Should -Be $finals[0].Text
    }

    It 'makes every worker wait when one of them is throttled (shared backoff honouring Retry-After)' {
        $id = New-TestId
        # The first request is throttled with Retry-After: 2; the second input arrives 0.5 s later.
        $results = & { 'throttled first'; Start-Sleep -Milliseconds 500; 'arrives during the backoff' } |
            Invoke-QwenChat -ThrottleLimit 4 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id,throttle=1,retryafter=2")
        $results.Count | Should -Be 2
        $requests = @(Get-TestServerRequests $id)
        $requests.Count | Should -Be 3
        $first = [DateTimeOffset] $requests[0].ReceivedAt
        $second = [DateTimeOffset] (($requests | Where-Object { $_.Body -match 'arrives during the backoff' })[0].ReceivedAt)
        ($second - $first).TotalSeconds | Should -BeGreaterThan 1.7
    }

    It 'writes the error of one failing input and goes on with the rest' {
        $id = New-TestId
        $errors = $null
        $results = 'one', 'two #fail', 'three', 'four' |
            Invoke-QwenChat -ThrottleLimit 4 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable errors -ErrorAction SilentlyContinue
        $results.Prompt | Should -Be @('one', 'three', 'four')
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidParameter,*'
        $errors[0].TargetObject | Should -Be 'two #fail'
    }

    It 'stops at the first failure with -ErrorAction Stop' {
        $id = New-TestId
        { 'one #fail', 'two #delay=2000', 'three #delay=2000' |
            Invoke-QwenChat -ThrottleLimit 3 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") -ErrorAction Stop } |
            Should -Throw -ErrorId 'DashScope.InvalidParameter,DashScope.Cmdlets.InvokeQwenChatCommand'
    }

    It 'cancels every request in flight promptly when stopped' {
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        $manifest = Join-Path $PSScriptRoot '../../DashScope.psd1'
        $baseUri = Get-TestBaseUri "id=$(New-TestId),firstbyte=10000"
        $null = $shell.AddScript("Import-Module '$manifest'; 1..6 | ForEach-Object { `"p`$_`" } | Invoke-QwenChat -ThrottleLimit 6 -ApiKey '$Key' -BaseUri '$baseUri'")
        $async = $shell.BeginInvoke()
        Start-Sleep -Milliseconds 1500
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $watch.Stop()
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
        $shell.Dispose()
        $runspace.Dispose()
    }

    It 'shows progress (done, in flight, failed) where a person watches, and completes it' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $results = Invoke-InHost -Recorder $recorder -Script {
            param($BaseUri, $Key)
            'a', 'b', 'c', 'd' | Invoke-QwenChat -ThrottleLimit 2 -ApiKey $Key -BaseUri $BaseUri
        } -Arguments (Get-TestBaseUri "id=$id,latency=100"), $Key
        $results.Count | Should -Be 4
        $mine = @($recorder.Progress | Where-Object Activity -eq 'Invoke-QwenChat')
        $mine.Count | Should -BeGreaterThan 1
        $mine.StatusDescription | Should -Contain '4 done, 0 in flight, 0 failed'
        $mine[-1].RecordType | Should -Be 'Completed'
    }

    It 'shows no progress with -ThrottleLimit 1, nor streamed, nor in a host without a console (the progress stream stays empty)' {
        $id = New-TestId
        $recorder = New-RecordingHost
        Invoke-InHost -Recorder $recorder -Script {
            param($BaseUri, $Key)
            'a', 'b' | Invoke-QwenChat -ApiKey $Key -BaseUri $BaseUri
            'c', 'd' | Invoke-QwenChat -ThrottleLimit 2 -Stream -ApiKey $Key -BaseUri $BaseUri
        } -Arguments (Get-TestBaseUri "id=$id"), $Key | Out-Null
        $recorder.Progress | Should -BeNullOrEmpty

        # [powershell]::Create() runs without a host UI: nobody watches, so nothing may reach its progress stream.
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($Manifest, $BaseUri, $Key)
                Import-Module $Manifest
                'a', 'b', 'c' | Invoke-QwenChat -ThrottleLimit 3 -ApiKey $Key -BaseUri $BaseUri
            }).AddArgument($Manifest).AddArgument((Get-TestBaseUri "id=$id")).AddArgument($Key)
            $answers = $shell.Invoke()
            $answers.Count | Should -Be 3
            $shell.Streams.Progress | Should -BeNullOrEmpty
        }
        finally { $shell.Dispose() }
    }
}
