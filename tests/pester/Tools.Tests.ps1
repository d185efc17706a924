BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = Join-Path $PSScriptRoot '../../DashScope.psd1'
    Import-Module $Manifest -Force
    $script:Key = 'sk-tools-test'

    function ConvertTo-Base64Url([string] $Text) {
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    }
    function Get-ToolUri([string] $Id, [string] $Call, [string] $ArgumentsJson) {
        $options = "id=$Id,toolcall=$Call"
        if ($ArgumentsJson) { $options += ",toolargs=$(ConvertTo-Base64Url $ArgumentsJson)" }
        Get-TestBaseUri $options
    }
    function Get-Sent([string] $Id) { , @(Get-TestServerRequests $Id | ForEach-Object { $_.Body | ConvertFrom-Json -AsHashtable }) }
    # JSON with object keys sorted at every level, to compare bodies whatever the key order.
    function ConvertTo-CanonicalJson($Value) {
        function Sort-Node($Node) {
            if ($Node -is [System.Collections.IDictionary]) {
                $sorted = [ordered]@{}
                foreach ($key in ($Node.Keys | Sort-Object)) { $sorted[$key] = Sort-Node $Node[$key] }
                return $sorted
            }
            if ($Node -is [System.Collections.IList]) { return , @($Node | ForEach-Object { Sort-Node $_ }) }
            return $Node
        }
        ConvertTo-Json -InputObject (Sort-Node $Value) -Depth 20 -Compress
    }
    $script:WeatherSchema = @{
        type     = 'function'
        function = @{
            name        = 'get_current_weather'
            description = '获取现在的天气'
            parameters  = @{
                type       = 'object'
                properties = @{ location = @{ type = 'string'; description = '要获取天气的省市名称，例如浙江省杭州市' } }
                required   = @('location')
            }
        }
    }

    function global:Get-TestWeather {
        <#
        .SYNOPSIS
        Gets the current weather of a city.
        .PARAMETER City
        The city, e.g. Hangzhou.
        #>
        param(
            [Parameter(Mandatory)] [string] $City,
            [ValidateSet('C', 'F')] [string] $Unit = 'C'
        )
        $global:WeatherCalls++
        "Weather in ${City}: 18 $Unit"
    }
    function global:Get-Broken { param([string] $What) throw "boom: $What" }
    function global:Get-ServiceInfo {
        param([Parameter(Mandatory)] [string] $Name)
        [pscustomobject]@{ Name = $Name; Status = 'Running'; StartType = [System.ServiceProcess.ServiceStartMode]::Automatic }
    }
}

Describe 'Tool schemas generated from PowerShell commands' {
    BeforeAll {
        function Test-Schema {
            <#
            .SYNOPSIS
            Restarts the things.
            .PARAMETER Count
            How many times.
            #>
            [CmdletBinding()]
            param(
                [Parameter(Mandatory, HelpMessage = 'The computer to work on')] [string] $ComputerName,
                [ValidateSet('Fast', 'Safe')] [string] $Mode,
                [ValidateRange(1, 10)] [int] $Count,
                [switch] $Force,
                [string[]] $Tags,
                [long] $Size,
                [double] $Ratio,
                [bool] $Enabled,
                [System.DayOfWeek] $Day,
                # A comment above the parameter documents it.
                [int[]] $Ports,
                [scriptblock] $Filter
            )
        }
    }

    It 'maps types, ValidateSet, ranges, switches, arrays, Mandatory and help; common parameters are left out' {
        $tool = New-QwenTool -Command (Get-Command Test-Schema)
        $tool.Name | Should -Be 'Test-Schema'
        $tool.Description | Should -Be 'Restarts the things.'
        $p = $tool.Parameters.properties
        $p.ComputerName.type | Should -Be 'string'
        $p.ComputerName.description | Should -Be 'The computer to work on'
        $p.Mode.type | Should -Be 'string'
        $p.Mode.enum | Should -Be @('Fast', 'Safe')
        $p.Count.type | Should -Be 'integer'
        $p.Count.minimum | Should -Be 1
        $p.Count.maximum | Should -Be 10
        $p.Count.description | Should -Be 'How many times.'
        $p.Force.type | Should -Be 'boolean'
        $p.Tags.type | Should -Be 'array'
        $p.Tags.items.type | Should -Be 'string'
        $p.Size.type | Should -Be 'integer'
        $p.Ratio.type | Should -Be 'number'
        $p.Enabled.type | Should -Be 'boolean'
        $p.Day.enum | Should -Contain 'Monday'
        $p.Ports.items.type | Should -Be 'integer'
        $p.Ports.description | Should -Be 'A comment above the parameter documents it.'
        $p.Keys | Should -Not -Contain 'Filter'
        foreach ($common in 'Verbose', 'ErrorAction', 'WhatIf', 'Confirm', 'OutVariable') { $p.Keys | Should -Not -Contain $common }
        $tool.Parameters.required | Should -Be @('ComputerName')
        $json = $tool.Schema | ConvertFrom-Json
        $json.type | Should -Be 'function'
        $json.function.parameters.required | Should -Be @('ComputerName')
    }

    It 'includes and excludes parameters by name' {
        (New-QwenTool Test-Schema -IncludeParameter ComputerName, Mode).Parameters.properties.Keys | Sort-Object | Should -Be @('ComputerName', 'Mode')
        (New-QwenTool Test-Schema -ExcludeParameter Force, T*).Parameters.properties.Keys | Should -Not -Contain 'Force'
        { New-QwenTool Test-Schema -ExcludeParameter ComputerName -ErrorAction Stop } | Should -Throw -ExpectedMessage '*mandatory parameter -ComputerName*'
    }

    It 'builds tools from script blocks, hashtables and JSON' {
        $block = New-QwenTool -Name add_numbers -ScriptBlock { param([Parameter(Mandatory)][int] $A, [int] $B) $A + $B }
        $block.Parameters.properties.A.type | Should -Be 'integer'
        $block.Parameters.required | Should -Be @('A')
        $block.CanRun | Should -BeTrue
        $schema = New-QwenTool -Schema $WeatherSchema
        $schema.CanRun | Should -BeFalse
        $schema.Name | Should -Be 'get_current_weather'
        (New-QwenTool -Schema '{"name":"x","parameters":{"type":"object","properties":{}}}').Name | Should -Be 'x'
    }

    It 'keeps required written beside parameters, as the API reference shows it, inside the schema it sends' {
        $id = New-TestId
        $function = @{
            name        = 'get_current_weather'
            description = '获取现在的天气'
            parameters  = @{ type = 'object'; properties = @{ location = @{ type = 'string' } } }
            required    = @('location')
        }
        $null = Invoke-QwenChat '杭州天气？' -Tool @{ type = 'function'; function = $function } -InvokeTool None -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $null = Invoke-QwenChat '杭州天气？' -Tool ($function | ConvertTo-Json -Depth 5) -InvokeTool None -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")

        foreach ($sent in (Get-Sent $id)) {
            $tool = $sent.parameters.tools[0].function
            @($tool.Keys | Sort-Object) | Should -Be @('description', 'name', 'parameters')
            @($tool.parameters.required) | Should -Be @('location')
        }
        (New-QwenTool -Schema $function).Parameters.required | Should -Be @('location')
    }
}

Describe 'Tool calls from the recordings' {
    It 'returns the recorded non-streamed tool call and sends tools and tool_choice as recorded' {
        $id = New-TestId
        $result = Invoke-QwenChat '杭州现在的天气如何？' -Tool $WeatherSchema -ToolChoice get_current_weather -ApiKey $Key `
            -BaseUri (Get-TestBaseUri "id=$id,scenario=single-generation-message-with-tools-nosse")
        $result.ToolCalls.Count | Should -Be 1
        $result.ToolCalls[0].Name | Should -Be 'get_current_weather'
        $result.ToolCalls[0].Id | Should -Be 'call_cec4c19d27624537b583af'
        ($result.ToolCalls[0].Arguments | ConvertFrom-Json).location | Should -Be '浙江省杭州市'
        $recorded = Get-Content (Join-Path $PSScriptRoot '../recordings/single-generation-message-with-tools-nosse.request.body.json') -Raw | ConvertFrom-Json -AsHashtable
        $sent = (Get-Sent $id)[0]
        ConvertTo-CanonicalJson $sent.parameters.tools | Should -Be (ConvertTo-CanonicalJson $recorded.parameters.tools)
        ConvertTo-CanonicalJson $sent.parameters.tool_choice | Should -Be (ConvertTo-CanonicalJson $recorded.parameters.tool_choice)
    }

    It 'merges streamed parallel tool-call fragments by index' {
        $output = Invoke-QwenChat '杭州和上海现在的天气如何？' -Tool $WeatherSchema -ParallelToolCalls -Stream -ApiKey $Key `
            -BaseUri (Get-TestBaseUri 'scenario=single-generation-message-with-parallel-tools-sse')
        $result = $output[-1]
        $result.FinishReason | Should -Be 'tool_calls'
        $result.ToolCalls.Count | Should -Be 2
        $result.ToolCalls[0].Id | Should -Be 'call_29a870e7106f45deb8add3'
        $result.ToolCalls[0].Arguments | Should -Be '{"location": "浙江省杭州市"}'
        $result.ToolCalls[1].Id | Should -Be 'call_026e44bb31a74266949a20'
        $result.ToolCalls[1].Arguments | Should -Be '{"location": "上海市"}'
        $result.History[-1].ToolCalls.Count | Should -Be 2
    }

    It 'merges the multimodal parallel fragments (tail of one call and head of the next in one event)' {
        $output = Invoke-QwenChat 'story' -Model qwen3.6-plus -Tool $WeatherSchema -Stream -ApiKey $Key `
            -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-message-with-parallel-function-call-sse')
        $result = $output[-1]
        $result.ToolCalls.Arguments | Should -Be @('{"location": "浙江省杭州市"}', '{"location": "上海市"}')
        $result.ToolCalls.Name | Should -Be @('get_current_weather', 'get_current_weather')
    }

    It 'feeds tool results back exactly as the recorded request does' {
        $id = New-TestId
        $calls = [System.Collections.Generic.List[DashScope.Models.QwenToolCall]]::new()
        $calls.Add([DashScope.Models.QwenToolCall] @{ Index = 0; Id = 'call_cec4c19d27624537b583af'; Name = 'get_current_weather'; Arguments = '{"location": "浙江省杭州市"}' })
        $calls.Add([DashScope.Models.QwenToolCall] @{ Index = 1; Id = 'call_dxjdop3d27624537b583af'; Name = 'get_current_weather'; Arguments = '{"location": "上海市"}' })
        $messages = @(
            @{ role = 'user'; content = '杭州上海现在的天气如何？' }
            [DashScope.Models.QwenChatMessage] @{ Role = 'assistant'; Content = ''; ToolCalls = $calls }
            @{ role = 'tool'; content = '浙江省杭州市 大部多云，摄氏 18 度'; tool_call_id = 'call_cec4c19d27624537b583af' }
            @{ role = 'tool'; content = '上海市 多云转小雨，摄氏 19 度'; tool_call_id = 'call_dxjdop3d27624537b583af' }
        )
        $output = Invoke-QwenChat -Messages $messages -Tool $WeatherSchema -ParallelToolCalls -Seed 6999 -Stream -ApiKey $Key `
            -BaseUri (Get-TestBaseUri "id=$id,scenario=single-generation-message-with-tools-sse")
        $output[-1].Text | Should -Match '杭州'
        $recorded = Get-Content (Join-Path $PSScriptRoot '../recordings/single-generation-message-with-tools-sse.request.body.json') -Raw | ConvertFrom-Json -AsHashtable
        ConvertTo-CanonicalJson (Get-Sent $id)[0] | Should -Be (ConvertTo-CanonicalJson $recorded)
    }
}

Describe 'The tool loop with real PowerShell functions' {
    BeforeEach { $global:WeatherCalls = 0 }

    It 'runs the called function (-InvokeTool Auto) and sends its output back as a tool message' {
        $id = New-TestId
        $result = Invoke-QwenChat 'Weather in Hangzhou?' -Tool (Get-Command Get-TestWeather) -InvokeTool Auto -ApiKey $Key `
            -BaseUri (Get-ToolUri $id 'Get-TestWeather' '{"City":"Hangzhou","Unit":"F"}')
        $global:WeatherCalls | Should -Be 1
        $result.Text | Should -Be 'Tool results received: Weather in Hangzhou: 18 F'
        $result.ToolRuns.Count | Should -Be 1
        $result.ToolRuns[0].Status | Should -Be 'Ran'
        $result.ToolRuns[0].CommandLine | Should -Be "Get-TestWeather -City 'Hangzhou' -Unit 'F'"
        $result.History.Role | Should -Be @('user', 'assistant', 'tool', 'assistant')
        $sent = Get-Sent $id
        $sent.Count | Should -Be 2
        $sent[1].input.messages[2].role | Should -Be 'tool'
        $sent[1].input.messages[2].tool_call_id | Should -Be $sent[1].input.messages[1].tool_calls[0].id
        $sent[1].input.messages[1].tool_calls[0].function.name | Should -Be 'Get-TestWeather'
        $sent[0].parameters.tools[0].function.parameters.properties.Unit.enum | Should -Be @('C', 'F')
    }

    It 'streams every round and ends with the complete result' {
        $id = New-TestId
        $output = Invoke-QwenChat 'Weather?' -Tool Get-TestWeather -InvokeTool Auto -Stream -ApiKey $Key -BaseUri (Get-ToolUri $id 'Get-TestWeather' '{"City":"Lima"}')
        $final = $output[-1]
        $final.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenChatResult#Streamed'
        $final.Text | Should -Be 'Tool results received: Weather in Lima: 18 C'
        $final.ToolRuns[0].Status | Should -Be 'Ran'
        $global:WeatherCalls | Should -Be 1
    }

    It 'runs parallel calls in one round' {
        $id = New-TestId
        $result = Invoke-QwenChat 'Two cities' -Tool Get-TestWeather -InvokeTool Auto -Stream -ApiKey $Key `
            -BaseUri (Get-ToolUri $id 'Get-TestWeather+Get-TestWeather' '[{"City":"Hangzhou"},{"City":"Shanghai"}]') | Select-Object -Last 1
        $result.ToolRuns.Count | Should -Be 2
        $result.Text | Should -Be 'Tool results received: Weather in Hangzhou: 18 C | Weather in Shanghai: 18 C'
    }

    It 'serialises objects as JSON with their properties' {
        $id = New-TestId
        $result = Invoke-QwenChat 'status?' -Tool Get-ServiceInfo -InvokeTool Auto -ApiKey $Key -BaseUri (Get-ToolUri $id 'Get-ServiceInfo' '{"Name":"sshd"}')
        $json = $result.ToolRuns[0].Output | ConvertFrom-Json
        $json.Name | Should -Be 'sshd'
        $json.StartType | Should -Be 'Automatic'
    }

    It 'refuses a call naming a command that was not given in -Tool and tells the model' {
        $id = New-TestId
        $result = Invoke-QwenChat 'Delete things' -Tool Get-TestWeather -InvokeTool Auto -ApiKey $Key `
            -BaseUri (Get-ToolUri $id 'Remove-Item' '{"Path":"/tmp/x"}') -WarningVariable warnings -WarningAction SilentlyContinue
        $result.ToolRuns[0].Status | Should -Be 'Refused'
        $warnings | Should -Match 'Remove-Item'
        $sent = Get-Sent $id
        $sent[1].input.messages[2].content | Should -Match "no tool named 'Remove-Item'"
        $result.Text | Should -Match 'no tool named'
    }

    It 'refuses a parameter the schema does not offer (an excluded parameter stays excluded)' {
        $id = New-TestId
        $tool = New-QwenTool Get-TestWeather -ExcludeParameter Unit
        $result = Invoke-QwenChat 'Weather?' -Tool $tool -InvokeTool Auto -ApiKey $Key -BaseUri (Get-ToolUri $id 'Get-TestWeather' '{"City":"Oslo","Unit":"F"}')
        $global:WeatherCalls | Should -Be 0
        $result.ToolRuns[0].Status | Should -Be 'Failed'
        $result.ToolRuns[0].Output | Should -Match "no parameter 'Unit'"
    }

    It 'reports a tool that throws as an error text to the model and carries on' {
        $id = New-TestId
        $result = Invoke-QwenChat 'Break it' -Tool Get-Broken -InvokeTool Auto -ApiKey $Key -BaseUri (Get-ToolUri $id 'Get-Broken' '{"What":"disk"}')
        $result.ToolRuns[0].Status | Should -Be 'Failed'
        $result.ToolRuns[0].Output | Should -Match 'ERROR: boom: disk'
        $result.Text | Should -Match 'boom: disk'
        (Get-Sent $id).Count | Should -Be 2
    }

    It '-WhatIf shows what would run and runs nothing' {
        $id = New-TestId
        $result = Invoke-QwenChat 'Weather?' -Tool Get-TestWeather -InvokeTool Auto -WhatIf -ApiKey $Key -BaseUri (Get-ToolUri $id 'Get-TestWeather' '{"City":"Paris"}')
        $global:WeatherCalls | Should -Be 0
        $result.ToolRuns[0].Status | Should -Be 'WhatIf'
        $result.ToolCalls[0].Name | Should -Be 'Get-TestWeather'
        (Get-Sent $id).Count | Should -Be 1
    }

    It '-InvokeTool None returns the calls; piping the result back with Auto runs them and continues' {
        $id = New-TestId
        $uri = Get-ToolUri $id 'Get-TestWeather' '{"City":"Rome"}'
        $pending = Invoke-QwenChat 'Weather?' -Tool Get-TestWeather -InvokeTool None -ApiKey $Key -BaseUri $uri
        $global:WeatherCalls | Should -Be 0
        $pending.ToolCalls[0].Arguments | Should -Be '{"City":"Rome"}'
        $done = $pending | Invoke-QwenChat -Tool Get-TestWeather -InvokeTool Auto -ApiKey $Key -BaseUri $uri
        $global:WeatherCalls | Should -Be 1
        $done.Text | Should -Be 'Tool results received: Weather in Rome: 18 C'
        $done.Model | Should -Be 'qwen-plus'
    }

    It 'stops with an error when Confirm cannot ask a non-interactive host' {
        $id = New-TestId
        $result = Invoke-QwenChat 'Weather?' -Tool Get-TestWeather -ApiKey $Key -BaseUri (Get-ToolUri $id 'Get-TestWeather' '{"City":"Kyiv"}') -ErrorVariable failures -ErrorAction SilentlyContinue
        $global:WeatherCalls | Should -Be 0
        if ($failures.Count -gt 0) {
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'DashScope.ToolConfirmationUnavailable*'
        }
    }
}

Describe 'Confirm in a console whose input is not a person' {
    It 'refuses to run and says why when standard input is redirected (no crash, nothing runs)' {
        $id = New-TestId
        $uri = Get-ToolUri $id 'Get-Date' ''
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $script = "Import-Module '$Manifest'; `$r = Invoke-QwenChat 'What time is it?' -Tool (Get-Command Get-Date) -ApiKey '$Key' -BaseUri '$uri' -ErrorVariable failures -ErrorAction SilentlyContinue; `$failures | ForEach-Object FullyQualifiedErrorId; 'runs:' + @(`$r.ToolRuns | Where-Object Status -eq 'Run').Count"
        # Not -NonInteractive: a console whose standard input is an empty pipe, as under cron or CI.
        $output = '' | & $pwsh -NoProfile -Command $script 2>&1 | Out-String
        $output | Should -Match 'DashScope.ToolConfirmationUnavailable'
        $output | Should -Not -Match 'NullReferenceException'
        $output | Should -Match 'runs:0'
    }
}

Describe 'Confirm asks the host before each tool call' {
    BeforeAll {
        function Invoke-Hosted([string[]] $Answers, [string] $Uri, [switch] $Parallel) {
            $scriptedHost = New-RecordingHost -NoConsole
            foreach ($answer in $Answers) { $scriptedHost.Answers.Enqueue($answer) }
            $runspace = [runspacefactory]::CreateRunspace($scriptedHost, [initialsessionstate]::CreateDefault2())
            $runspace.Open()
            try {
                $ps = [powershell]::Create()
                $ps.Runspace = $runspace
                $null = $ps.AddScript({
                        param($Manifest, $Uri, $Key)
                        Import-Module $Manifest
                        $global:Ran = [System.Collections.Generic.List[string]]::new()
                        function Set-Light { param([Parameter(Mandatory)] [string] $Room, [ValidateSet('on', 'off')] [string] $State = 'on') $global:Ran.Add("$Room=$State"); "light in $Room is $State" }
                        $result = Invoke-QwenChat 'Lights!' -Tool (Get-Command Set-Light) -InvokeTool Confirm -ApiKey $Key -BaseUri $Uri
                        [pscustomobject]@{ Result = $result; Ran = @($global:Ran) }
                    }).AddArgument($Manifest).AddArgument($Uri).AddArgument($Key)
                $output = $ps.Invoke()
                if ($ps.HadErrors) { throw ($ps.Streams.Error | Out-String) }
                [pscustomobject]@{ Output = $output[0]; Prompts = @($scriptedHost.Prompts) }
            }
            finally { $runspace.Dispose() }
        }
    }

    It 'runs the call when the user answers Yes, after showing the command line' {
        $id = New-TestId
        $hosted = Invoke-Hosted -Answers 'Yes' -Uri (Get-ToolUri $id 'Set-Light' '{"Room":"kitchen","State":"off"}')
        $hosted.Prompts.Count | Should -Be 1
        $hosted.Prompts[0] | Should -Match ([regex]::Escape("Set-Light -Room 'kitchen' -State 'off'"))
        $hosted.Output.Ran | Should -Be @('kitchen=off')
        $hosted.Output.Result.ToolRuns[0].Status | Should -Be 'Ran'
        $hosted.Output.Result.Text | Should -Be 'Tool results received: light in kitchen is off'
    }

    It 'does not run the call when the user answers No, and tells the model it was declined' {
        $id = New-TestId
        $hosted = Invoke-Hosted -Answers 'No' -Uri (Get-ToolUri $id 'Set-Light' '{"Room":"hall"}')
        $hosted.Output.Ran.Count | Should -Be 0
        $hosted.Output.Result.ToolRuns[0].Status | Should -Be 'Declined'
        $hosted.Output.Result.Text | Should -Match 'declined'
        (Get-Sent $id)[1].input.messages[2].content | Should -Match 'declined'
    }

    It 'asks once per call and honours Yes to All' {
        $id = New-TestId
        $hosted = Invoke-Hosted -Answers 'Yes to All' -Uri (Get-ToolUri $id 'Set-Light+Set-Light' '[{"Room":"a"},{"Room":"b"}]')
        $hosted.Prompts.Count | Should -Be 1
        $hosted.Output.Ran | Should -Be @('a=on', 'b=on')
    }
}

Describe 'New-QwenTool guards against typos' {
    It 'refuses an -IncludeParameter name that matches no parameter, listing the real ones' {
        { Get-Command Get-Date | New-QwenTool -IncludeParameter Nope -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*matches no parameter of 'Get-Date'*Format*"
        (Get-Command Get-Date | New-QwenTool -IncludeParameter Format, Dat*).AllowedParameters | Sort-Object | Should -Be @('Date', 'Format')
    }
}
