# Connection settings and secrets as a user meets them: Connect/Get/Disconnect-DashScope, where the key
# comes from and in which order, endpoints (base URI, region, DASHSCOPE_HTTP_BASE_URL), workspace, and
# the key never showing up in verbose output, errors, objects or what the server logs.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')

    $script:SavedEnvironment = @{}
    $script:ManagedVariables = 'DASHSCOPE_API_KEY', 'DASHSCOPE_API_KEY_FILE_PATH', 'DASHSCOPE_HTTP_BASE_URL'
    foreach ($name in $ManagedVariables) { $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }

    function Reset-TestEnvironment {
        # No key or endpoint from the environment or the session unless a test sets one.
        Disconnect-DashScope
        foreach ($name in $ManagedVariables) { [Environment]::SetEnvironmentVariable($name, $null) }
    }

    function Get-AuthorizationSeen([string] $Id) {
        # The redacted Authorization header of each request the server got for id=$Id.
        foreach ($request in (Get-TestServerRequestList $Id)) { $request.Headers.authorization }
    }

    function Get-RedactedForm([string] $Key) {
        # How the test server logs a key: its length and last two characters.
        "Bearer <$($Key.Length) chars, ends $($Key.Substring($Key.Length - 2))>"
    }
}

AfterAll {
    Disconnect-DashScope
    foreach ($name in $ManagedVariables) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
}

Describe 'Secrets stay secret' {
    BeforeEach { Reset-TestEnvironment }

    It '-Verbose shows POST, the URL, the HTTP status, the request id and a timing, never the key' {
        $id = New-TestId
        $key = New-TestApiKey 'VERBOSEKEY'
        $uri = Get-TestBaseUri "id=$id"
        $all = @(Invoke-QwenChat 'x' -ApiKey $key -BaseUri $uri -Verbose 4>&1)
        $result = @($all | Where-Object { $_ -is [DashScope.Models.QwenChatResult] })
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)

        $result.Count | Should -Be 1
        $verbose.Count | Should -BeGreaterThan 1
        $text = $verbose -join "`n"
        $endpoint = [regex]::Escape(([uri] "$uri/services/aigc/text-generation/generation").AbsoluteUri)
        $text | Should -Match "POST $endpoint"
        $text | Should -Match 'HTTP 200'
        $text | Should -Match ([regex]::Escape($result[0].RequestId))
        $text | Should -Match '\d+ ?ms'
        $text | Should -Not -Match ([regex]::Escape($key))
        $text | Should -Not -Match ([regex]::Escape($key.Substring(8)))
    }

    It '-Verbose of a stream never shows the key either' {
        $key = New-TestApiKey 'VERBOSESTREAM'
        $all = @(Invoke-QwenChat 'x' -Stream -ApiKey $key -BaseUri (Get-TestBaseUri "id=$(New-TestId)") -Verbose 4>&1)
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
        $verbose | Should -Match 'POST '
        $verbose | Should -Not -Match ([regex]::Escape($key))
    }

    It 'never shows the key in errors ($Error | Out-String, Format-List *)' {
        $key = New-TestApiKey 'ERRORKEY'
        $Error.Clear()
        $failing = @(
            @{ BaseUri = Get-TestBaseUri "throttle=5,id=$(New-TestId)"; MaximumRetryCount = 0 }
            @{ BaseUri = Get-TestBaseUri "fail=500:5,id=$(New-TestId)"; MaximumRetryCount = 0 }
            @{ BaseUri = Get-TestBaseUri "scenario=parameter-error-nosse,id=$(New-TestId)" }
            @{ BaseUri = Get-TestBaseUri "drop=2,gap=50,id=$(New-TestId)"; Stream = $true }
            @{ BaseUri = Get-TestBaseUri "malformed=1,id=$(New-TestId)"; Stream = $true }
            @{ BaseUri = Get-TestBaseUri "firstbyte=2000,id=$(New-TestId)"; TimeoutSec = 1 }
            @{ BaseUri = 'http://example.invalid/api/v1'; AllowUnencryptedAuthentication = $true; MaximumRetryCount = 0 }
        )
        foreach ($parameters in $failing) {
            $null = Invoke-QwenChat 'x' -ApiKey $key @parameters -RetryIntervalSec 0 -Verbose -ErrorAction SilentlyContinue 4>$null
        }
        try { Invoke-QwenChat 'x' -ApiKey $key -BaseUri 'http://example.invalid/api/v1' } catch { }
        $Error.Count | Should -BeGreaterOrEqual $failing.Count

        $shown = ($Error | Out-String -Width 4096) + ($Error | Format-List * -Force | Out-String -Width 4096) +
            ($Error | ForEach-Object { $_.Exception | Format-List * -Force | Out-String -Width 4096 }) +
            ($Error | ForEach-Object { $_.Exception.ToString() }) +
            ($Error | ForEach-Object { if ($_.TargetObject) { $_.TargetObject | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue } })
        $shown | Should -Not -Match ([regex]::Escape($key))
        $shown | Should -Not -Match ([regex]::Escape($key.Substring(8)))
    }

    It 'never shows the key in the results, verbose lines or errors of the other families' {
        $key = New-TestApiKey 'FAMILYKEY'
        $folder = Join-Path $TestDrive 'family-secrets'
        $calls = @(
            { param($c) 'a', 'b' | Get-QwenEmbedding @c }
            { param($c) 'a', 'b' | Invoke-QwenRerank -Query 'q' @c }
            { param($c) Measure-QwenToken 'hello' @c }
            { param($c) ConvertTo-QwenSpeech 'x' -OutputFolder $folder -Force @c }
            { param($c) New-QwenImage 'x' -OutputFolder $folder -Force @c }
            { param($c) New-QwenImage 'x' -Model wan2.2-t2i-flash -NoWait @c | Wait-QwenTask -PollIntervalSec 0.05 @c }
            { param($c) New-QwenVideo 'x' -PollIntervalSec 0.05 @c }
            { param($c) ConvertFrom-QwenAudio 'https://x/a.wav' -Async -PollIntervalSec 0.05 @c }
            { param($c) Get-QwenTask @c }
        )
        $shown = [System.Text.StringBuilder]::new()
        foreach ($options in '', 'fail=500:9', 'firstbyte=2000') {
            foreach ($call in $calls) {
                $id = New-TestId
                $common = @{ ApiKey = $key; BaseUri = (Get-TestBaseUri "$(if ($options) { "$options," })id=$id"); MaximumRetryCount = 0; TimeoutSec = 1; Verbose = $true; ErrorAction = 'Continue' }
                $all = @(try { & $call $common 2>&1 4>&1 } catch { $_ })
                $all.Count | Should -BeGreaterThan 0
                foreach ($item in $all) {
                    $null = $shown.AppendLine(($item | Out-String -Width 4096)).AppendLine(($item | Format-List * -Force | Out-String -Width 4096))
                    if ($item -is [System.Management.Automation.ErrorRecord]) {
                        $null = $shown.AppendLine($item.Exception.ToString()).AppendLine(($item.Exception | Format-List * -Force | Out-String -Width 4096))
                        if ($item.TargetObject) { $null = $shown.AppendLine(($item.TargetObject | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue)) }
                    }
                    elseif ($item -isnot [System.Management.Automation.VerboseRecord]) {
                        $null = $shown.AppendLine(($item | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue))
                    }
                }
            }
        }
        $text = $shown.ToString()
        $text | Should -Match 'DashScope.Timeout|did not finish' -Because 'the timeouts are among what was shown'
        $text | Should -Match 'POST ' -Because 'the verbose lines are among what was shown'
        $text | Should -Not -Match ([regex]::Escape($key))
        $text | Should -Not -Match ([regex]::Escape($key.Substring(8)))
    }

    It 'never shows the key in Get-DashScopeConnection, Connect-DashScope -PassThru or the result object' {
        $key = New-TestApiKey 'OBJECTKEY'
        $id = New-TestId
        $info = Connect-DashScope -ApiKey $key -BaseUri (Get-TestBaseUri "id=$id") -PassThru
        $result = Invoke-QwenChat 'x'
        $stream = @(Invoke-QwenChat 'x' -Stream)

        $shown = (Get-DashScopeConnection | Out-String) + (Get-DashScopeConnection | Format-List * -Force | Out-String) +
            (Get-DashScopeConnection | ConvertTo-Json) + ($info | ConvertTo-Json) + (Get-DashScopeConnection).ToString() +
            ($result | ConvertTo-Json -Depth 10) + ($result | Format-List * -Force | Out-String) + ($result | Out-String) +
            ($stream | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue) + ($stream | Out-String)
        $shown | Should -Not -Match ([regex]::Escape($key))
        $shown | Should -Not -Match ([regex]::Escape($key.Substring(8)))
    }

    It 'sends the key only as the Authorization header (the server log shows it redacted, nowhere else)' {
        $key = New-TestApiKey 'WIREKEY'
        $id = New-TestId
        $null = Invoke-QwenChat 'x' -ApiKey $key -BaseUri (Get-TestBaseUri "id=$id")
        $null = Invoke-QwenChat 'y' -Stream -ApiKey $key -BaseUri (Get-TestBaseUri "id=$id")
        @(Get-AuthorizationSeen $id) | Should -Be @((Get-RedactedForm $key), (Get-RedactedForm $key))
        $log = Get-TestServerRequests $id | ConvertTo-Json -Depth 10
        $log | Should -Not -Match ([regex]::Escape($key))
        $log | Should -Not -Match ([regex]::Escape($key.Substring(8)))
    }
}

Describe 'Connect-DashScope, Get-DashScopeConnection, Disconnect-DashScope' {
    BeforeEach { Reset-TestEnvironment }
    AfterEach { Reset-TestEnvironment }

    It 'Connect-DashScope -ApiKey -BaseUri sets session defaults that later calls use' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $key = New-TestApiKey 'session'
        Connect-DashScope -ApiKey $key -BaseUri $uri

        $connection = Get-DashScopeConnection
        $connection.ApiKeySource | Should -Be 'Connect-DashScope'
        $connection.HasApiKey | Should -BeTrue
        $connection.Connected | Should -BeTrue
        $connection.BaseUri.AbsoluteUri | Should -Be (([uri] $uri).AbsoluteUri + '/')

        $result = Invoke-QwenChat 'no key needed'
        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'no key needed')
        @(Get-AuthorizationSeen $id) | Should -Be @(Get-RedactedForm $key)
    }

    It 'Disconnect-DashScope clears the session defaults' {
        $id = New-TestId
        Connect-DashScope -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id") -Workspace 'ws-1'
        Disconnect-DashScope

        $connection = Get-DashScopeConnection
        $connection.ApiKeySource | Should -Not -Be 'Connect-DashScope'
        $connection.Connected | Should -BeFalse
        $connection.Workspace | Should -BeNullOrEmpty
        $connection.BaseUri.AbsoluteUri | Should -Be 'https://dashscope.aliyuncs.com/api/v1/'

        $env:DASHSCOPE_API_KEY = New-TestApiKey 'env'
        (Get-DashScopeConnection).ApiKeySource | Should -Be '$env:DASHSCOPE_API_KEY'
    }

    It 'uses the key in the precedence -ApiKey, then Connect-DashScope, then $env:DASHSCOPE_API_KEY, then the key file' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        # Different lengths and endings, so the server's redacted log tells them apart.
        $fileKey = 'sk-test-file-key-F4'
        $envKey = 'sk-test-environment-key-E1'
        $sessionKey = 'sk-test-session-default-key-C2'
        $parameterKey = 'sk-test-the-parameter-key-wins-P3'
        $keyFile = Join-Path ([System.IO.Path]::GetTempPath()) ("dashscope-key-$id.txt")
        Set-Content -LiteralPath $keyFile -Value $fileKey -NoNewline
        try {
            $env:DASHSCOPE_API_KEY_FILE_PATH = $keyFile
            $env:DASHSCOPE_API_KEY = $envKey
            Connect-DashScope -ApiKey $sessionKey -BaseUri $uri

            $null = Invoke-QwenChat 'parameter' -ApiKey $parameterKey
            $null = Invoke-QwenChat 'session'
            (Get-DashScopeConnection).ApiKeySource | Should -Be 'Connect-DashScope'
            Disconnect-DashScope
            (Get-DashScopeConnection).ApiKeySource | Should -Be '$env:DASHSCOPE_API_KEY'
            $null = Invoke-QwenChat 'environment' -BaseUri $uri
            Remove-Item Env:DASHSCOPE_API_KEY
            (Get-DashScopeConnection).ApiKeySource | Should -BeLike '*DASHSCOPE_API_KEY_FILE_PATH*'
            $null = Invoke-QwenChat 'file' -BaseUri $uri
        }
        finally {
            Remove-Item -LiteralPath $keyFile -Force
        }

        @(Get-AuthorizationSeen $id) | Should -Be @(
            (Get-RedactedForm $parameterKey), (Get-RedactedForm $sessionKey), (Get-RedactedForm $envKey), (Get-RedactedForm $fileKey))
    }

    It 'reads ~/.dashscope/api_key when nothing else gives a key' {
        $id = New-TestId
        $savedHome = $env:HOME
        $savedProfile = $env:USERPROFILE
        $fakeHome = Join-Path ([System.IO.Path]::GetTempPath()) ("dashscope-home-$id")
        New-Item -ItemType Directory -Path (Join-Path $fakeHome '.dashscope') -Force | Out-Null
        $homeKey = 'sk-test-home-file-H5'
        Set-Content -LiteralPath (Join-Path $fakeHome '.dashscope/api_key') -Value "$homeKey`n"
        try {
            $env:HOME = $fakeHome
            $env:USERPROFILE = $fakeHome
            (Get-DashScopeConnection).ApiKeySource | Should -Be '~/.dashscope/api_key'
            $null = Invoke-QwenChat 'home' -BaseUri (Get-TestBaseUri "id=$id")
        }
        finally {
            $env:HOME = $savedHome
            $env:USERPROFILE = $savedProfile
            Remove-Item -LiteralPath $fakeHome -Recurse -Force
        }
        @(Get-AuthorizationSeen $id) | Should -Be @(Get-RedactedForm $homeKey)
    }

    It 'accepts a plain string and a SecureString for -ApiKey' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $plain = 'sk-test-plain-string-key-S1'
        $secure = ConvertTo-SecureString 'sk-test-secure-string-key-longer-S2' -AsPlainText -Force
        $first = Invoke-QwenChat 'plain' -ApiKey $plain -BaseUri $uri
        $second = Invoke-QwenChat 'secure' -ApiKey $secure -BaseUri $uri
        $first.Text | Should -BeExactly (Get-TestExpectedAnswer 'plain')
        $second.Text | Should -BeExactly (Get-TestExpectedAnswer 'secure')
        @(Get-AuthorizationSeen $id) | Should -Be @((Get-RedactedForm $plain), 'Bearer <35 chars, ends S2>')
    }

    It 'Connect-DashScope -Region <Region> resolves <Expected>' -TestCases @(
        @{ Region = 'Singapore'; Expected = 'https://dashscope-intl.aliyuncs.com/api/v1/' }
        @{ Region = 'Beijing'; Expected = 'https://dashscope.aliyuncs.com/api/v1/' }
        @{ Region = 'US'; Expected = 'https://dashscope-us.aliyuncs.com/api/v1/' }
        @{ Region = 'HongKong'; Expected = 'https://cn-hongkong.dashscope.aliyuncs.com/api/v1/' }
    ) {
        Connect-DashScope -Region $Region -ApiKey (New-TestApiKey)
        (Get-DashScopeConnection).BaseUri.AbsoluteUri | Should -Be $Expected
        (Get-DashScopeConnection).Connected | Should -BeTrue
    }

    It 'honours $env:DASHSCOPE_HTTP_BASE_URL, and -BaseUri beats it' {
        $id = New-TestId
        $otherId = New-TestId
        $env:DASHSCOPE_HTTP_BASE_URL = Get-TestBaseUri "id=$id"
        (Get-DashScopeConnection).BaseUri.AbsoluteUri | Should -Be (([uri] $env:DASHSCOPE_HTTP_BASE_URL).AbsoluteUri + '/')

        $result = Invoke-QwenChat 'from the environment' -ApiKey (New-TestApiKey)
        $result.Text | Should -BeExactly (Get-TestExpectedAnswer 'from the environment')
        @(Get-TestServerRequestList $id).Count | Should -Be 1

        $null = Invoke-QwenChat 'explicit' -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$otherId")
        @(Get-TestServerRequestList $id).Count | Should -Be 1
        @(Get-TestServerRequestList $otherId).Count | Should -Be 1
    }

    It 'Connect-DashScope -BaseUri beats $env:DASHSCOPE_HTTP_BASE_URL' {
        $id = New-TestId
        $envId = New-TestId
        $env:DASHSCOPE_HTTP_BASE_URL = Get-TestBaseUri "id=$envId"
        Connect-DashScope -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id")
        $null = Invoke-QwenChat 'session wins'
        @(Get-TestServerRequestList $id).Count | Should -Be 1
        @(Get-TestServerRequestList $envId).Count | Should -Be 0
    }

    It '-Workspace sends X-DashScope-WorkSpace; without it no such header is sent' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $null = Invoke-QwenChat 'with' -Workspace 'ws-1234' -ApiKey (New-TestApiKey) -BaseUri $uri
        $null = Invoke-QwenChat 'without' -ApiKey (New-TestApiKey) -BaseUri $uri
        $requests = @(Get-TestServerRequestList $id)
        $requests[0].Headers.'x-dashscope-workspace' | Should -Be 'ws-1234'
        $requests[1].Headers.PSObject.Properties['x-dashscope-workspace'] | Should -BeNullOrEmpty
    }

    It 'Connect-DashScope -Workspace applies to later calls and shows in Get-DashScopeConnection' {
        $id = New-TestId
        Connect-DashScope -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id") -Workspace 'ws-session'
        (Get-DashScopeConnection).Workspace | Should -Be 'ws-session'
        $null = Invoke-QwenChat 'x' -Stream
        $null = Invoke-QwenChat 'y' -Workspace 'ws-call'
        $requests = @(Get-TestServerRequestList $id)
        $requests[0].Headers.'x-dashscope-workspace' | Should -Be 'ws-session'
        $requests[1].Headers.'x-dashscope-workspace' | Should -Be 'ws-call'
    }
}

Describe '-Header' {
    BeforeAll {
        $script:Extra = @{ 'X-DashScope-DataInspection' = '{"input":"cip","output":"cip"}'; 'X-Test-Tag' = 'tag-1' }
        $script:Upload = Join-Path $TestDrive 'notes.txt'
        Set-Content -LiteralPath $Upload -Value 'notes' -Encoding utf8
    }

    It 'is a parameter of every cmdlet that calls the service' {
        $calling = @(Get-Command -Module DashScope | Where-Object { $_.Parameters.ContainsKey('ApiKey') -and $_.Name -ne 'Connect-DashScope' })
        $calling.Count | Should -BeGreaterOrEqual 9
        foreach ($command in $calling) { $command.Parameters.Keys | Should -Contain 'Header' -Because $command.Name }
    }

    It 'goes on every request of <Name>' -TestCases @(
        @{ Name = 'Invoke-QwenChat'; Call = { param($c) Invoke-QwenChat 'hi' @c } }
        @{ Name = 'Invoke-QwenChat -Stream'; Call = { param($c) Invoke-QwenChat 'hi' -Stream @c } }
        @{ Name = 'Invoke-QwenChat with a tool round'; Call = { param($c) Invoke-QwenChat 'Drives?' -Tool (Get-Command Get-Date) -InvokeTool Auto @c } ; Options = 'toolcall=Get-Date' }
        @{ Name = 'Invoke-QwenVision'; Call = { param($c) Invoke-QwenVision 'https://x/a.png' -Prompt 'what?' @c } }
        @{ Name = 'ConvertFrom-QwenAudio'; Call = { param($c) ConvertFrom-QwenAudio 'https://x/a.wav' @c } }
        @{ Name = 'Get-QwenOcr'; Call = { param($c) Get-QwenOcr 'https://x/a.png' @c } }
        @{ Name = 'Add-QwenFile, Get-QwenFile, Remove-QwenFile'; Call = { param($c) Add-QwenFile $Upload @c | Remove-QwenFile -Confirm:$false @c; Get-QwenFile @c } }
        @{ Name = 'Invoke-QwenApplication'; Call = { param($c) Invoke-QwenApplication -AppId 'helpdesk' 'hi' @c; Invoke-QwenApplication -AppId 'helpdesk' 'hi' -Stream @c } }
        @{ Name = 'Measure-QwenToken'; Call = { param($c) 'hi' | Measure-QwenToken @c } }
        @{ Name = 'Get-QwenEmbedding, Invoke-QwenRerank'; Call = { param($c) 'a', 'b' | Get-QwenEmbedding @c; 'a', 'b' | Invoke-QwenRerank -Query 'q' @c } }
        @{ Name = 'New-QwenImage, Get-QwenTask, Wait-QwenTask, Stop-QwenTask'; Call = {
                param($c)
                New-QwenImage 'x' -OutputFolder (Join-Path $TestDrive 'header-pictures') -Force @c
                $task = New-QwenImage 'x' -Model wan2.2-t2i-flash -NoWait @c
                $task | Get-QwenTask @c
                $task | Wait-QwenTask -PollIntervalSec 0.1 @c
                New-QwenImage 'y' -Model wan2.2-t2i-flash -NoWait @c | Stop-QwenTask -Confirm:$false @c
                Get-QwenTask @c } }
        @{ Name = 'New-QwenVideo'; Call = { param($c) New-QwenVideo 'x' -PollIntervalSec 0.1 @c } }
        @{ Name = 'ConvertTo-QwenSpeech'; Call = { param($c) ConvertTo-QwenSpeech 'x' -OutputFolder (Join-Path $TestDrive 'header-speech') @c; ConvertTo-QwenSpeech 'y' -Stream -OutputFolder (Join-Path $TestDrive 'header-speech') @c } }
        @{ Name = 'ConvertFrom-QwenAudio -Async'; Call = { param($c) ConvertFrom-QwenAudio 'https://x/a.wav' -Async -PollIntervalSec 0.1 @c } }
    ) {
        $id = New-TestId
        $options = if ($Options) { "$Options,id=$id" } else { "id=$id" }
        $common = @{ ApiKey = (New-TestApiKey); BaseUri = (Get-TestBaseUri $options); Header = $Extra }
        $null = & $Call $common
        # Result files are fetched from storage hosts, not the service: neither the key nor these headers go there.
        $requests = @(Get-TestServerRequestList $id | Where-Object Path -NotLike '/_results/*')
        $requests.Count | Should -BeGreaterThan 0
        foreach ($request in $requests) {
            $request.Headers.'x-dashscope-datainspection' | Should -Be '{"input":"cip","output":"cip"}' -Because "$($request.Method) $($request.Path)"
            $request.Headers.'x-test-tag' | Should -Be 'tag-1'
        }
    }

    It 'refuses <Header> on <Command> with a clear error before anything is sent' -TestCases @(
        @{ Header = 'Authorization'; Command = 'Invoke-QwenChat'; Arguments = @('hi'); Reason = 'sends the key itself' }
        @{ Header = 'content-type'; Command = 'Invoke-QwenChat'; Arguments = @('hi'); Reason = 'sets it from the request' }
        @{ Header = 'Authorization'; Command = 'Get-QwenFile'; Arguments = @(); Reason = 'sends the key itself' }
        @{ Header = 'Content-Type'; Command = 'Get-QwenOcr'; Arguments = @('https://x/a.png'); Reason = 'sets it from the request' }
    ) {
        $id = New-TestId
        $failure = { & $Command @Arguments -Header @{ $Header = 'x' } -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id") } |
            Should -Throw -PassThru -ErrorId "DashScope.InvalidInput,DashScope.Cmdlets.$($Command.Replace('-', ''))Command"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match "-Header cannot set $Header"
        $failure.Exception.Message | Should -Match $Reason
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }

    It 'refuses a value with a line break, which would start another header' {
        $id = New-TestId
        { Invoke-QwenChat 'hi' -Header @{ 'X-A' = "a`r`nX-Injected: b" } -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id") } |
            Should -Throw -ErrorId 'DashScope.InvalidInput,DashScope.Cmdlets.InvokeQwenChatCommand'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }
}

