# Ctrl+C (PowerShell.Stop) on the commands beyond chat: each stops at once while its call is still waiting for the
# service (firstbyte=5000), is not retried, and leaves no file behind. Waiting for a task stops the waiting only.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Key = New-TestApiKey 'stopping'

    # Runs $Script (with $Uri, $Key and $Folder) in another runspace, stops it once the server has seen $Calls
    # requests, and says how long Stop() took, what was sent, what the host was told, and what the folder holds.
    function Stop-WhileWaiting([string] $Script, [string] $Options, [int] $Calls = 1) {
        $id = New-TestId
        $folder = Join-Path $TestDrive $id
        $null = New-Item -ItemType Directory -Path $folder
        $recorder = New-RecordingHost
        $stopped = Stop-InHost $recorder "param(`$Key, `$Uri, `$Folder) $Script" @($Key, (Get-TestBaseUri "id=$id,$Options"), $folder) -Until { @(Get-TestServerRequestList $id).Count -ge $Calls }
        $stopped.Reached | Should -BeTrue
        $requests = @(Get-TestServerRequestList $id)
        $stopped | Add-Member -PassThru -NotePropertyMembers @{
            Requests = $requests
            Told = $recorder.Lines -join "`n"
            Files = @(Get-ChildItem -LiteralPath $folder -Recurse -Force -File)
        }
    }
}

Describe 'Ctrl+C while a call waits for the service' {
    It '<Name> stops at once, sends nothing more and leaves no file' -ForEach @(
        @{ Name = 'Get-QwenEmbedding'; Script = "'first', 'second' | Get-QwenEmbedding -ApiKey `$Key -BaseUri `$Uri" }
        @{ Name = 'Get-QwenEmbedding -ThrottleLimit 4'; Script = "1..40 | ForEach-Object { ""text `$_"" } | Get-QwenEmbedding -ThrottleLimit 4 -ApiKey `$Key -BaseUri `$Uri"; Calls = 4 }
        @{ Name = 'Invoke-QwenRerank'; Script = "'cats', 'dogs' | Invoke-QwenRerank -Query 'pets' -ApiKey `$Key -BaseUri `$Uri" }
        @{ Name = 'ConvertTo-QwenSpeech'; Script = "ConvertTo-QwenSpeech 'hello' -OutFile (Join-Path `$Folder 'hello.wav') -ApiKey `$Key -BaseUri `$Uri" }
        @{ Name = 'ConvertTo-QwenSpeech -Stream'; Script = "ConvertTo-QwenSpeech 'hello' -Stream -OutFile (Join-Path `$Folder 'hello.wav') -ApiKey `$Key -BaseUri `$Uri" }
        @{ Name = 'New-QwenImage (qwen-image)'; Script = "New-QwenImage 'a fox' -Model qwen-image -OutputFolder `$Folder -ApiKey `$Key -BaseUri `$Uri" }
        @{ Name = 'Measure-QwenToken'; Script = "Measure-QwenToken 'hello' -ApiKey `$Key -BaseUri `$Uri" }
    ) {
        $stopped = Stop-WhileWaiting $Script 'firstbyte=5000' ($Calls ?? 1)
        $stopped.Seconds | Should -BeLessThan 2
        $stopped.State | Should -Be 'Stopped'
        $stopped.Completed | Should -BeTrue
        $stopped.Requests.Count | Should -Be ($Calls ?? 1) -Because 'a stopped call is neither retried nor followed by others'
        $stopped.Files | Should -BeNullOrEmpty
    }
}

Describe 'Ctrl+C while a long transcript is a task' {
    It 'stops the waiting, leaves the task running and says how to pick it up again' {
        $stopped = Stop-WhileWaiting "ConvertFrom-QwenAudio -Path 'https://example.com/meeting.wav' -Async -ApiKey `$Key -BaseUri `$Uri" 'taskpolls=1000' 2
        $stopped.Seconds | Should -BeLessThan 2
        $stopped.State | Should -Be 'Stopped'
        $taskId = (($stopped.Requests | Where-Object Path -Like '*/tasks/*')[0].Path -split '/')[-1]
        $taskId | Should -Not -BeNullOrEmpty
        $stopped.Told | Should -Match ([regex]::Escape("Wait-QwenTask -Id $taskId"))
        $stopped.Requests.Path | Should -Not -Match '/cancel' -Because 'Ctrl+C stops the waiting, never the task'
    }
}
