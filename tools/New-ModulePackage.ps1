<#
.SYNOPSIS
    Packs the built module as a PowerShell Gallery style .nupkg.
.DESCRIPTION
    Stages only what a user needs (manifest, format file, DLLs, en-US help, licence, README) into a clean
    module folder, then publishes it with Publish-PSResource to a temporary local repository; the .nupkg
    lands in -OutputDirectory. Nothing from tests, tools or the build machine goes in.
#>
[CmdletBinding()]
param(
    [string] $OutputDirectory = (Join-Path $PSScriptRoot '../out/package')
)

$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
$manifest = Test-ModuleManifest -Path (Join-Path $root 'DashScope.psd1')

$OutputDirectory = [IO.Path]::GetFullPath($OutputDirectory)
$work = Join-Path ([IO.Path]::GetTempPath()) ('dashscope-package-' + [guid]::NewGuid().ToString('n'))
$module = New-Item -ItemType Directory -Path (Join-Path $work 'DashScope')
$repository = New-Item -ItemType Directory -Path (Join-Path $work 'repository')
$repositoryName = 'DashScopeBuild-' + [guid]::NewGuid().ToString('n').Substring(0, 8)

try {
    Copy-Item -Path (Join-Path $root 'DashScope.psd1'), (Join-Path $root 'DashScope.Format.ps1xml'), (Join-Path $root 'DashScope.Types.ps1xml'),
        (Join-Path $root 'LICENSE'), (Join-Path $root 'README.md') -Destination $module
    $bin = New-Item -ItemType Directory -Path (Join-Path $module 'bin')
    Copy-Item -Path (Join-Path $root 'bin/*.dll') -Destination $bin
    Copy-Item -Path (Join-Path $root 'en-US') -Destination $module -Recurse

    Register-PSResourceRepository -Name $repositoryName -Uri $repository.FullName -Trusted -Force
    Publish-PSResource -Path $module.FullName -Repository $repositoryName
    $package = Get-ChildItem -Path $repository -Filter '*.nupkg' | Select-Object -First 1
    if (-not $package) { throw 'Publish-PSResource wrote no package.' }

    New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
    $destination = Join-Path $OutputDirectory $package.Name
    Copy-Item -Path $package.FullName -Destination $destination -Force
    Write-Host "Packed DashScope $($manifest.Version) into $destination"
    Get-Item $destination
}
finally {
    Unregister-PSResourceRepository -Name $repositoryName -ErrorAction SilentlyContinue
    Remove-Item -Path $work -Recurse -Force -ErrorAction SilentlyContinue
}
