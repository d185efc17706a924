BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = Join-Path $PSScriptRoot '../../DashScope.psd1'
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

    # The test server also acts as a plain HTTP proxy: a request for http://dashscope.invalid/... only
    # arrives there when it went through the proxy (the host does not exist).
    function Invoke-ChildChat([string] $Id, [string] $Arguments, [hashtable] $Environment = @{}) {
        $script = "Import-Module '$Manifest'; `$r = Invoke-QwenChat 'through a proxy' -ApiKey 'sk-proxy-test' -BaseUri 'http://dashscope.invalid/x/id%3D$Id/api/v1' -AllowUnencryptedAuthentication -MaximumRetryCount 0 $Arguments -ErrorAction Stop; `$r.Text"
        $saved = @{}
        foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $Environment[$name])
        }
        try {
            $output = & $Pwsh -NoProfile -NonInteractive -Command $script 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}

Describe 'Proxies' {
    It 'sends through -Proxy' {
        $id = New-TestId
        $run = Invoke-ChildChat -Id $id -Arguments "-Proxy '$(Get-TestServerAddress)'"
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'through a proxy'
        $request = @(Get-TestServerRequests $id)[0]
        $request.Headers.host | Should -Be 'dashscope.invalid'
    }

    It 'honours the proxy environment variables by default' {
        $id = New-TestId
        $run = Invoke-ChildChat -Id $id -Arguments '' -Environment @{ HTTP_PROXY = (Get-TestServerAddress) }
        $run.ExitCode | Should -Be 0
        @(Get-TestServerRequests $id).Count | Should -Be 1
    }

    It 'ignores them with -NoProxy' {
        $id = New-TestId
        $run = Invoke-ChildChat -Id $id -Arguments '-NoProxy' -Environment @{ HTTP_PROXY = (Get-TestServerAddress) }
        $run.ExitCode | Should -Not -Be 0
        $run.Output | Should -Match 'Could not reach DashScope'
        @(Get-TestServerRequests $id).Count | Should -Be 0
    }

    It 'carries the service calls of <Name> through -Proxy' -TestCases @(
        @{ Name = 'Get-QwenEmbedding'; Call = { param($c) 'a', 'b' | Get-QwenEmbedding @c } }
        @{ Name = 'Invoke-QwenRerank'; Call = { param($c) 'a', 'b' | Invoke-QwenRerank -Query 'q' @c } }
        @{ Name = 'Measure-QwenToken'; Call = { param($c) Measure-QwenToken 'hello' @c } }
        @{ Name = 'ConvertTo-QwenSpeech'; Call = { param($c, $folder) ConvertTo-QwenSpeech 'x' -OutputFolder $folder @c } }
        @{ Name = 'New-QwenImage (both families)'; Call = { param($c, $folder) New-QwenImage 'x' -OutputFolder $folder @c; New-QwenImage 'y' -Model wan2.2-t2i-flash -OutputFolder $folder -PollIntervalSec 0.05 @c } }
        @{ Name = 'New-QwenVideo, Get-QwenTask'; Call = { param($c, $folder) New-QwenVideo 'x' -OutputFolder $folder -PollIntervalSec 0.05 @c; Get-QwenTask @c } }
        @{ Name = 'ConvertFrom-QwenAudio -Async'; Call = { param($c) ConvertFrom-QwenAudio 'https://x/a.wav' -Async -PollIntervalSec 0.05 @c } }
    ) {
        Import-Module $Manifest
        $id = New-TestId
        $folder = Join-Path $TestDrive "proxy-$id"
        $common = @{ ApiKey = 'sk-proxy-test'; BaseUri = "http://dashscope.invalid/x/id%3D$id/api/v1"; AllowUnencryptedAuthentication = $true; Proxy = (Get-TestServerAddress); MaximumRetryCount = 0 }
        $output = @(& $Call $common $folder)
        $output.Count | Should -BeGreaterThan 0
        # Result files come from the storage host the answer names (here the server's own loopback address).
        $calls = @(Get-TestServerRequests $id | Where-Object { $_ -and $_.Path -notlike '/_results/*' })
        $calls.Count | Should -BeGreaterThan 0
        foreach ($call in $calls) { $call.Headers.host | Should -Be 'dashscope.invalid' -Because $call.Path }
    }
}
