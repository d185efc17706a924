# Every help example of every exported cmdlet runs against the test server (issue: help that works).
BeforeDiscovery {
    $manifestPath = Join-Path $PSScriptRoot '../../DashScope.psd1'
    $script:Commands = (Import-PowerShellDataFile $manifestPath).CmdletsToExport | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:Fixtures = Join-Path $TestDrive 'fixtures'
    & (Join-Path $PSScriptRoot 'Examples/New-ExampleFixtures.ps1') -Path $Fixtures
    $script:BaseUri = Get-TestBaseUri
}

Describe 'Help examples of <Name>' -ForEach $Commands {
    BeforeAll {
        $lines = & $Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Examples/Invoke-HelpExamples.ps1') `
            -Manifest $Manifest -CommandName $Name -Fixtures $Fixtures -BaseUri $BaseUri 2>&1
        $script:Results = @($lines | Where-Object { $_ -is [string] -and $_.StartsWith('{') } | ForEach-Object { $_ | ConvertFrom-Json })
        $script:Output = $lines | Out-String
    }

    It 'has at least three examples' {
        $Results.Count | Should -BeGreaterOrEqual 3 -Because $Output
    }

    It 'runs every example without an error' {
        $failed = $Results | Where-Object { -not $_.Passed } | ForEach-Object { "Example $($_.Index): $($_.Code)`n    -> $($_.Error)" }
        $failed | Should -BeNullOrEmpty -Because ($failed -join "`n")
    }
}
