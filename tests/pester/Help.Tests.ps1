BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    # One set of cases per cmdlet in the manifest, so a new cmdlet is covered without touching this file.
    $cmdletCases = @((Import-PowerShellDataFile (Join-Path $root 'DashScope.psd1')).CmdletsToExport | ForEach-Object { @{ Name = $_ } })

    $skipped = 'bin', 'obj', 'out', '.git'
    $scriptCases = @(Get-ChildItem -Path $root -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' | ForEach-Object {
            $relative = [System.IO.Path]::GetRelativePath($root, $_.FullName)
            $segments = $relative.Split([char[]] @([System.IO.Path]::DirectorySeparatorChar, [System.IO.Path]::AltDirectorySeparatorChar))
            if (-not ($segments | Where-Object { $_ -in $skipped })) { @{ Path = $_.FullName; Relative = $relative.Replace('\', '/') } }
        } | Sort-Object { $_.Relative })
}

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $script:Manifest = Join-Path $Root 'DashScope.psd1'
    $script:CommittedMaml = Join-Path $Root 'en-US/DashScope.dll-Help.xml'
    $script:AboutFile = Join-Path $Root 'en-US/about_DashScope.help.txt'

    # What Get-Help shows for each cmdlet, read in a fresh pwsh that imports the built module.
    $probe = Join-Path $TestDrive 'help-probe.ps1'
    Set-Content -Path $probe -Encoding utf8 -Value @'
param([string] $Manifest)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$common = [System.Management.Automation.Cmdlet]::CommonParameters
function Join-Text($Items) { (@($Items | ForEach-Object { $_.Text }) | Where-Object { $_ }) -join "`n" }
$cmdlets = foreach ($name in (Import-PowerShellDataFile $Manifest).CmdletsToExport) {
    $command = Get-Command -Name $name -CommandType Cmdlet
    $help = Get-Help -Name $name -Full
    $helpParameters = @($help.parameters.parameter | Where-Object { $_ })
    [ordered]@{
        Name         = $name
        HelpFile     = $command.HelpFile
        Synopsis     = [string] $help.Synopsis
        Description  = Join-Text $help.description
        Parameters   = @(foreach ($parameter in $command.Parameters.Values) {
                if ($common -contains $parameter.Name) { continue }
                $described = $helpParameters | Where-Object { $_.name -eq $parameter.Name } | Select-Object -First 1
                [ordered]@{ Name = $parameter.Name; Description = if ($described) { Join-Text $described.description } else { '' } }
            })
        KnownNames   = @($command.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
        Examples     = @(foreach ($example in @($help.examples.example | Where-Object { $_ })) {
                [ordered]@{ Code = [string] $example.code; Remarks = Join-Text $example.remarks }
            })
        OutputTypes  = @($command.ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true) |
                ForEach-Object { $_.Type } | ForEach-Object { $_.Name })
    }
}
$about = Get-Help -Name about_DashScope -ErrorAction SilentlyContinue
[ordered]@{ Cmdlets = @($cmdlets); About = [string] ($about | Out-String); AboutSynopsis = [string] $about.Synopsis } | ConvertTo-Json -Depth 6 -Compress
'@
    $output = & dotnet tool run pwsh -NoProfile -NonInteractive -Command "& '$probe' -Manifest '$Manifest'"
    if ($LASTEXITCODE) { throw "The help probe failed (exit code $LASTEXITCODE): $output" }
    $script:Help = $output | Select-Object -Last 1 | ConvertFrom-Json
    $script:Exported = @($Help.Cmdlets.Name)

    function Get-CmdletHelp([string] $Name) {
        $found = $script:Help.Cmdlets | Where-Object Name -EQ $Name
        if (-not $found) { throw "No help was read for $Name." }
        $found
    }
}

Describe '<Name> help' -ForEach $cmdletCases {
    BeforeAll {
        $CmdletHelp = Get-CmdletHelp $Name
    }

    It 'comes from the MAML file in en-US' {
        # Get-Help falls back to the generated syntax when the MAML is missing or not where pwsh looks (<ModuleBase>/en-US).
        Split-Path -Leaf $CmdletHelp.HelpFile | Should -Be 'DashScope.dll-Help.xml'
        if ([System.IO.Path]::IsPathRooted($CmdletHelp.HelpFile)) { $CmdletHelp.HelpFile | Should -Be $CommittedMaml }
    }

    It 'has a synopsis, not the generated syntax' {
        $synopsis = $CmdletHelp.Synopsis.Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)" -Because 'Get-Help shows the syntax as synopsis when the cmdlet has no help'
        $synopsis | Should -Not -Match '\r|\n' -Because 'a synopsis is one line'
    }

    It 'has a description' {
        $CmdletHelp.Description.Trim().Length | Should -BeGreaterThan 80
        $CmdletHelp.Description.Trim() | Should -Not -Be $CmdletHelp.Synopsis.Trim()
        # The description is the class's <remarks>, not the text of the Inputs section.
        $CmdletHelp.Description.Trim() | Should -Not -Match '^(-\w+ takes this from the pipeline|The value of a property named)'
    }

    It 'describes every parameter (common parameters aside)' {
        $undescribed = @($CmdletHelp.Parameters | Where-Object { -not $_.Description.Trim() -or $_.Description.Trim() -eq $_.Name } | ForEach-Object Name)
        $undescribed | Should -BeNullOrEmpty -Because 'each parameter needs a /// <summary> on its property, and the MAML must be regenerated (./build.ps1 -Task Help)'
    }

    It 'has at least three examples, each with an explanation' {
        $CmdletHelp.Examples.Count | Should -BeGreaterOrEqual 3
        foreach ($example in $CmdletHelp.Examples) {
            $example.Code.Trim() | Should -Not -BeNullOrEmpty
            $example.Remarks.Trim() | Should -Not -BeNullOrEmpty -Because "the example '$($example.Code)' needs a <para> explaining it"
        }
    }

    It 'has examples that are valid PowerShell and use only real parameters of DashScope cmdlets' {
        foreach ($example in $CmdletHelp.Examples) {
            $tokens = $null
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.Code, [ref] $tokens, [ref] $errors)
            $errors | ForEach-Object Message | Should -BeNullOrEmpty -Because "'$($example.Code)' must parse"

            $calls = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true) |
                Where-Object { $_.GetCommandName() -in $Exported }
            foreach ($call in $calls) {
                $known = (Get-CmdletHelp $call.GetCommandName()).KnownNames
                foreach ($parameter in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    $known | Should -Contain $parameter.ParameterName -Because "'$($example.Code)' uses -$($parameter.ParameterName) of $($call.GetCommandName())"
                }
            }
        }
    }

    It 'declares [OutputType] on the cmdlet class' {
        $CmdletHelp.OutputTypes | Should -Not -BeNullOrEmpty
    }
}

Describe 'about_DashScope' {
    It 'is a file in en-US' {
        $AboutFile | Should -Exist
    }

    It 'is found by Get-Help after Import-Module and has the usual sections' {
        $Help.About | Should -Match 'about_DashScope'
        foreach ($section in 'TOPIC', 'SHORT DESCRIPTION', 'LONG DESCRIPTION', 'SEE ALSO') {
            $Help.About | Should -Match "(?m)^\s*$section\s*$"
        }
    }

    It 'has a one-line short description that Get-Help shows as its synopsis' {
        $Help.AboutSynopsis.Trim() | Should -Not -BeNullOrEmpty
        $Help.AboutSynopsis.Trim() | Should -Match '\.$' -Because 'Get-Help takes only the first line after SHORT DESCRIPTION'
    }

    It 'mentions every exported cmdlet' {
        foreach ($name in $Exported) { $Help.About | Should -Match ([regex]::Escape($name)) }
    }
}

Describe 'The committed MAML (en-US/DashScope.dll-Help.xml)' {
    BeforeAll {
        $script:Generated = Join-Path $TestDrive 'DashScope.dll-Help.xml'
        $script:GeneratorOutput = & dotnet tool run pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/New-MamlHelp.ps1') -OutFile $Generated 2>&1
        $script:GeneratorExitCode = $LASTEXITCODE
    }

    It 'is generated by tools/New-MamlHelp.ps1 without documentation gaps' {
        $GeneratorExitCode | Should -Be 0 -Because ($GeneratorOutput -join "`n")
        $GeneratorOutput | Where-Object { "$_" -match 'WARNING' } | Should -BeNullOrEmpty
        $Generated | Should -Exist
    }

    It 'equals what tools/New-MamlHelp.ps1 generates now' {
        $CommittedMaml | Should -Exist
        # Line ends aside (a Windows checkout may turn LF into CRLF), the bytes must match.
        $committed = [System.IO.File]::ReadAllText($CommittedMaml).Replace("`r`n", "`n")
        $committed | Should -BeExactly ([System.IO.File]::ReadAllText($Generated)) `
            -Because 'the help must be regenerated after a documentation or parameter change: ./build.ps1 -Task Help'
    }

    It 'is well-formed MAML with one command per exported cmdlet' {
        [xml] $maml = Get-Content -Raw -Path $CommittedMaml
        $namespaces = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
        $namespaces.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $names = @($maml.SelectNodes('//command:command/command:details/command:name', $namespaces) | ForEach-Object InnerText)
        $names | Should -Be @($Exported | Sort-Object)
    }
}

Describe 'PowerShell files' {
    It '<Relative> parses without syntax errors' -ForEach $scriptCases {
        $tokens = $null
        $errors = $null
        [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors) | Out-Null
        $errors | ForEach-Object { "line $($_.Extent.StartLineNumber): $($_.Message)" } | Should -BeNullOrEmpty
    }
}
