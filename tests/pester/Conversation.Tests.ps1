# Enter-QwenChat driven through a host whose input is scripted: lines typed or pasted, Ctrl+C during an answer.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:Manifest = Join-Path $PSScriptRoot '../../DashScope.psd1'
    Import-Module $Manifest -Force
    $script:Key = 'sk-conversation-test'

    # Runs Enter-QwenChat (or $Script, which gets the splatted parameters as $Chat) in a runspace whose host is
    # $Recorder, from $Location. Returns the output, the errors, the host's screen and the input left unread.
    function Invoke-Conversation($Recorder, [hashtable] $Parameters = @{}, [scriptblock] $Script, [string] $Location = $TestDrive) {
        $chat = @{ ApiKey = $Key; MaximumRetryCount = 0 } + $Parameters
        $runspace = [runspacefactory]::CreateRunspace($Recorder, [initialsessionstate]::CreateDefault2())
        $runspace.Open()
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        try {
            $body = if ($Script) { $Script } else { { param($Chat) Enter-QwenChat @Chat } }
            $null = $shell.AddScript('param($Manifest, $Location) Import-Module $Manifest; Set-Location -LiteralPath $Location').AddArgument($Manifest).AddArgument($Location).AddStatement()
            $null = $shell.AddScript($body).AddArgument($chat)
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $output = $shell.Invoke()
            [pscustomobject]@{
                Output  = @($output)
                Result  = @($output | Where-Object { $_ -is [DashScope.Models.QwenChatResult] })[-1]
                Errors  = @($shell.Streams.Error)
                Screen  = $Recorder.Screen
                Pending = $Recorder.PendingInput
                Seconds = $watch.Elapsed.TotalSeconds
            }
        }
        finally {
            $shell.Dispose()
            $runspace.Dispose()
        }
    }

    # The messages of each chat request the server received for $Id, as { role, content } pairs.
    function Get-SentMessages([string] $Id) {
        foreach ($body in (Get-TestRequestBody $Id)) {
            , @($body.input.messages | ForEach-Object { [pscustomobject]@{ Role = $_.role; Content = $_.content } })
        }
    }
}

Describe 'A conversation at the console' {
    It 'streams each answer with its footer, sends the whole conversation each time and writes it when the input ends' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('Name three Linux shells.')
        $recorder.Type('Which one is the oldest?')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id") }

        $run.Errors | Should -BeNullOrEmpty
        $run.Screen | Should -Match 'Chat with qwen-plus\. Type /help'
        $run.Screen | Should -Match ([regex]::Escape('qwen-plus> '))
        $run.Screen | Should -Match ([regex]::Escape((Get-TestExpectedAnswer 'Which one is the oldest?')))
        ([regex]::Matches($run.Screen, '── qwen-plus · stop · in \d+, out \d+, total \d+ tokens')).Count | Should -Be 2
        $sent = @(Get-SentMessages $id)
        $sent.Count | Should -Be 2
        $sent[1].Role | Should -Be @('user', 'assistant', 'user')
        $sent[1][1].Content | Should -BeExactly (Get-TestExpectedAnswer 'Name three Linux shells.')
        $run.Result.History.Count | Should -Be 4
        $run.Result.Text | Should -BeExactly (Get-TestExpectedAnswer 'Which one is the oldest?')
        $run.Result.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenChatResult#Conversation'
        ($run.Result | Out-String).Trim() | Should -Be '── conversation with qwen-plus: 2 questions, 4 messages (pipe it to Invoke-QwenChat or Enter-QwenChat to go on)'
    }

    It 'keeps Chinese intact in what it sends, shows and returns' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('用一句话介绍杭州。')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id") }

        (Get-TestRequestBody $id).input.messages[-1].content | Should -BeExactly '用一句话介绍杭州。'
        $run.Screen | Should -Match ([regex]::Escape((Get-TestExpectedAnswer '用一句话介绍杭州。')))
        $run.Result.History[0].Content | Should -BeExactly '用一句话介绍杭州。'
    }

    It 'sends a line ending in a backslash with the next as one message, and a pasted block as one message' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('first line \')
        $recorder.Type('second line')
        $recorder.Paste("def f(x):`n    return x * 2`n`nWhat does f do?")
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id") }

        $run.Errors | Should -BeNullOrEmpty
        $questions = @((Get-TestRequestBody $id) | ForEach-Object { $_.input.messages[-1].content })
        $questions | Should -Be @("first line `nsecond line", "def f(x):`n    return x * 2`n`nWhat does f do?")
        $run.Screen | Should -Match ([regex]::Escape(">> second line"))
    }

    It 'shows the reasoning of a thinking model apart, before the answer' {
        $recorder = New-RecordingHost
        $recorder.Type('Is 9.11 greater than 9.9?')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$(New-TestId)"); EnableThinking = $true }

        $run.Screen | Should -Match ([regex]::Escape('(reasoning) 用户问的是：Is 9.11 greater than 9.9?。我先想一想，再回答。') + '\n\nThis is the DashScope test server')
        $run.Result.Reasoning | Should -Match '我先想一想'
    }

    It 'shows deep research as it goes: the clarifying question, the phases as lines, then the report' {
        $recorder = New-RecordingHost
        $recorder.Type('研究一下人工智能在教育中的应用')
        $recorder.Type('我主要关注个性化学习方面')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$(New-TestId)"); Model = 'qwen-deep-research' }

        $run.Errors | Should -BeNullOrEmpty
        $run.Screen | Should -Match '请问您希望重点研究哪些具体方面？'
        $run.Screen | Should -Match '(?m)^\[WebResearch\] '
        $run.Screen | Should -Match ([regex]::Escape("# 研究报告`n人工智能正在改变个性化学习[1]。"))
        $run.Result.Research.Rounds.Count | Should -Be 1
        $run.Result.History.Count | Should -Be 4
    }

    It 'goes on from a result given in -Conversation, with its model' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $first = Invoke-QwenChat 'Name three Linux shells.' -Model qwen-max -ApiKey $Key -BaseUri $uri
        $recorder = New-RecordingHost
        $recorder.Type('Which one is the oldest?')
        $run = Invoke-Conversation $recorder @{ BaseUri = $uri; Conversation = $first }

        $last = @(Get-TestRequestBody $id)[-1]
        $last.model | Should -Be 'qwen-max'
        $last.input.messages.role | Should -Be @('user', 'assistant', 'user')
        $run.Result.History.Count | Should -Be 4
        $run.Result.Model | Should -Be 'qwen-max'
    }

    It 'takes a piped result and replaces its system prompt with -SystemPrompt' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $recorder = New-RecordingHost
        $recorder.Type('And now?')
        $run = Invoke-Conversation $recorder @{ BaseUri = $uri; SystemPrompt = 'Be brief.' } -Script {
            param($Chat)
            Invoke-QwenChat 'Hello' -SystemPrompt 'Old prompt.' -ApiKey $Chat.ApiKey -BaseUri $Chat.BaseUri | Enter-QwenChat @Chat
        }

        $last = @(Get-TestRequestBody $id)[-1]
        $last.input.messages[0].content | Should -Be 'Be brief.'
        @($last.input.messages | Where-Object role -eq 'system').Count | Should -Be 1
        $run.Result.History.Count | Should -Be 5
    }
}

Describe 'Commands in the conversation' {
    It '/help lists every command' {
        $recorder = New-RecordingHost
        $recorder.Type('/help')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri) }
        foreach ($usage in '/help', '/exit', '/clear', '/model [NAME]', '/system [TEXT]', '/retry', '/undo', '/save PATH', '/load PATH', '/copy', '/usage', '/file [PATH]') {
            $run.Screen | Should -Match ([regex]::Escape($usage))
        }
        $run.Screen | Should -Match 'A line ending in \\ goes on'
    }

    It '/exit ends the conversation and leaves the rest of the input unread' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('/exit')
        $recorder.Type('never sent')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id") }
        $run.Pending | Should -Be 1
        @(Get-TestServerRequestList $id).Count | Should -Be 0
        $run.Result.History.Count | Should -Be 0
    }

    It '/model switches the model of the next questions; /system replaces the system prompt' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('/model qwen-max')
        $recorder.Type('/system Answer in French.')
        $recorder.Type('Hello')
        $recorder.Type('/model')
        $recorder.Type('/system')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id"); SystemPrompt = 'Answer in German.' }

        $body = Get-TestRequestBody $id
        $body.model | Should -Be 'qwen-max'
        $body.input.messages[0] | Should -Not -BeNullOrEmpty
        $body.input.messages[0].content | Should -Be 'Answer in French.'
        @($body.input.messages).Count | Should -Be 2
        $run.Screen | Should -Match 'Model: qwen-max\.'
        $run.Screen | Should -Match 'System prompt: Answer in French\.'
        $run.Screen | Should -Match 'qwen-max> '
    }

    It '/undo drops the last exchange, /retry asks the last question again, /clear forgets the rest' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('one')
        $recorder.Type('two')
        $recorder.Type('/undo')
        $recorder.Type('/retry')
        $recorder.Type('three')
        $recorder.Type('/retry')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id"); SystemPrompt = 'Be brief.' }

        $questions = @((Get-TestRequestBody $id) | ForEach-Object { $_.input.messages[-1].content })
        $questions | Should -Be @('one', 'two', 'two', 'three', 'three')
        $run.Screen | Should -Match 'Dropped the question “two” and its answer\.'
        $run.Screen | Should -Match 'Asking again: “three”'
        $run.Result.History.Role | Should -Be @('system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant')
        $run.Result.History.Content[1, 3, 5] | Should -Be @('one', 'two', 'three')

        $cleared = New-RecordingHost
        $cleared.Type('one')
        $cleared.Type('/clear')
        $cleared.Type('/undo')
        $cleared.Type('/retry')
        $after = Invoke-Conversation $cleared @{ BaseUri = (Get-TestBaseUri "id=$(New-TestId)"); SystemPrompt = 'Be brief.' }
        $after.Screen | Should -Match 'The conversation is cleared; the system prompt and documents stay\.'
        $after.Screen | Should -Match 'There is nothing to undo\.'
        $after.Screen | Should -Match 'There is no question to ask again yet\.'
        $after.Result.History.Role | Should -Be @('system')
    }

    It '/usage adds up the tokens of every call' {
        $recorder = New-RecordingHost
        $recorder.Type('/usage')
        $recorder.Type('one')
        $recorder.Type('two')
        $recorder.Type('/usage')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$(New-TestId)") }

        $run.Screen | Should -Match 'No tokens used yet\. The conversation holds 0 messages\.'
        $footers = [regex]::Matches($run.Screen, 'total (\d+) tokens') | ForEach-Object { [int] $_.Groups[1].Value }
        $run.Screen | Should -Match "2 requests, $(($footers | Measure-Object -Sum).Sum) tokens: in \d+, out \d+\. The conversation holds 4 messages\."
    }

    It 'reports an unknown command without sending it, and sends a message that starts with //' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('/exti')
        $recorder.Type('//etc/hosts: what is it for?')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id") }
        $run.Screen | Should -Match 'There is no command /exti\.'
        @((Get-TestRequestBody $id) | ForEach-Object { $_.input.messages[-1].content }) | Should -Be @('/etc/hosts: what is it for?')
    }

    It 'says /copy has no clipboard where there is none' -Skip:(-not $IsLinux -or [bool] (Get-Command xclip -ErrorAction Ignore)) {
        $recorder = New-RecordingHost
        $recorder.Type('/copy')
        $recorder.Type('hello')
        $recorder.Type('/copy')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri) }
        $run.Screen | Should -Match 'There is no answer to copy yet\.'
        $run.Screen | Should -Match 'There is no clipboard here: Set-Clipboard needs xclip on Linux'
        $run.Errors | Should -BeNullOrEmpty
    }

    It '/copy puts the last answer on the clipboard where there is one (a stand-in xclip)' -Skip:(-not $IsLinux) {
        $bin = Join-Path $TestDrive 'bin'
        New-Item -ItemType Directory -Path $bin -Force | Out-Null
        $clipboard = Join-Path $TestDrive 'clipboard.txt'
        Set-Content -LiteralPath (Join-Path $bin 'xclip') -Value "#!/bin/sh`ncat > '$clipboard'`n" -NoNewline
        chmod +x (Join-Path $bin 'xclip')
        $path = $env:PATH
        $env:PATH = $bin + [IO.Path]::PathSeparator + $path
        try {
            $recorder = New-RecordingHost
            $recorder.Type('你好')
            $recorder.Type('/copy')
            $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri) }
        }
        finally {
            $env:PATH = $path
        }
        $run.Screen | Should -Match 'Copied the last answer \(\d+ characters\) to the clipboard\.'
        (Get-Content -LiteralPath $clipboard -Raw -Encoding utf8).TrimEnd("`n") | Should -BeExactly (Get-TestExpectedAnswer '你好')
    }
}

Describe 'Saved conversations' {
    It '/save writes a file that /load reads back and Invoke-QwenChat -Messages sends as the same conversation' {
        $file = Join-Path $TestDrive 'saved chat.json'
        $first = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('第一个问题')
        $recorder.Type('second question')
        $recorder.Type("/save '$file'")
        $saved = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$first"); SystemPrompt = '用中文回答。' }
        $saved.Screen | Should -Match ([regex]::Escape("Saved 5 messages to $file."))
        $text = Get-Content -LiteralPath $file -Raw -Encoding utf8
        $text | Should -Match '第一个问题'
        (ConvertFrom-Json $text).role | Should -Be @('system', 'user', 'assistant', 'user', 'assistant')

        $loaded = New-TestId
        $again = New-RecordingHost
        $again.Type("/load '$file'")
        $again.Type('next')
        $reloaded = Invoke-Conversation $again @{ BaseUri = (Get-TestBaseUri "id=$loaded") }
        $reloaded.Screen | Should -Match 'Loaded 5 messages from'

        $scripted = New-TestId
        $null = Invoke-QwenChat -Messages (Get-Content -LiteralPath $file -Encoding utf8 | ConvertFrom-Json) 'next' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$scripted")

        $expected = @($saved.Result.History | ForEach-Object { [pscustomobject]@{ Role = $_.Role; Content = $_.Content } }) + [pscustomobject]@{ Role = 'user'; Content = 'next' }
        $fromLoad = @(Get-SentMessages $loaded)[0]
        $fromScript = @(Get-SentMessages $scripted)[0]
        ($fromLoad | ConvertTo-Json -Compress) | Should -BeExactly ($expected | ConvertTo-Json -Compress)
        ($fromScript | ConvertTo-Json -Compress) | Should -BeExactly ($expected | ConvertTo-Json -Compress)
    }

    It 'a saved conversation with tool calls goes back to the service with its calls and tool messages' {
        $file = Join-Path $TestDrive 'tools.json'
        $recorder = New-RecordingHost
        $recorder.Answers.Enqueue('Yes')
        $recorder.Type('What time is it?')
        $recorder.Type("/save $file")
        $null = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$(New-TestId),toolcall=*"); Tool = (Get-Command Get-Date) }

        $id = New-TestId
        $null = Invoke-QwenChat -Messages (Get-Content -LiteralPath $file | ConvertFrom-Json) 'thanks' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $sent = (Get-TestRequestBody $id).input.messages
        $sent.role | Should -Be @('user', 'assistant', 'tool', 'assistant', 'user')
        $sent[1].tool_calls[0].function.name | Should -Be 'Get-Date'
        $sent[2].tool_call_id | Should -Be $sent[1].tool_calls[0].id
    }

    It '-Conversation takes the messages of a saved file' {
        $file = Join-Path $TestDrive 'short.json'
        '[{"role":"user","content":"你好"},{"role":"assistant","content":"你好！"}]' | Set-Content -LiteralPath $file -Encoding utf8
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('再见')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id"); Conversation = (Get-Content -LiteralPath $file | ConvertFrom-Json) }
        (Get-TestRequestBody $id).input.messages.content | Should -Be @('你好', '你好！', '再见')
        $run.Result.History.Count | Should -Be 4
    }

    It '/load of a missing or broken file is an error, and the conversation goes on' {
        $broken = Join-Path $TestDrive 'broken.json'
        Set-Content -LiteralPath $broken -Value '{ nope'
        $recorder = New-RecordingHost
        $recorder.Type('/load ./missing.json')
        $recorder.Type("/load $broken")
        $recorder.Type('still here')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri) }
        $run.Errors.FullyQualifiedErrorId | Should -Be @('DashScope.InvalidInput,DashScope.Cmdlets.EnterQwenChatCommand', 'DashScope.InvalidInput,DashScope.Cmdlets.EnterQwenChatCommand')
        $run.Errors[0].Exception.Message | Should -Match 'does not exist'
        $run.Errors[1].Exception.Message | Should -Match 'not valid JSON'
        $run.Result.History.Count | Should -Be 2
    }
}

Describe 'Files attached with /file' {
    BeforeAll {
        $script:Files = Join-Path $TestDrive 'files'
        New-Item -ItemType Directory -Path $Files -Force | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $Files 'cat.png'), [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='))
        Set-Content -LiteralPath (Join-Path $Files 'notes.txt') -Value 'Migrate the file server in March.' -Encoding utf8
    }

    It 'sends an image as a part of the next question, switching to a model that reads images' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('/file ./cat.png')
        $recorder.Type('/file')
        $recorder.Type('What is in this picture?')
        $recorder.Type('And its colour?')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id") } -Location $Files

        $run.Errors | Should -BeNullOrEmpty
        $run.Screen | Should -Match 'Attached \[image cat\.png\] to the next question\. qwen-plus cannot read it, so the conversation goes on with qwen-vl-max-latest'
        $run.Screen | Should -Match 'Attached to the next question: \[image cat\.png\]'
        $requests = @(Get-TestServerRequestList $id)
        $requests[0].Path | Should -Match 'multimodal-generation'
        $first = $requests[0].Body | ConvertFrom-Json
        $first.model | Should -Be 'qwen-vl-max-latest'
        $first.input.messages[-1].content[0].image | Should -Match '^data:image/png;base64,'
        $first.input.messages[-1].content[1].text | Should -Be 'What is in this picture?'
        # The image stays in the conversation; the next question has none of its own.
        $second = $requests[1].Body | ConvertFrom-Json
        $second.input.messages[0].content[0].image | Should -Be $first.input.messages[-1].content[0].image
        @($second.input.messages[-1].content).Count | Should -Be 1
    }

    It 'uploads a document and refers to it as fileid://, as -Document does' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('/file notes.txt')
        $recorder.Type('When is the migration?')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id") } -Location $Files

        $run.Errors | Should -BeNullOrEmpty
        $requests = @(Get-TestServerRequestList $id)
        $requests[0].Path | Should -Be '/compatible-mode/v1/files'
        $chat = $requests[1].Body | ConvertFrom-Json
        $chat.model | Should -Be 'qwen-long'
        $chat.input.messages[0].role | Should -Be 'system'
        $chat.input.messages[0].content | Should -Match '^fileid://file-fe-'
    }

    It 'refuses a -Document URL before anything is sent or uploaded, and says what to do' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('What does it say?')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id"); Document = @('./notes.txt', 'https://example.com/report.pdf') } -Location $Files

        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InvalidInput,DashScope.Cmdlets.EnterQwenChatCommand'
        $run.Errors[0].Exception.Message | Should -Match 'not from a URL \(https://example\.com/report\.pdf\)'
        $run.Errors[0].Exception.Message | Should -Match 'Invoke-QwenChat -Document'
        $run.Result | Should -BeNullOrEmpty
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }

    It '-RemoveDocument deletes the documents of -Document and /file when the conversation ends' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $recorder = New-RecordingHost
        $recorder.Type('/file ./notes.txt')
        $recorder.Type('Summarise both.')
        $run = Invoke-Conversation $recorder @{ BaseUri = $uri; Document = './report.md'; RemoveDocument = $true } -Location $Files -Script {
            param($Chat)
            Set-Content -LiteralPath ./report.md -Value '# Report' -Encoding utf8
            Enter-QwenChat @Chat
        }

        $run.Errors | Should -BeNullOrEmpty
        $requests = @(Get-TestServerRequestList $id)
        $chat = @($requests | Where-Object Path -like '*/generation')[0].Body | ConvertFrom-Json
        $chat.model | Should -Be 'qwen-long'
        @($chat.input.messages | Where-Object { $_.content -like 'fileid://*' }).Count | Should -Be 2
        @($requests | Where-Object Method -eq 'DELETE').Count | Should -Be 2
        @(Get-QwenFile -ApiKey $Key -BaseUri $uri).Count | Should -Be 0
    }

    It 'refuses a missing file or an unknown type before anything is sent, and goes on' {
        $id = New-TestId
        Set-Content -LiteralPath (Join-Path $Files 'tool.exe') -Value 'x'
        $recorder = New-RecordingHost
        $recorder.Type('/file ./nothing.jpg')
        $recorder.Type('/file ./tool.exe')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$id") } -Location $Files
        $run.Errors.Count | Should -Be 2
        $run.Errors[0].Exception.Message | Should -Match 'does not exist'
        $run.Errors[1].Exception.Message | Should -Match 'not a file type a model reads'
        @(Get-TestServerRequestList $id).Count | Should -Be 0
    }
}

Describe 'Stopping an answer and failures' {
    It 'Ctrl+C during an answer stops it at once, closes the connection and keeps the conversation' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('slow')
        $recorder.PressCtrlC('This is')
        $recorder.Type('/model qwen-max')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "gap=200,id=$id") }

        $run.Errors | Should -BeNullOrEmpty
        $run.Seconds | Should -BeLessThan 3 -Because 'the whole answer takes about 5 s'
        $run.Screen | Should -Match '── stopped\. The question was not added to the conversation; /retry asks it again\.'
        $run.Screen | Should -Match 'Model: qwen-max from the next question on\.'
        $run.Pending | Should -Be 0
        $run.Result.History.Count | Should -Be 0
        Start-Sleep -Milliseconds 300
        $sent = Get-TestServerSent $id
        $sent | Should -BeLessThan 10
        Start-Sleep -Milliseconds 800
        Get-TestServerSent $id | Should -Be $sent -Because 'the connection is closed, so the server sends nothing more'
    }

    It 'after Ctrl+C, /retry asks the stopped question again and its answer joins the conversation' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('first')
        $recorder.PressCtrlC('This is')
        $recorder.Type('/retry')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "gap=30,id=$id") }

        @((Get-TestRequestBody $id) | ForEach-Object { $_.input.messages[-1].content }) | Should -Be @('first', 'first')
        $run.Result.History.Content | Should -Be @('first', (Get-TestExpectedAnswer 'first'))
    }

    It 'a failed request prints the error and the conversation goes on without that question' {
        $id = New-TestId
        $recorder = New-RecordingHost
        $recorder.Type('zero')
        $recorder.Type('one')
        $recorder.Type('/retry')
        $recorder.Type('two')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "fail=503:2,id=$id") }

        $run.Errors.Count | Should -Be 2
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'DashScope.InternalError,DashScope.Cmdlets.EnterQwenChatCommand'
        $run.Errors[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $run.Errors[0].TargetObject | Should -Be 'zero'
        $run.Screen | Should -Match '── The question was not added to the conversation; /retry asks it again\.'
        @((Get-TestRequestBody $id) | ForEach-Object { $_.input.messages[-1].content }) | Should -Be @('zero', 'one', 'one', 'two')
        $run.Result.History.Content | Should -Be @('one', (Get-TestExpectedAnswer 'one'), 'two', (Get-TestExpectedAnswer 'two')) -Because 'the first two requests failed (503, no retries); /retry asked "one" again'
    }

    It 'runs tools with confirmation and shows what ran after the answer' {
        $recorder = New-RecordingHost
        $recorder.Answers.Enqueue('Yes')
        $recorder.Type('What time is it?')
        $run = Invoke-Conversation $recorder @{ BaseUri = (Get-TestBaseUri "id=$(New-TestId),toolcall=*"); Tool = (Get-Command Get-Date) }

        $run.Errors | Should -BeNullOrEmpty
        $recorder.Prompts.Count | Should -Be 1
        $recorder.Prompts[0] | Should -Match 'The model wants to run:\s+Get-Date'
        $run.Screen | Should -Match '── tool Get-Date: ran'
        $run.Result.History.Role | Should -Be @('user', 'assistant', 'tool', 'assistant')
    }

    It 'says clearly that it needs a host that reads input' {
        $output = Invoke-TestPwsh "Import-Module ./DashScope.psd1; try { Enter-QwenChat -ApiKey sk-x -BaseUri '$(Get-TestBaseUri)' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        ($output -join "`n") | Should -Match 'DashScope.NoConsole'
        ($output -join "`n") | Should -Match 'use Invoke-QwenChat'
    }
}
