# Failures of Invoke-QwenChat as a user meets them: stable error ids, categories, the service's code and
# request id, retries (only when worth it and only before output), partial text of broken streams,
# timeouts, input and configuration errors before anything is sent.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')).Path
    Import-Module $Manifest

    function Split-StreamOutput([object[]] $Output) {
        [pscustomobject]@{
            Records = @($Output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
            Results = @($Output | Where-Object { $_ -is [DashScope.Models.QwenChatResult] })
        }
    }
}

Describe 'Service errors' {
    It '401 (sk-invalid) is a non-terminating DashScope.InvalidApiKey AuthenticationError with code, message, request id and advice' {
        $id = New-TestId
        $after = . {
            Invoke-QwenChat 'x' -ApiKey 'sk-invalid' -BaseUri (Get-TestBaseUri "id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue
            'carried on'
        }
        $after | Should -Be 'carried on' -Because 'a service error does not stop the script'
        $failures.Count | Should -Be 1
        $failure = $failures[0]
        $failure.FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidApiKey*'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.Exception | Should -BeOfType ([DashScope.DashScopeException])
        $failure.Exception.Code | Should -Be 'InvalidApiKey'
        $failure.Exception.ServiceMessage | Should -Be 'Invalid API-key provided.'
        $failure.Exception.RequestId | Should -Be 'a1c0561c-1dfe-98a6-a62f-983577b8bc5e'
        $failure.Exception.StatusCode | Should -Be 401
        $failure.Exception.Message | Should -Match 'InvalidApiKey'
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $failure.TargetObject | Should -Be 'x'
        @(Get-TestServerRequestList $id).Count | Should -Be 1 -Because '401 is not retried'
    }

    It 'keeps going through the pipeline after one prompt fails' {
        $id = New-TestId
        $output = @('first', 'second' | Invoke-QwenChat -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "fail=400:1,id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be 'first'
        $output.Count | Should -Be 1
        $output[0].Prompt | Should -Be 'second'
        $output[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'second')
    }

    It 'parameter-error-sse (an event:error stream) is DashScope.InvalidParameter with the recorded request id' {
        $id = New-TestId
        $output = Invoke-QwenChat 'x' -Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "scenario=parameter-error-sse,id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidParameter*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Code | Should -Be 'InvalidParameter'
        $failures[0].Exception.RequestId | Should -Be '7671ecd8-93cc-9ee9-bc89-739f0fd8b809'
        $failures[0].Exception.StatusCode | Should -Be 400
        $failures[0].Exception.ServiceMessage | Should -BeLike 'Role must be user or assistant*'
        @(Get-TestServerRequestList $id).Count | Should -Be 1
    }

    It 'does not retry a 400 (fail=400:5, Stream: <Stream>): one request' -TestCases @(
        @{ Stream = $false }
        @{ Stream = $true }
    ) {
        $id = New-TestId
        Invoke-QwenChat 'x' -Stream:$Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "fail=400:5,id=$id") -RetryIntervalSec 0 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].Exception.StatusCode | Should -Be 400
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-TestServerRequestList $id).Count | Should -Be 1
    }

    It 'parameter-error-nosse (a recorded 400 JSON body) is DashScope.InvalidParameter with the recorded request id, not retried' {
        # The recorded body starts with a UTF-8 byte order mark, as the service's answer was captured.
        $id = New-TestId
        Invoke-QwenChat 'x' -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "scenario=parameter-error-nosse,id=$id") -RetryIntervalSec 0 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        @(Get-TestServerRequestList $id).Count | Should -Be 1
        $failures[0].Exception.StatusCode | Should -Be 400
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InvalidParameter*'
        $failures[0].Exception.Code | Should -Be 'InvalidParameter'
        $failures[0].Exception.ServiceMessage | Should -BeLike 'Role must be user or assistant*'
        $failures[0].Exception.RequestId | Should -Be 'a5898c04-d210-901b-965f-e4bd90478805'
    }
}

Describe 'Retries' {
    It 'retries throttling (throttle=2, Retry-After 1 s) with the default retries and succeeds after exactly 3 requests' {
        $id = New-TestId
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = @(Invoke-QwenChat 'patience' -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "throttle=2,retryafter=1,id=$id") -ErrorVariable failures)
        $watch.Stop()
        $failures.Count | Should -Be 0
        $output.Count | Should -Be 1
        $output[0].Text | Should -BeExactly (Get-TestExpectedAnswer 'patience')
        @(Get-TestServerRequestList $id).Count | Should -Be 3
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 1.8 -Because 'Retry-After: 1 is honoured before each of the 2 retries'
    }

    It 'throttle=2 with -MaximumRetryCount 0 is DashScope.Throttling.RateQuota, LimitsExceeded, after one request' {
        $id = New-TestId
        $output = Invoke-QwenChat 'x' -MaximumRetryCount 0 -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "throttle=2,id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Throttling.RateQuota*'
        $failures[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failures[0].Exception.StatusCode | Should -Be 429
        $failures[0].Exception.RetryAfter | Should -Be ([timespan]::FromSeconds(1))
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-TestServerRequestList $id).Count | Should -Be 1
    }

    It 'retries a 503 (fail=503:1) and succeeds (Stream: <Stream>)' -TestCases @(
        @{ Stream = $false }
        @{ Stream = $true }
    ) {
        $id = New-TestId
        $output = @(Invoke-QwenChat 'again' -Stream:$Stream -RetryIntervalSec 1 -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "fail=503:1,id=$id") -ErrorVariable failures)
        $failures.Count | Should -Be 0
        $output[-1].Text | Should -BeExactly (Get-TestExpectedAnswer 'again')
        $output[-1].Completed | Should -BeTrue
        @(Get-TestServerRequestList $id).Count | Should -Be 2
    }

    It 'retries a throttled first call of <Name> and succeeds' -TestCases @(
        @{ Name = 'Get-QwenEmbedding'; Call = { param($c) 'a', 'b' | Get-QwenEmbedding @c } }
        @{ Name = 'Invoke-QwenRerank'; Call = { param($c) 'a', 'b' | Invoke-QwenRerank -Query 'q' @c } }
        @{ Name = 'Measure-QwenToken'; Call = { param($c) Measure-QwenToken 'hello' @c } }
        @{ Name = 'ConvertTo-QwenSpeech'; Call = { param($c) ConvertTo-QwenSpeech 'x' -OutputFolder (Join-Path $TestDrive "retry-$(New-TestId)") @c } }
        @{ Name = 'ConvertTo-QwenSpeech -Stream'; Call = { param($c) ConvertTo-QwenSpeech 'x' -Stream -OutputFolder (Join-Path $TestDrive "retry-$(New-TestId)") @c } }
        @{ Name = 'New-QwenImage (qwen-image)'; Call = { param($c) New-QwenImage 'x' @c } }
        @{ Name = 'New-QwenImage (a task)'; Call = { param($c) New-QwenImage 'x' -Model wan2.2-t2i-flash -PollIntervalSec 0.05 @c } }
        @{ Name = 'New-QwenVideo'; Call = { param($c) New-QwenVideo 'x' -PollIntervalSec 0.05 @c } }
        @{ Name = 'ConvertFrom-QwenAudio -Async'; Call = { param($c) ConvertFrom-QwenAudio 'https://x/a.wav' -Async -PollIntervalSec 0.05 @c } }
    ) {
        $id = New-TestId
        $common = @{ ApiKey = (New-TestApiKey); BaseUri = (Get-TestBaseUri "throttle=1,retryafter=0,id=$id"); RetryIntervalSec = 0; MaximumRetryCount = 4; ErrorAction = 'Continue' }
        $all = @(& $Call $common 2>&1)
        $failures = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $failures.Count | Should -Be 0 -Because ($failures | Out-String)
        $output.Count | Should -BeGreaterThan 0
        $requests = @(Get-TestServerRequestList $id)
        $requests.Count | Should -BeGreaterThan 1
        $requests[1].Path | Should -Be $requests[0].Path -Because 'the throttled call is sent again'
        $requests[1].Body | Should -Be $requests[0].Body
    }

    It 'retries a connection dropped before any event (drop=0), up to -MaximumRetryCount' {
        $id = New-TestId
        $output = Invoke-QwenChat 'x' -Stream -MaximumRetryCount 2 -RetryIntervalSec 0 -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "drop=0,id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Network*'
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        @(Get-TestServerRequestList $id).Count | Should -Be 3
    }
}

Describe 'Broken streams keep the partial text' {
    It 'drop=3: three records, then a network error whose TargetObject holds the partial text (Completed false), not retried' {
        # gap=100: the server aborts (TCP reset) right after flushing event 3, and a reset can discard bytes the
        # client has not read yet; the pause lets the client read event 3 before the connection breaks.
        $id = New-TestId
        $split = Split-StreamOutput @(Invoke-QwenChat 'x' -Stream -RetryIntervalSec 0 -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "drop=3,gap=100,id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue)

        $split.Records.Count | Should -Be 3
        $split.Results | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Network*'
        $partial = $failures[0].TargetObject
        $partial | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $partial.Text | Should -BeExactly (-join $split.Records.Text)
        $partial.Text.Length | Should -BeGreaterThan 0
        $partial.Completed | Should -BeFalse
        $partial.FinishReason | Should -BeNullOrEmpty
        $partial.Prompt | Should -Be 'x'
        $failures[0].Exception.PartialResult.Text | Should -BeExactly $partial.Text
        @(Get-TestServerRequestList $id).Count | Should -Be 1 -Because 'nothing is retried once output has been written'
    }

    It 'error=2: two records, then DashScope.InternalError with the partial text' {
        $id = New-TestId
        $split = Split-StreamOutput @(Invoke-QwenChat 'x' -Stream -RetryIntervalSec 0 -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "error=2,id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue)

        $split.Records.Count | Should -Be 2
        $split.Results | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.InternalError*'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $failures[0].Exception.Code | Should -Be 'InternalError'
        $failures[0].Exception.StatusCode | Should -Be 500
        $failures[0].Exception.RequestId | Should -Not -BeNullOrEmpty
        $failures[0].TargetObject.Text | Should -BeExactly (-join $split.Records.Text)
        $failures[0].TargetObject.Completed | Should -BeFalse
        @(Get-TestServerRequestList $id).Count | Should -Be 1
    }

    It 'malformed=2: one record, then one DashScope.Protocol error and no secondary error' {
        $id = New-TestId
        $Error.Clear()
        $output = @(Invoke-QwenChat 'x' -Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "malformed=2,id=$id") -ErrorAction SilentlyContinue)
        $errors = @($Error)

        $errors.Count | Should -Be 1 -Because "only the protocol error should be recorded; got: $($errors | ForEach-Object { $_.FullyQualifiedErrorId + ': ' + $_.Exception.Message })"
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Protocol*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $split = Split-StreamOutput $output
        $split.Records.Count | Should -Be 1
        $split.Results | Should -BeNullOrEmpty
        $errors[0].TargetObject.Text | Should -BeExactly $split.Records[0].Text
    }
}

Describe 'Input errors before anything is sent' {
    It 'an empty prompt (<Name>) is DashScope.EmptyPrompt and sends nothing' -TestCases @(
        @{ Name = 'empty'; Prompt = '' }
        @{ Name = 'blank'; Prompt = '   ' }
    ) {
        $id = New-TestId
        { Invoke-QwenChat $Prompt -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id") } | Should -Throw -ErrorId 'DashScope.EmptyPrompt*'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }

    It 'a piped result with no next message is DashScope.EmptyPrompt and sends nothing more' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $key = New-TestApiKey
        $first = Invoke-QwenChat 'x' -ApiKey $key -BaseUri $uri
        $output = $first | Invoke-QwenChat -ApiKey $key -BaseUri $uri -ErrorVariable failures -ErrorAction SilentlyContinue
        @(Get-TestServerRequestList $id).Count | Should -Be 1 -Because "the piped result's own Prompt property must not be sent again as the next message"
        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.EmptyPrompt*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-TestServerRequestList $id).Count | Should -Be 1
    }

    It 'with no key anywhere: terminating DashScope.MissingApiKey naming -ApiKey, Connect-DashScope and DASHSCOPE_API_KEY; nothing sent' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $emptyHome = Join-Path ([System.IO.Path]::GetTempPath()) ('dashscope-home-' + (New-TestId))
        New-Item -ItemType Directory -Path $emptyHome | Out-Null
        try {
            $lines = Invoke-TestPwsh @"
Remove-Item Env:DASHSCOPE_API_KEY -ErrorAction SilentlyContinue
`$env:DASHSCOPE_API_KEY_FILE_PATH = '$(Join-Path $emptyHome 'missing-key-file')'
`$env:HOME = '$emptyHome'
`$env:USERPROFILE = '$emptyHome'
Import-Module '$Manifest'
`$report = [ordered]@{ Caught = `$false; Continued = `$false }
try {
    Invoke-QwenChat 'x' -BaseUri '$uri'
    `$report.Continued = `$true
}
catch {
    `$report.Caught = `$true
    `$report.Id = `$_.FullyQualifiedErrorId
    `$report.Category = `$_.CategoryInfo.Category.ToString()
    `$report.Message = `$_.Exception.Message
    `$report.Action = `$_.ErrorDetails.RecommendedAction
}
`$report | ConvertTo-Json -Compress
"@
        }
        finally {
            Remove-Item -LiteralPath $emptyHome -Recurse -Force
        }
        $report = ($lines | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
        $report | Should -Not -BeNullOrEmpty -Because "the child pwsh printed: $lines"
        $report.Caught | Should -BeTrue -Because 'a missing key is a terminating error (caught without -ErrorAction Stop)'
        $report.Continued | Should -BeFalse
        $report.Id | Should -BeLike 'DashScope.MissingApiKey*'
        $report.Category | Should -Be 'AuthenticationError'
        $report.Message | Should -Match '-ApiKey'
        $report.Message | Should -Match 'Connect-DashScope'
        $report.Message | Should -Match 'DASHSCOPE_API_KEY'
        $report.Action | Should -Not -BeNullOrEmpty
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }
}

Describe 'Timeouts' {
    It '-TimeoutSec 1 with firstbyte=3000 is DashScope.Timeout after about a second' {
        $id = New-TestId
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = Invoke-QwenChat 'x' -TimeoutSec 1 -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "firstbyte=3000,id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue
        $watch.Stop()
        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Timeout*'
        $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2.5
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 0.8
    }

    It '-TimeoutSec 1 is DashScope.Timeout after about a second for <Name>, and leaves no file' -TestCases @(
        @{ Name = 'Get-QwenEmbedding'; Call = { param($c) 'a', 'b' | Get-QwenEmbedding @c } }
        @{ Name = 'Invoke-QwenRerank'; Call = { param($c) 'a', 'b' | Invoke-QwenRerank -Query 'q' @c } }
        @{ Name = 'Measure-QwenToken'; Call = { param($c) Measure-QwenToken 'hello' @c } }
        @{ Name = 'ConvertTo-QwenSpeech'; Call = { param($c, $folder) ConvertTo-QwenSpeech 'x' -OutputFolder $folder @c } }
        @{ Name = 'New-QwenImage (qwen-image)'; Call = { param($c, $folder) New-QwenImage 'x' -OutputFolder $folder @c } }
        @{ Name = 'New-QwenImage (a task)'; Call = { param($c, $folder) New-QwenImage 'x' -Model wan2.2-t2i-flash -OutputFolder $folder @c } }
        @{ Name = 'New-QwenVideo'; Call = { param($c, $folder) New-QwenVideo 'x' -OutputFolder $folder @c } }
        @{ Name = 'ConvertFrom-QwenAudio -Async'; Call = { param($c) ConvertFrom-QwenAudio 'https://x/a.wav' -Async @c } }
    ) {
        $id = New-TestId
        $folder = Join-Path $TestDrive "timeout-$id"
        $common = @{ ApiKey = (New-TestApiKey); BaseUri = (Get-TestBaseUri "firstbyte=3000,id=$id"); TimeoutSec = 1; ErrorAction = 'Continue' }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        # Invoke-QwenRerank ends on a failed call (a ranking needs every call's scores); the others write the error.
        $all = @(try { & $Call $common $folder 2>&1 } catch { $_ })
        $watch.Stop()
        $failures = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        $failures.Count | Should -BeGreaterThan 0
        foreach ($failure in $failures) {
            $failure.FullyQualifiedErrorId | Should -BeLike 'DashScope.Timeout*'
            $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2.5
        if (Test-Path -LiteralPath $folder) { @(Get-ChildItem -LiteralPath $folder -Recurse -Force -File) | Should -BeNullOrEmpty }
    }

    It '-IdleTimeoutSec 1 with gap=2500 is DashScope.Timeout with the partial text' {
        $id = New-TestId
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $split = Split-StreamOutput @(Invoke-QwenChat 'x' -Stream -IdleTimeoutSec 1 -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "gap=2500,id=$id") -ErrorVariable failures -ErrorAction SilentlyContinue)
        $watch.Stop()
        $split.Records.Count | Should -Be 1
        $split.Results | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Timeout*'
        $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failures[0].TargetObject | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $failures[0].TargetObject.Text | Should -BeExactly $split.Records[0].Text
        $failures[0].TargetObject.Completed | Should -BeFalse
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2.4
        @(Get-TestServerRequestList $id).Count | Should -Be 1
    }
}

Describe 'Configuration' {
    It 'refuses to send the key over plain http to another host (DashScope.Configuration) before sending' {
        { Invoke-QwenChat 'x' -ApiKey (New-TestApiKey) -BaseUri 'http://example.invalid/api/v1' } |
            Should -Throw -ErrorId 'DashScope.Configuration*'
        try {
            Invoke-QwenChat 'x' -ApiKey (New-TestApiKey) -BaseUri 'http://example.invalid/api/v1'
        }
        catch {
            $_.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $_.Exception.Message | Should -Match 'AllowUnencryptedAuthentication'
        }
    }

    It 'with -AllowUnencryptedAuthentication it tries, and fails with DashScope.Network' {
        $output = Invoke-QwenChat 'x' -AllowUnencryptedAuthentication -MaximumRetryCount 0 -ApiKey (New-TestApiKey) -BaseUri 'http://example.invalid/api/v1' -ErrorVariable failures -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.Network*'
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $failures[0].Exception.Message | Should -Match 'example\.invalid'
    }
}

Describe '-ErrorAction Stop' {
    It 'turns a service error into an exception that carries the service code' {
        { Invoke-QwenChat 'x' -ApiKey 'sk-invalid' -BaseUri (Get-TestBaseUri "id=$(New-TestId)") -ErrorAction Stop } |
            Should -Throw -ErrorId 'DashScope.InvalidApiKey*' -ExceptionType ([DashScope.DashScopeException])
        $reached = $false
        try {
            Invoke-QwenChat 'x' -ApiKey 'sk-invalid' -BaseUri (Get-TestBaseUri "id=$(New-TestId)") -ErrorAction Stop
            $reached = $true
        }
        catch [DashScope.DashScopeException] {
            $_.Exception.Code | Should -Be 'InvalidApiKey'
        }
        $reached | Should -BeFalse
    }

    It 'turns a broken stream into an exception after the records already written' {
        $records = [System.Collections.Generic.List[object]]::new()
        $caught = $null
        try {
            Invoke-QwenChat 'x' -Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "error=2,id=$(New-TestId)") -ErrorAction Stop | ForEach-Object { $records.Add($_) }
        }
        catch {
            $caught = $_
        }
        $records.Count | Should -Be 2
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'DashScope.InternalError*'
        $caught.TargetObject.Text | Should -BeExactly (-join $records.Text)
    }
}
