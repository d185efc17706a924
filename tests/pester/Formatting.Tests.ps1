BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1') -Force
    $script:Manifest = Join-Path $PSScriptRoot '../../DashScope.psd1'
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:Key = 'sk-format-test'
}

Describe 'Console views' {
    It 'shows a result as its text and a summary line' {
        $text = Invoke-QwenChat 'show me' -ApiKey $Key -BaseUri (Get-TestBaseUri) | Out-String -Width 200
        $text | Should -Match 'You asked: “show me”'
        $text | Should -Match '── qwen-plus · stop · .*tokens'
        $text | Should -Not -Match 'History\s*:'
    }

    It 'honours Format-List and Format-Table on results' {
        $result = Invoke-QwenChat 'list me' -ApiKey $Key -BaseUri (Get-TestBaseUri)
        $list = $result | Format-List Text, FinishReason | Out-String -Width 200
        $list | Should -Match 'FinishReason : stop'
        $list | Should -Not -Match '──'
        $table = $result | Format-Table Model, FinishReason | Out-String -Width 200
        $table | Should -Match 'qwen-plus\s+stop'
        ($result | Format-List | Out-String -Width 200) | Should -Match 'RequestId\s+: \S+'
    }

    It 'keeps a stream in one view: records, then the summary line (not a property list)' {
        $script = "Import-Module '$Manifest'; Invoke-QwenChat 'flow' -Stream -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri)'"
        $output = & $Pwsh -NoProfile -NonInteractive -Command $script | Out-String
        $LASTEXITCODE | Should -Be 0
        $output | Should -Match '── qwen-plus · stop'
        $output | Should -Not -Match 'History\s*:'
        $output | Should -Not -Match 'Streamed\s*:'
        # Redirected output has one line per event, so the whole answer is there in order.
        ($output -replace '\r?\n', '') | Should -Match 'You asked: “flow”'
    }

    It 'lists every property of a streamed result on request' {
        $last = (Invoke-QwenChat 'inspect' -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri))[-1]
        $last.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenChatResult#Streamed'
        ($last | Format-List | Out-String -Width 200) | Should -Match 'Streamed\s+: True'
    }
}

Describe 'Table views' {
    It 'gives answers one row each in Format-Table' {
        $results = 'one', 'two' | Invoke-QwenChat -ApiKey 'sk-format-test' -BaseUri (Get-TestBaseUri)
        $table = $results | Format-Table | Out-String -Width 120
        $table | Should -Match 'Model\s+Finish\s+Tokens\s+Text'
        ($table -split "`n" | Where-Object { $_ -match '^qwen-plus\s+stop\s+\d+\s+This is' }).Count | Should -Be 2
    }
}

Describe 'Views of the capability objects' {
    BeforeAll {
        function Format-Checked($InputObject, [string] $As) {
            # The view as text; -DisplayError puts any error of its script blocks in the text, as #ERR.
            $text = if ($As -eq 'Table') { $InputObject | Format-Table -DisplayError | Out-String -Width 160 } else { $InputObject | Out-String -Width 160 }
            $text | Should -Not -Match '#ERR'
            $text
        }
    }

    It 'shows choices (QwenChatChoice) as index, finish reason and text' {
        $result = Invoke-QwenChat 'pick' -Choices 2 -ApiKey $Key -BaseUri (Get-TestBaseUri)
        foreach ($as in 'Table', 'Default') {
            $text = Format-Checked $result.Choices $as
            $text | Should -Match 'Index\s+Finish\s+Text'
            $text | Should -Match '(?m)^\s+0 stop\s+This is the DashScope test server'
            $text | Should -Match '(?m)^\s+1 stop\s+\(answer 2\) This is'
        }
    }

    It 'shows log-probabilities (QwenLogProbability) with probability and alternatives' {
        $result = Invoke-QwenChat 'odds' -TopLogProbabilities 2 -ApiKey $Key -BaseUri (Get-TestBaseUri)
        foreach ($as in 'Table', 'Default') {
            $text = Format-Checked ($result.LogProbabilities | Select-Object -First 3) $as
            $text | Should -Match 'Token\s+LogProbability\s+Probability\s+TopAlternatives'
            $text | Should -Match '(?m)^This\s+-?0(\.\d+)?\s+\d+(\.\d+)?%\s+This \d+%, This~1 \d+%'
        }
    }

    It 'shows code runs (QwenCodeRun) as type, code and result' {
        $result = Invoke-QwenChat 'compute' -Model qwen3-max -EnableCodeInterpreter -ApiKey $Key -BaseUri (Get-TestBaseUri)
        foreach ($as in 'Table', 'Default') {
            $text = Format-Checked $result.CodeRuns $as
            $text | Should -Match 'Type\s+Code\s+Result'
            $text | Should -Match 'code_interpreter\s+123\*\*21'
        }
    }

    It 'shows deletions (QwenFileDeletion from Remove-QwenFile -PassThru) as id and whether deleted' {
        $uri = Get-TestBaseUri "id=$(New-TestId)"
        $file = Join-Path $TestDrive 'gone.txt'
        Set-Content -LiteralPath $file -Value 'x'
        $deletion = Add-QwenFile $file -ApiKey $Key -BaseUri $uri | Remove-QwenFile -Confirm:$false -PassThru -ApiKey $Key -BaseUri $uri
        $deletion | Should -BeOfType ([DashScope.Models.QwenFileDeletion])
        foreach ($as in 'Table', 'Default') {
            $text = Format-Checked $deletion $as
            $text | Should -Match 'Id\s+Deleted'
            $text | Should -Match ([regex]::Escape($deletion.Id) + '\s+True')
        }
    }
}


Describe 'A view for every output type' {
    It 'has a format view for each type a cmdlet declares in [OutputType], and for the objects those carry' {
        $module = Get-Module DashScope
        $declared = foreach ($command in $module.ExportedCmdlets.Values) {
            foreach ($attribute in $command.ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true)) {
                $attribute.Type | ForEach-Object { $_.Type }
            }
        }
        # Objects users reach through the results' properties (Choices, Usage, ToolRuns, ...).
        $carried = [DashScope.Models.QwenChatChoice], [DashScope.Models.QwenLogProbability], [DashScope.Models.QwenCodeRun],
            [DashScope.Models.QwenUsage], [DashScope.Models.QwenSearchResult], [DashScope.Models.QwenToolRun],
            [DashScope.Models.QwenApplicationThought], [DashScope.Models.QwenDocReference], [DashScope.Models.QwenChatMessage]
        $types = @($declared) + $carried | Where-Object { $_ -and $_.Namespace -like 'DashScope*' } | Sort-Object FullName -Unique
        $types.Count | Should -BeGreaterThan 20
        $missing = $types | Where-Object { -not (Get-FormatData -TypeName $_.FullName) } | ForEach-Object FullName
        $missing | Should -BeNullOrEmpty -Because 'each object the module writes needs a view in DashScope.Format.ps1xml'
    }
}
