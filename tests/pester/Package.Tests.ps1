BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:Manifest = Join-Path $Root 'DashScope.psd1'
    $script:PackageDirectory = Join-Path $TestDrive 'package'
    & dotnet tool run pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/New-ModulePackage.ps1') -OutputDirectory $PackageDirectory | Out-Null
    $script:Package = Get-ChildItem -Path $PackageDirectory -Filter 'DashScope.*.nupkg' | Select-Object -First 1
    Add-Type -AssemblyName System.IO.Compression.FileSystem
}

Describe 'The Gallery package' {
    It 'is produced by Publish-PSResource with the manifest version' {
        $Package | Should -Not -BeNullOrEmpty
        $version = (Import-PowerShellDataFile $Manifest).ModuleVersion
        $Package.Name | Should -Be "DashScope.$version.nupkg"
    }

    It 'holds the module and nothing from tests, tools or the build' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try {
            $entries = $zip.Entries.FullName | Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|DashScope\.nuspec$)' }
        }
        finally {
            $zip.Dispose()
        }
        foreach ($required in 'DashScope.psd1', 'DashScope.Format.ps1xml', 'DashScope.Types.ps1xml', 'LICENSE', 'README.md', 'bin/DashScope.dll', 'bin/DashScope.Core.dll',
            'bin/System.Text.Json.dll', 'en-US/DashScope.dll-Help.xml', 'en-US/about_DashScope.help.txt') {
            $entries | Should -Contain $required
        }
        $entries | Where-Object { $_ -match '(^tests/|^tools/|^src/|^bench/|build\.ps1$|\.pdb$|\.cs$|\.csproj$|\.slnx$|dotnet-tools\.json$|\.ci/)' } | Should -BeNullOrEmpty
        $entries | Where-Object { $_ -match '/(obj|out)/' } | Should -BeNullOrEmpty
    }

    It 'carries the Gallery metadata in its nuspec' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try {
            $reader = [System.IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'DashScope.nuspec').Open())
            [xml] $nuspec = $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally {
            $zip.Dispose()
        }
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'DashScope'
        $metadata.tags | Should -Match 'Qwen'
        $metadata.tags | Should -Match 'PSEdition_Core'
        $metadata.projectUrl | Should -Not -BeNullOrEmpty
        $metadata.releaseNotes | Should -Not -BeNullOrEmpty
        ($metadata.licenseUrl + $metadata.license.'#text') | Should -Not -BeNullOrEmpty
    }

    It 'installs with Install-PSResource into a clean profile and chats against the test server' {
        $profileHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Path $profileHome | Out-Null
        $baseUri = Get-TestBaseUri
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name LocalDashScope -Uri '$PackageDirectory' -Trusted
Install-PSResource -Name DashScope -Repository LocalDashScope -Scope CurrentUser -TrustRepository -Quiet
Import-Module DashScope
`$module = Get-Module DashScope
`$answer = Invoke-QwenChat 'installed from the package' -ApiKey 'sk-package-test' -BaseUri '$baseUri'
[pscustomobject]@{ Base = `$module.ModuleBase; Version = `$module.Version.ToString(); Text = `$answer.Text } | ConvertTo-Json -Compress
"@
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        # The child gets a fresh profile: its own HOME, data folders and module path.
        $saved = @{}
        $isolated = @{
            HOME = $profileHome; XDG_DATA_HOME = Join-Path $profileHome '.local/share'
            XDG_CONFIG_HOME = Join-Path $profileHome '.config'; XDG_CACHE_HOME = Join-Path $profileHome '.cache'; PSModulePath = $null
        }
        foreach ($name in $isolated.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $isolated[$name])
        }
        Push-Location $profileHome
        try {
            $output = & $pwsh -NoProfile -NonInteractive -Command $script
            $exitCode = $LASTEXITCODE
        }
        finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $exitCode | Should -Be 0
        $result = $output | Select-Object -Last 1 | ConvertFrom-Json
        $result.Base | Should -BeLike "$profileHome*"
        $result.Version | Should -Be (Import-PowerShellDataFile $Manifest).ModuleVersion
        $result.Text | Should -Match 'installed from the package'
    }
}
