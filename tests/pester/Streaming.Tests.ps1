# Invoke-QwenChat -Stream as a user types it: records as they arrive, then the result; no buffering;
# Select-Object -First and Stop() (Ctrl+C) close the connection at once; framing variations.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')).Path
    Import-Module $Manifest

    function Split-StreamOutput([object[]] $Output) {
        # The records and the final result of one -Stream call.
        [pscustomobject]@{
            Records = @($Output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
            Final   = $Output[-1]
        }
    }
}

Describe 'Invoke-QwenChat -Stream' {
    It 'writes one QwenChatStreamRecord per server event, then one final QwenChatResult with the joined text' {
        $id = New-TestId
        $output = @(Invoke-QwenChat 'stream me' -Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id"))
        $split = Split-StreamOutput $output
        $records = $split.Records
        $final = $split.Final

        $records.Count | Should -BeGreaterThan 10
        $records.Count | Should -Be ($output.Count - 1) -Because 'every object but the last is a record'
        $records.Count | Should -Be (Get-TestServerSent $id) -Because 'one record per event the server sent'
        $final.PSObject.BaseObject | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $final.PSTypeNames[0] | Should -Be 'DashScope.Models.QwenChatResult#Streamed'
        $final.Text | Should -BeExactly (-join $records.Text)
        $final.Text | Should -BeExactly (Get-TestExpectedAnswer 'stream me')
        $final.FinishReason | Should -Be 'stop'
        $final.Streamed | Should -BeTrue
        $final.Completed | Should -BeTrue
        $final.Prompt | Should -Be 'stream me'
        $final.Usage.OutputTokens | Should -BeGreaterThan 0
        $final.History.Count | Should -Be 2
        @($records.EventId) | Should -Be @(1..$records.Count | ForEach-Object { "$_" })
        @($records | Select-Object -SkipLast 1 | Where-Object FinishReason) | Should -BeNullOrEmpty
        $records[-1].FinishReason | Should -Be 'stop'
        @($records.RequestId | Select-Object -Unique) | Should -Be @($final.RequestId)
        @($records.Model | Select-Object -Unique) | Should -Be @('qwen-plus')
    }

    It 'streams reasoning first, then the answer, with -EnableThinking' {
        $id = New-TestId
        $split = Split-StreamOutput @(Invoke-QwenChat 'think' -Stream -EnableThinking -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "id=$id"))
        $reasoningRecords = @($split.Records | Where-Object Reasoning)
        $textRecords = @($split.Records | Where-Object Text)
        $reasoningRecords.Count | Should -BeGreaterThan 0
        $textRecords.Count | Should -BeGreaterThan 0
        [int] $reasoningRecords[-1].EventId | Should -BeLessThan ([int] $textRecords[0].EventId)
        $split.Final.Reasoning | Should -BeExactly (-join $reasoningRecords.Reasoning)
        $split.Final.Text | Should -BeExactly (Get-TestExpectedAnswer 'think')
    }

    It 'yields the same text with framing variation <Options>' -TestCases @(
        @{ Options = 'bom' }
        @{ Options = 'noblank' }
        @{ Options = 'crlf' }
        @{ Options = 'bom,noblank,crlf' }
        @{ Options = 'chunk=7' }
    ) {
        $id = New-TestId
        $split = Split-StreamOutput @(Invoke-QwenChat 'framing' -Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "$Options,id=$id"))
        $split.Final.Text | Should -BeExactly (Get-TestExpectedAnswer 'framing')
        -join $split.Records.Text | Should -BeExactly $split.Final.Text
        $split.Records.Count | Should -Be (Get-TestServerSent $id)
        $split.Final.FinishReason | Should -Be 'stop'
    }
}

Describe 'No buffering' {
    It 'hands each record to the next command as soon as its event arrives (hold=2)' {
        $id = New-TestId
        $count = 0
        $sentAtSecondRecord = $null
        $output = Invoke-QwenChat 'hold on' -Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "hold=2,id=$id") | ForEach-Object {
            if ($_ -is [DashScope.Models.QwenChatStreamRecord]) {
                $count++
                if ($count -eq 2) {
                    # The server counts an event after flushing it; give that bookkeeping a moment.
                    $null = Wait-TestCondition { (Get-TestServerSent $id) -ge 2 } 1000
                    $sentAtSecondRecord = Get-TestServerSent $id
                    Send-TestServerRelease $id
                }
            }
            $_
        }

        $sentAtSecondRecord | Should -Be 2 -Because 'the second record must reach the pipeline while the server still holds the rest'
        $split = Split-StreamOutput @($output)
        $split.Final.Completed | Should -BeTrue
        $split.Final.Text | Should -BeExactly (Get-TestExpectedAnswer 'hold on')
        $split.Records.Count | Should -Be (Get-TestServerSent $id)
        $split.Records.Count | Should -BeGreaterThan 2
    }

    It 'would detect buffering: a consumer that only sees records after the stream ended reads the full count' {
        # The converse of the test above: release from another runspace, collect everything first, then probe.
        $id = New-TestId
        $releaser = [powershell]::Create()
        try {
            $address = Get-TestServerAddress
            [void] $releaser.AddScript("Start-Sleep -Milliseconds 400; Invoke-RestMethod -Method Post -Uri '${address}_test/release?id=$id' -NoProxy")
            $pending = $releaser.BeginInvoke()
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $buffered = @(Invoke-QwenChat 'hold on' -Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "hold=2,id=$id"))
            $watch.Stop()
            $count = 0
            $sentAtSecondRecord = $null
            $buffered | ForEach-Object {
                if ($_ -is [DashScope.Models.QwenChatStreamRecord]) {
                    $count++
                    if ($count -eq 2) { $sentAtSecondRecord = Get-TestServerSent $id }
                }
            }
            $releaser.EndInvoke($pending)
        }
        finally {
            $releaser.Dispose()
        }

        $watch.ElapsedMilliseconds | Should -BeGreaterOrEqual 350 -Because 'the server held the stream until the release'
        $sentAtSecondRecord | Should -Not -Be 2
        $sentAtSecondRecord | Should -Be ($buffered.Count - 1)
    }
}

Describe 'Stopping a stream closes the connection at once' {
    It 'Select-Object -First 3 returns 3 records quickly and the server stops sending (gap=200)' {
        $id = New-TestId
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $first = @(Invoke-QwenChat 'x' -Stream -ApiKey (New-TestApiKey) -BaseUri (Get-TestBaseUri "gap=200,id=$id") | Select-Object -First 3)
        $watch.Stop()

        $first.Count | Should -Be 3
        foreach ($record in $first) { $record | Should -BeOfType ([DashScope.Models.QwenChatStreamRecord]) }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3 -Because 'the full stream takes about 10 s'
        Start-Sleep -Milliseconds 300
        $sent = Get-TestServerSent $id
        $sent | Should -BeLessOrEqual 5
        Start-Sleep -Milliseconds 700
        Get-TestServerSent $id | Should -Be $sent -Because 'the connection is closed, so the server sends nothing more'
    }

    It 'Stop() (Ctrl+C) after the first record of a slow stream returns within 2 s and closes the connection (gap=300)' {
        $id = New-TestId
        $uri = Get-TestBaseUri "gap=300,id=$id"
        $key = New-TestApiKey
        $ps = [powershell]::Create()
        try {
            [void] $ps.AddScript('param($Manifest, $Key, $Uri) Import-Module $Manifest; Invoke-QwenChat ''slow'' -Stream -ApiKey $Key -BaseUri $Uri')
            [void] $ps.AddArgument($Manifest).AddArgument($key).AddArgument($uri)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $pending = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]] $null, $output)
            Wait-TestCondition { $output.Count -ge 1 } 10000 | Should -BeTrue -Because 'the first record should arrive'

            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()

            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $pending.IsCompleted | Should -BeTrue
            $output[0] | Should -BeOfType ([DashScope.Models.QwenChatStreamRecord])
            @($output | Where-Object { $_ -is [DashScope.Models.QwenChatResult] }) | Should -BeNullOrEmpty
            Start-Sleep -Milliseconds 200
            $sent = Get-TestServerSent $id
            $sent | Should -BeLessOrEqual 5
            Start-Sleep -Milliseconds 900
            Get-TestServerSent $id | Should -Be $sent -Because 'the connection is closed, so the server sends nothing more'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'Stop() (Ctrl+C) also cancels a plain call still waiting for the answer (firstbyte=5000)' {
        $id = New-TestId
        $uri = Get-TestBaseUri "firstbyte=5000,id=$id"
        $ps = [powershell]::Create()
        try {
            [void] $ps.AddScript('param($Manifest, $Key, $Uri) Import-Module $Manifest; Invoke-QwenChat ''waiting'' -ApiKey $Key -BaseUri $Uri')
            [void] $ps.AddArgument($Manifest).AddArgument((New-TestApiKey)).AddArgument($uri)
            $pending = $ps.BeginInvoke()
            Wait-TestCondition { @(Get-TestServerRequestList $id).Count -ge 1 } 10000 | Should -BeTrue
            Start-Sleep -Milliseconds 100

            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()

            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $pending.IsCompleted | Should -BeTrue
            @(Get-TestServerRequestList $id).Count | Should -Be 1 -Because 'a stopped call is not retried'
        }
        finally {
            $ps.Dispose()
        }
    }
}
