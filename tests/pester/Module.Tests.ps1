BeforeAll {
    $script:Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:Manifest = Join-Path $Root 'DashScope.psd1'
}

Describe 'The module manifest and the built layout' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $Manifest
        $info.Name | Should -Be 'DashScope'
        $info.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $info.PowerShellVersion | Should -Be ([version] '5.1')
    }

    It 'exports exactly the listed cmdlets from a fresh pwsh' {
        $json = & dotnet tool run pwsh -NoProfile -NonInteractive -Command "Import-Module '$Manifest'; (Get-Module DashScope).ExportedCmdlets.Keys | Sort-Object | ConvertTo-Json -Compress"
        $LASTEXITCODE | Should -Be 0
        $exported = $json | ConvertFrom-Json
        $declared = (Import-PowerShellDataFile $Manifest).CmdletsToExport | Sort-Object
        $exported | Should -Be $declared
    }

    It 'takes its assembly versions from the manifest (the one place the version lives)' {
        $manifestVersion = (Import-PowerShellDataFile $Manifest).ModuleVersion
        foreach ($dll in 'DashScope', 'DashScope.Core') {
            $assembly = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $Root "bin/$dll.dll"))
            $assembly.Version.ToString(3) | Should -Be $manifestVersion
        }
    }

    It 'is two netstandard2.0 assemblies, the core without any PowerShell reference' {
        foreach ($dll in 'DashScope', 'DashScope.Core') {
            $bytes = [System.IO.File]::ReadAllBytes((Join-Path $Root "bin/$dll.dll"))
            [System.Text.Encoding]::ASCII.GetString($bytes) | Should -Match '\.NETStandard,Version=v2\.0'
        }
        $core = [System.Reflection.Assembly]::LoadFrom((Join-Path $Root 'bin/DashScope.Core.dll'))
        $core.GetReferencedAssemblies().Name | Should -Not -Contain 'System.Management.Automation'
        $cmdlets = [System.Reflection.Assembly]::LoadFrom((Join-Path $Root 'bin/DashScope.dll'))
        $cmdlets.GetReferencedAssemblies().Name | Should -Contain 'DashScope.Core'
    }

    It 'ships the System.Text.Json dependency DLLs that Windows PowerShell needs' {
        foreach ($dll in 'System.Text.Json', 'System.Text.Encodings.Web', 'Microsoft.Bcl.AsyncInterfaces', 'System.Memory',
            'System.Buffers', 'System.Numerics.Vectors', 'System.Runtime.CompilerServices.Unsafe', 'System.Threading.Tasks.Extensions') {
            Join-Path $Root "bin/$dll.dll" | Should -Exist
        }
        Join-Path $Root 'bin/System.Management.Automation.dll' | Should -Not -Exist
    }
}
