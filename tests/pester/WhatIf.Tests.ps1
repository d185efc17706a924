BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1') -Force
    $script:Key = 'sk-whatif-test'
    $script:Document = Join-Path $TestDrive 'notes.txt'
    Set-Content -Path $Document -Value 'Migrate the file server in March.'
    $script:Manifest = Join-Path $PSScriptRoot '../../DashScope.psd1'
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    # "What if:" lines go to the host, so they are read from a child process's output.
    function Invoke-Child([string] $Command) {
        & $Pwsh -NoProfile -NonInteractive -Command "Import-Module '$Manifest'; $Command" 2>&1 | Out-String -Width 300
    }
}

Describe '-WhatIf on Invoke-QwenChat' {
    It 'sends nothing and says what it would send' {
        $id = New-TestId
        $output = Invoke-Child "Invoke-QwenChat 'Would you answer?' -WhatIf -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri "id=$id")'"
        $output | Should -Match 'What if: .*Send a chat request to qwen-plus'
        @(Get-TestServerRequests $id).Count | Should -Be 0
    }

    It 'neither uploads documents nor sends the chat' {
        $id = New-TestId
        $output = Invoke-Child "Invoke-QwenChat 'Summarise' -Document '$Document' -WhatIf -ApiKey '$Key' -BaseUri '$(Get-TestBaseUri "id=$id")'"
        $output | Should -Match 'What if: .*Upload the document to DashScope.*notes\.txt'
        @(Get-TestServerRequests $id).Count | Should -Be 0
        (Get-QwenFile -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")) | Should -BeNullOrEmpty
    }
}
