#requires -Version 7.4
<#
.SYNOPSIS
    Generates the module's MAML help (en-US/DashScope.dll-Help.xml) from the cmdlets' XML documentation comments.
.DESCRIPTION
    Imports the module manifest in this pwsh, reads the compiler's XML documentation files (bin/DashScope.xml, bin/DashScope.Core.xml)
    and writes one MAML command entry per exported cmdlet:

      synopsis         the cmdlet class's <summary>
      description      the class's <remarks>, one paragraph per <para>
      examples         each <example>: <code> is the command, <para> the explanation; titled "Example N"
      parameters       from the command metadata (sets, type, position, mandatory, pipeline input, aliases),
                       described by the property's <summary> on the type that declares it (so base-class
                       parameters are documented once); defaults are read from a fresh instance of the cmdlet
      inputs           the parameters that take pipeline input
      outputs          the [OutputType] types, described by their own <summary>
      related links    the other exported cmdlets and about_DashScope

    Common parameters are not listed (Get-Help adds them). The output is deterministic (sorted, UTF-8 without
    BOM, LF line ends), so a test can regenerate it and compare it with the committed file.
    A missing synopsis, description, example or parameter description is reported as a warning.
.EXAMPLE
    dotnet tool run pwsh -NoProfile -File tools/New-MamlHelp.ps1
.EXAMPLE
    dotnet tool run pwsh -NoProfile -File tools/New-MamlHelp.ps1 -OutFile out/DashScope.dll-Help.xml
#>
[CmdletBinding()]
param(
    # The module manifest to import.
    [string] $ManifestPath = (Join-Path $PSScriptRoot '../DashScope.psd1'),

    # The XML documentation files the compiler writes beside the module DLLs (the cmdlets' and the core's, whose
    # result types the cmdlets' outputs describe).
    [string[]] $XmlDocPath = @((Join-Path $PSScriptRoot '../bin/DashScope.xml'), (Join-Path $PSScriptRoot '../bin/DashScope.Core.xml')),

    # Where to write the MAML file.
    [string] $OutFile = (Join-Path $PSScriptRoot '../en-US/DashScope.dll-Help.xml'),

    # The about topic linked from every cmdlet.
    [string] $AboutTopic = 'about_DashScope'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$Invariant = [System.Globalization.CultureInfo]::InvariantCulture
$CommonParameters = [System.Collections.Generic.HashSet[string]]::new(
    [string[]] ([System.Management.Automation.Cmdlet]::CommonParameters), [StringComparer]::OrdinalIgnoreCase)
# -WhatIf and -Confirm are listed (with the usual text) when a cmdlet supports ShouldProcess.
$ShouldProcessText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$script:Problems = [System.Collections.Generic.List[string]]::new()

#region XML documentation → plain text

function Get-DocMember([string] $Id) {
    # The <member name="Id"> element, or $null.
    $script:XmlDoc.SelectSingleNode("/doc/members/member[@name='$Id']")
}

function Get-DocId([type] $Type) {
    # Documentation ids use '.' for nested types where reflection uses '+'.
    $Type.FullName.Replace('+', '.')
}

function ConvertTo-InlineText([System.Xml.XmlNode] $Node) {
    # Text of inline content: <c>, <see cref/langword>, <paramref>/<typeparamref> become plain words.
    $text = [System.Text.StringBuilder]::new()
    foreach ($child in $Node.ChildNodes) {
        switch ($child.NodeType) {
            'Text' { [void] $text.Append($child.Value) }
            'CDATA' { [void] $text.Append($child.Value) }
            'SignificantWhitespace' { [void] $text.Append(' ') }
            'Whitespace' { [void] $text.Append(' ') }
            'Element' {
                switch ($child.LocalName) {
                    'see' {
                        if ($child.HasAttribute('langword')) { [void] $text.Append($child.GetAttribute('langword')) }
                        elseif ($child.InnerText) { [void] $text.Append($child.InnerText) }
                        elseif ($child.HasAttribute('href')) { [void] $text.Append($child.GetAttribute('href')) }
                        elseif ($child.HasAttribute('cref')) {
                            # T:DashScope.Models.QwenChatResult -> QwenChatResult; M:X.Y(System.Int32) -> Y
                            $cref = $child.GetAttribute('cref') -replace '^[A-Z]:', '' -replace '\(.*$', '' -replace '`+\d+', ''
                            [void] $text.Append(($cref -split '\.')[-1])
                        }
                    }
                    { $_ -in 'paramref', 'typeparamref' } { [void] $text.Append($child.GetAttribute('name')) }
                    default { [void] $text.Append((ConvertTo-InlineText $child)) }
                }
            }
        }
    }
    ($text.ToString() -replace '\s+', ' ').Trim()
}

function ConvertTo-CodeText([System.Xml.XmlNode] $Node) {
    # A <code> block: line breaks kept, the common indentation removed, blank edges trimmed.
    $lines = @(($Node.InnerText -replace "`r`n?", "`n").Split("`n") | ForEach-Object { $_.TrimEnd() })
    $first = 0; $last = $lines.Count - 1
    while ($first -le $last -and -not $lines[$first]) { $first++ }
    while ($last -ge $first -and -not $lines[$last]) { $last-- }
    if ($first -gt $last) { return '' }
    $lines = $lines[$first..$last]
    $indent = ($lines | Where-Object { $_ } | ForEach-Object { $_.Length - $_.TrimStart().Length } | Measure-Object -Minimum).Minimum
    ($lines | ForEach-Object { if ($_.Length -ge $indent) { $_.Substring($indent) } else { $_ } }) -join "`n"
}

function ConvertTo-Paragraphs([System.Xml.XmlNode] $Node) {
    # Block content as paragraphs: each <para> is one, loose text between blocks is one, a <list> becomes
    # one paragraph per item ("- term: description"), a <code> block one paragraph with its lines kept.
    if ($null -eq $Node) { return @() }
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $loose = [System.Xml.XmlDocument]::new().CreateElement('loose')
    $flush = {
        $text = ConvertTo-InlineText $loose
        if ($text) { $paragraphs.Add($text) }
        $loose.RemoveAll()
    }
    foreach ($child in @($Node.ChildNodes)) {
        if ($child.NodeType -eq 'Element' -and $child.LocalName -in 'para', 'list', 'code') {
            & $flush
            switch ($child.LocalName) {
                'para' { foreach ($p in ConvertTo-Paragraphs $child) { $paragraphs.Add($p) } }
                'code' { $code = ConvertTo-CodeText $child; if ($code) { $paragraphs.Add($code) } }
                'list' {
                    $number = 0
                    foreach ($item in $child.SelectNodes('item')) {
                        $number++
                        $term = $item.SelectSingleNode('term')
                        $description = $item.SelectSingleNode('description')
                        $text = if ($term -and $description) { (ConvertTo-InlineText $term) + ': ' + (ConvertTo-InlineText $description) }
                        elseif ($description) { ConvertTo-InlineText $description }
                        else { ConvertTo-InlineText $item }
                        $prefix = if ($child.GetAttribute('type') -eq 'number') { "$number. " } else { '- ' }
                        if ($text) { $paragraphs.Add($prefix + $text) }
                    }
                }
            }
        }
        else {
            [void] $loose.AppendChild($loose.OwnerDocument.ImportNode($child, $true))
        }
    }
    & $flush
    , $paragraphs.ToArray()
}

function Get-TypeSummary([type] $Type) {
    $member = Get-DocMember "T:$(Get-DocId $Type)"
    if ($member) { (ConvertTo-Paragraphs $member.SelectSingleNode('summary')) -join ' ' } else { '' }
}

function Get-ParameterDescription([type] $CmdletType, [string] $Name) {
    # The <summary> of the property on the type that declares it (a base class for inherited parameters).
    $property = $CmdletType.GetProperties() | Where-Object Name -CEQ $Name | Select-Object -First 1
    if (-not $property) { return , @() }   # a dynamic parameter: no property to document it
    for ($type = $property.DeclaringType; $type -and $type -ne [object]; $type = $type.BaseType) {
        $member = Get-DocMember "P:$(Get-DocId $type).$Name"
        if ($member -and $member.SelectSingleNode('summary')) { return , @(ConvertTo-Paragraphs $member.SelectSingleNode('summary')) }
        if (-not $type.GetProperty($Name, [System.Reflection.BindingFlags] 'Public, Instance, DeclaredOnly')) { continue }
        if (-not $member -or -not $member.SelectSingleNode('inheritdoc')) { break }
    }
    , @()
}

#endregion

#region Command metadata

function Get-ShortTypeName([type] $Type) {
    # The name shown in syntax: Nullable<T> as T, arrays as T[], generics without the `1 suffix.
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return Get-ShortTypeName $underlying }
    if ($Type.IsArray) { return (Get-ShortTypeName $Type.GetElementType()) + '[]' }
    $Type.Name -replace '`\d+$', ''
}

function Get-FullTypeName([type] $Type) {
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return Get-FullTypeName $underlying }
    if ($Type.IsArray) { return (Get-FullTypeName $Type.GetElementType()) + '[]' }
    $Type.FullName -replace '`\d+\[.*$', ''
}

function Get-PossibleValues([System.Management.Automation.ParameterMetadata] $Parameter) {
    $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($set) { return , @($set.ValidValues) }
    $type = $Parameter.ParameterType
    if ($type.IsArray) { $type = $type.GetElementType() }
    $underlying = [Nullable]::GetUnderlyingType($type)
    if ($underlying) { $type = $underlying }
    if ($type.IsEnum) { return , @([Enum]::GetNames($type)) }
    , @()
}

function Format-DefaultValue($Value) {
    if ($null -eq $Value) { return 'None' }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return $Value.IsPresent.ToString() }
    if ($Value -is [string]) { if ($Value) { return $Value } else { return 'None' } }
    if ($Value -is [System.Collections.IEnumerable]) {
        $items = @($Value | ForEach-Object { [string]::Format($Invariant, '{0}', $_) })
        if ($items.Count) { return $items -join ', ' } else { return 'None' }
    }
    [string]::Format($Invariant, '{0}', $Value)
}

function Get-DefaultValues([type] $CmdletType) {
    # Property values of a fresh instance: the defaults a call gets when the parameter is not given.
    $values = @{}
    $instance = $null
    try {
        $instance = [Activator]::CreateInstance($CmdletType)
        foreach ($property in $CmdletType.GetProperties()) {
            if ($property.CanRead -and $property.GetIndexParameters().Count -eq 0 -and -not $values.ContainsKey($property.Name)) {
                try { $values[$property.Name] = Format-DefaultValue $property.GetValue($instance) } catch { Write-Verbose "No default for $($property.Name): $_" }
            }
        }
    }
    catch {
        Write-Verbose "Could not create $($CmdletType.FullName) to read defaults: $_"
    }
    finally {
        if ($instance -is [IDisposable]) { $instance.Dispose() }
    }
    $values
}

function Get-PipelineText([bool] $ByValue, [bool] $ByPropertyName) {
    if ($ByValue -and $ByPropertyName) { 'True (ByPropertyName, ByValue)' }
    elseif ($ByValue) { 'True (ByValue)' }
    elseif ($ByPropertyName) { 'True (ByPropertyName)' }
    else { 'False' }
}

function Get-CommandModel([System.Management.Automation.CmdletInfo] $Command) {
    # Everything the MAML needs about one cmdlet, as plain data.
    $type = $Command.ImplementingType
    $classDoc = Get-DocMember "T:$(Get-DocId $type)"
    $synopsis = if ($classDoc) { (ConvertTo-Paragraphs $classDoc.SelectSingleNode('summary')) -join ' ' } else { '' }
    $description = if ($classDoc) { ConvertTo-Paragraphs $classDoc.SelectSingleNode('remarks') } else { @() }
    $examples = @(if ($classDoc) {
            foreach ($example in $classDoc.SelectNodes('example')) {
                $codeNode = $example.SelectSingleNode('code')
                $explanation = $example.CloneNode($true)
                foreach ($code in @($explanation.SelectNodes('code'))) { [void] $explanation.RemoveChild($code) }
                [pscustomobject]@{
                    Code    = if ($codeNode) { ConvertTo-CodeText $codeNode } else { '' }
                    Remarks = @(ConvertTo-Paragraphs $explanation)
                }
            }
        })

    if (-not $synopsis) { $script:Problems.Add("$($Command.Name): no synopsis (<summary> on $($type.FullName))") }
    if (-not $description) { $script:Problems.Add("$($Command.Name): no description (<remarks> on $($type.FullName))") }
    if ($examples.Count -eq 0) { $script:Problems.Add("$($Command.Name): no examples (<example> on $($type.FullName))") }
    foreach ($example in $examples) { if (-not $example.Code) { $script:Problems.Add("$($Command.Name): an example without <code>") } }

    $defaults = Get-DefaultValues $type
    $shouldProcess = $Command.Parameters.ContainsKey('WhatIf')

    # Parameter sets: the default first, then by name.
    $sets = @($Command.ParameterSets | Sort-Object { -not $_.IsDefault }, { $_.Name } -Culture ([cultureinfo]::InvariantCulture))
    $declared = @($Command.Parameters.Keys)   # declaration order (derived class first, then base)
    $isListed = { param($name) -not $CommonParameters.Contains($name) -or ($shouldProcess -and $name -in 'WhatIf', 'Confirm') }

    $parameters = [ordered]@{}
    $syntax = foreach ($set in $sets) {
        $inSet = @($set.Parameters | Where-Object { & $isListed $_.Name })
        # Positional by position, then mandatory, then the rest, each in declaration order.
        $ordered = $inSet | Sort-Object `
        @{ Expression = { if ($_.Position -ge 0) { 0 } elseif ($_.IsMandatory) { 1 } else { 2 } } },
        @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { 0 } } },
        @{ Expression = { [array]::IndexOf($declared, $_.Name) } }
        $items = foreach ($p in $ordered) {
            if (-not $parameters.Contains($p.Name)) { $parameters[$p.Name] = [System.Collections.Generic.List[object]]::new() }
            $parameters[$p.Name].Add($p)
            [pscustomobject]@{ Name = $p.Name; Info = $p }
        }
        [pscustomobject]@{ Name = $set.Name; Parameters = @($items) }
    }

    # The parameter list: positional by position, then in declaration order.
    $listOrder = @($parameters.Keys | Sort-Object `
        @{ Expression = { $p = @($parameters[$_] | Where-Object Position -GE 0 | ForEach-Object Position | Sort-Object); if ($p) { $p[0] } else { [int]::MaxValue } } },
        @{ Expression = { [array]::IndexOf($declared, $_) } })
    $parameterModels = foreach ($name in $listOrder) {
        $infos = $parameters[$name]
        $metadata = $Command.Parameters[$name]
        $positions = @($infos | ForEach-Object Position | Sort-Object -Unique)
        $text = if ($ShouldProcessText.ContainsKey($name) -and $shouldProcess) { , @($ShouldProcessText[$name]) } else { Get-ParameterDescription $type $name }
        if (-not $text -or ($text -join ' ').Trim() -eq $name) { $script:Problems.Add("$($Command.Name): parameter -$name is not described") }
        [pscustomobject]@{
            Name           = $name
            Description    = @($text)
            Type           = $metadata.ParameterType
            IsSwitch       = $metadata.SwitchParameter
            Required       = -not ($infos | Where-Object { -not $_.IsMandatory })
            Position       = if ($positions.Count -eq 1 -and $positions[0] -ge 0) { [string] $positions[0] } else { 'named' }
            PipelineInput  = Get-PipelineText ([bool] ($infos | Where-Object ValueFromPipeline)) ([bool] ($infos | Where-Object ValueFromPipelineByPropertyName))
            Aliases        = if ($metadata.Aliases.Count) { $metadata.Aliases -join ', ' } else { 'None' }
            Globbing       = [bool] ($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            Default        = if ($defaults.ContainsKey($name)) { $defaults[$name] } else { 'None' }
            PossibleValues = Get-PossibleValues $metadata
        }
    }

    # Inputs: what the pipeline can bind.
    $inputs = @(foreach ($p in $parameterModels) {
            if ($p.PipelineInput -eq 'False') { continue }
            # Not $description: the loop runs in this scope and would overwrite the command's description.
            $inputText = if ($p.PipelineInput -match 'ByValue') { @("-$($p.Name) takes this from the pipeline.") + @($p.Description) } else {
                $names = @($p.Name) + @($Command.Parameters[$p.Name].Aliases)
                @("The value of a property named $($names -join ', ' -replace ', ([^,]+)$', ' or $1') of piped objects is bound to -$($p.Name).")
            }
            [pscustomobject]@{ Type = Get-FullTypeName $p.Type; Description = $inputText }
        })
    if ($inputs.Count -eq 0) { $inputs = @([pscustomobject]@{ Type = 'None'; Description = @('You cannot pipe objects to this cmdlet.') }) }

    # Outputs: the declared [OutputType]s.
    $outputs = @(foreach ($output in $type.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true)) {
            foreach ($name in $output.Type) {
                $outType = $name.Type
                if ($outType -eq [void]) { [pscustomobject]@{ Type = 'None'; Description = @('This cmdlet returns no output.') }; continue }
                $text = if ($outType) { Get-TypeSummary $outType } else { '' }
                [pscustomobject]@{ Type = if ($outType) { Get-FullTypeName $outType } else { $name.Name }; Description = @($text | Where-Object { $_ }) }
            }
        })
    if ($outputs.Count -eq 0) { $script:Problems.Add("$($Command.Name): no [OutputType] on $($type.FullName)") }

    [pscustomobject]@{
        Name        = $Command.Name
        Verb        = $Command.Verb
        Noun        = $Command.Noun
        Synopsis    = $synopsis
        Description = @($description)
        Syntax      = @($syntax)
        Parameters  = @($parameterModels)
        Inputs      = $inputs
        Outputs     = $outputs
        Examples    = $examples
    }
}

#endregion

#region MAML writer

function Write-Paras([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $any = $false
    foreach ($para in $Paragraphs) {
        if (-not $para) { continue }
        $Writer.WriteElementString('maml', 'para', $NsMaml, $para)
        $any = $true
    }
    if (-not $any) { $Writer.WriteElementString('maml', 'para', $NsMaml, '') }
}

function Write-Description([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $NsMaml)
    Write-Paras $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-Parameter([System.Xml.XmlWriter] $Writer, $Parameter, $Info, [bool] $InSyntax) {
    $required = if ($InSyntax) { $Info.IsMandatory } else { $Parameter.Required }
    $position = if ($InSyntax) { if ($Info.Position -ge 0) { [string] $Info.Position } else { 'named' } } else { $Parameter.Position }
    $pipeline = if ($InSyntax) { Get-PipelineText $Info.ValueFromPipeline $Info.ValueFromPipelineByPropertyName } else { $Parameter.PipelineInput }
    $Writer.WriteStartElement('command', 'parameter', $NsCommand)
    $Writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Parameter.Type.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Parameter.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $pipeline)
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $Parameter.Aliases)
    $Writer.WriteElementString('maml', 'name', $NsMaml, $Parameter.Name)
    Write-Description $Writer $Parameter.Description
    if ($Parameter.PossibleValues.Count -gt 0) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $NsCommand)
        foreach ($value in $Parameter.PossibleValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $Parameter.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
        $Writer.WriteAttributeString('required', (-not $Parameter.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', $Parameter.Type.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString((Get-ShortTypeName $Parameter.Type))
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $NsDev)
    $Writer.WriteElementString('maml', 'name', $NsMaml, (Get-FullTypeName $Parameter.Type))
    $Writer.WriteElementString('maml', 'uri', $NsMaml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $NsDev, $Parameter.Default)
    $Writer.WriteEndElement()
}

function Write-TypeList([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Items) {
    $Writer.WriteStartElement('command', $ListName, $NsCommand)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $ItemName, $NsCommand)
        $Writer.WriteStartElement('dev', 'type', $NsDev)
        $Writer.WriteElementString('maml', 'name', $NsMaml, $item.Type)
        $Writer.WriteEndElement()
        Write-Description $Writer $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Command([System.Xml.XmlWriter] $Writer, $Model, [string[]] $RelatedLinks) {
    $Writer.WriteStartElement('command', 'command', $NsCommand)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $NsMaml)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $NsCommand)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $NsDev)

    $Writer.WriteStartElement('command', 'details', $NsCommand)
    $Writer.WriteElementString('command', 'name', $NsCommand, $Model.Name)
    $Writer.WriteElementString('command', 'verb', $NsCommand, $Model.Verb)
    $Writer.WriteElementString('command', 'noun', $NsCommand, $Model.Noun)
    Write-Description $Writer @($Model.Synopsis)
    $Writer.WriteEndElement()

    Write-Description $Writer $Model.Description

    $Writer.WriteStartElement('command', 'syntax', $NsCommand)
    foreach ($set in $Model.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $NsCommand)
        $Writer.WriteElementString('maml', 'name', $NsMaml, $Model.Name)
        foreach ($item in $set.Parameters) {
            $parameter = $Model.Parameters | Where-Object Name -CEQ $item.Name
            Write-Parameter $Writer $parameter $item.Info $true
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $NsCommand)
    foreach ($parameter in $Model.Parameters) { Write-Parameter $Writer $parameter $null $false }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Model.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Model.Outputs

    $Writer.WriteStartElement('command', 'examples', $NsCommand)
    $number = 0
    foreach ($example in $Model.Examples) {
        $number++
        $Writer.WriteStartElement('command', 'example', $NsCommand)
        $Writer.WriteElementString('maml', 'title', $NsMaml, "-------------------------- Example $number --------------------------")
        $Writer.WriteElementString('dev', 'code', $NsDev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $NsDev)
        # The empty paragraph at the end separates the examples when Get-Help shows them.
        Write-Paras $Writer $example.Remarks
        $Writer.WriteElementString('maml', 'para', $NsMaml, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $NsCommand)
    foreach ($link in $RelatedLinks) {
        $Writer.WriteStartElement('maml', 'navigationLink', $NsMaml)
        $Writer.WriteElementString('maml', 'linkText', $NsMaml, $link)
        $Writer.WriteElementString('maml', 'uri', $NsMaml, '')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

$ManifestPath = (Resolve-Path -LiteralPath $ManifestPath).ProviderPath
$XmlDocPath = @($XmlDocPath | ForEach-Object { (Resolve-Path -LiteralPath $_).ProviderPath })
$OutFile = [System.IO.Path]::GetFullPath($OutFile, (Get-Location).ProviderPath)

$module = Import-Module -Name $ManifestPath -PassThru -ErrorAction Stop | Select-Object -First 1
$script:XmlDoc = [System.Xml.XmlDocument]::new()
$script:XmlDoc.Load($XmlDocPath[0])
foreach ($more in $XmlDocPath | Select-Object -Skip 1) {
    # One document: the other files' members join the first's.
    $other = [System.Xml.XmlDocument]::new()
    $other.Load($more)
    $members = $script:XmlDoc.SelectSingleNode('/doc/members')
    foreach ($member in $other.SelectNodes('/doc/members/member')) { [void] $members.AppendChild($script:XmlDoc.ImportNode($member, $true)) }
}

$names = @($module.ExportedCmdlets.Keys | Sort-Object -Culture ([cultureinfo]::InvariantCulture))
if ($names.Count -eq 0) { throw "The module $($module.Name) exports no cmdlets." }
$models = foreach ($name in $names) { Get-CommandModel $module.ExportedCmdlets[$name] }

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.NewLineChars = "`n"
$settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
$buffer = [System.IO.MemoryStream]::new()
$writer = [System.Xml.XmlWriter]::Create($buffer, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($model in $models) {
        $links = @($names | Where-Object { $_ -ne $model.Name }) + $AboutTopic
        Write-Command $writer $model $links
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
$bytes = $buffer.ToArray() + [byte[]] @(10)
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $OutFile) | Out-Null
[System.IO.File]::WriteAllBytes($OutFile, $bytes)

foreach ($problem in $script:Problems) { Write-Warning $problem }
Write-Host "Wrote $OutFile ($($names.Count) cmdlets$(if ($script:Problems.Count) { ", $($script:Problems.Count) documentation gaps" }))"
