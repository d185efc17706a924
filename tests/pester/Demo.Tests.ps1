# The README's main job: tools/Demo.ps1 (what ./build.ps1 -Task Demo runs after building), without a key, in a
# fresh pwsh against the test server it starts itself.

BeforeAll {
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:Demo = (Resolve-Path (Join-Path $PSScriptRoot '../../tools/Demo.ps1')).ProviderPath
    $saved = $env:DASHSCOPE_API_KEY
    try {
        $env:DASHSCOPE_API_KEY = $null
        $script:Output = & $Pwsh -NoProfile -NonInteractive -File $Demo 2>&1 | Out-String
        $script:ExitCode = $LASTEXITCODE
    }
    finally {
        $env:DASHSCOPE_API_KEY = $saved
    }
}

Describe 'The demo without DASHSCOPE_API_KEY' {
    It 'runs to the end against the local test server' {
        $ExitCode | Should -Be 0 -Because $Output
        $Output | Should -Match 'using the local test server'
        $Output | Should -Not -Match 'Exception|Error' -Because $Output
    }

    It 'shows every family: chat, embeddings, rerank, tokens, pictures, speech, a video task, a long transcript' {
        foreach ($command in 'Invoke-QwenChat', 'Get-QwenEmbedding', 'Invoke-QwenRerank', 'Measure-QwenToken',
            'New-QwenImage', 'ConvertTo-QwenSpeech', 'Wait-QwenTask', 'ConvertFrom-QwenAudio') {
            $Output | Should -Match "PS> .*$command" -Because "the demo shows $command"
        }
        $Output | Should -Match '杭州'
        $Output | Should -Match '\s1\s+0\.\d+\s+Pipelines'
        $Output | Should -Match 'SUCCEEDED'
        $Output | Should -Match '第三句话在这里结束'
    }

    It 'removes the files it made' {
        $folder = [regex]::Match($Output, 'OutputFolder (\S+)').Groups[1].Value
        $folder | Should -Not -BeNullOrEmpty
        Test-Path -LiteralPath $folder | Should -BeFalse
    }
}
