BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1') -Force
    $script:Key = 'sk-research-test'
}

Describe 'Deep research (qwen-deep-research)' {
    It 'decodes each recorded event excerpt into a typed record' -TestCases @(
        @{ Name = 'deep-research-planning-type-sse'; Phase = 'ResearchPlanning'; Status = 'typing'; Check = { $r.Text | Should -Be '本研究聚焦于' } }
        @{ Name = 'deep-research-web-research-streaming-queries-sse'; Phase = 'WebResearch'; Status = 'streamingQueries'; Check = { $r.Query | Should -Be '人工智能'; $r.ResearchId | Should -Be 1 } }
        @{ Name = 'deep-research-web-research-streaming-queries-research-goal-sse'; Phase = 'WebResearch'; Status = 'streamingQueries'; Check = { $r.ResearchGoal | Should -Be '深入理解人工智能' } }
        @{ Name = 'deep-research-web-research-streaming-web-results-sse'; Phase = 'WebResearch'; Status = 'streamingWebResult'; Check = { $r.WebSites.Count | Should -Be 7; $r.WebSites[0].Url | Should -Be 'http://qks.cqu.edu.cn/html/gdjzjycn/2018/4/20180425.htm' } }
        @{ Name = 'deep-research-web-research-streaming-web-results-learning-map-sse'; Phase = 'WebResearch'; Status = 'streamingWebResult'; Check = { $r.LearningMap['11'] | Should -Be '该'; $r.ResearchId | Should -Be 2 } }
        @{ Name = 'deep-research-web-research-web-result-finished-sse'; Phase = 'WebResearch'; Status = 'WebResultFinished'; Check = { $r.Activity | Should -Match 'round 1 done' } }
        @{ Name = 'deep-research-answer-typing-reference-sse'; Phase = 'answer'; Status = 'typing'; Check = { $r.References[0].Index | Should -Be 1; $r.References[0].Url | Should -Match 'csdn'; $r.Text | Should -Be '#' } }
        @{ Name = 'deep-research-answer-finished-sse'; Phase = 'answer'; Status = 'finished'; Check = { $r.Usage.OutputTokens | Should -Be 8930 } }
    ) {
        param($Name, $Phase, $Status, $Check)
        $output = Invoke-QwenChat 'research' -Model qwen-deep-research -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri "scenario=$Name")
        $r = $output | Where-Object { $_ -is [DashScope.Models.QwenResearchRecord] } | Select-Object -First 1
        $r | Should -Not -BeNullOrEmpty
        $r.Phase | Should -Be $Phase
        $r.Status | Should -Be $Status
        & $Check
        $output[-1].Research | Should -Not -BeNullOrEmpty
    }

    It 'shows the research phases as progress where a person watches (not with -Stream), then completes it' {
        $recorder = New-RecordingHost
        $result = Invoke-InHost -Recorder $recorder -Script {
            param($BaseUri, $Key)
            Invoke-QwenChat 'research' -Model qwen-deep-research -ApiKey $Key -BaseUri $BaseUri
        } -Arguments (Get-TestBaseUri 'scenario=deep-research-web-research-streaming-queries-sse'), $Key
        $result | Should -BeOfType ([DashScope.Models.QwenChatResult])
        $research = @($recorder.Progress | Where-Object Activity -eq 'Deep research (qwen-deep-research)')
        $research.Count | Should -BeGreaterThan 1
        $research[0].StatusDescription | Should -Be 'WebResearch / streamingQueries'
        $research[-1].RecordType | Should -Be 'Completed'

        $streamed = New-RecordingHost
        $null = Invoke-InHost -Recorder $streamed -Script {
            param($BaseUri, $Key)
            Invoke-QwenChat 'research' -Model qwen-deep-research -Stream -ApiKey $Key -BaseUri $BaseUri
        } -Arguments (Get-TestBaseUri 'scenario=deep-research-web-research-streaming-queries-sse'), $Key
        $streamed.Progress | Should -BeNullOrEmpty
    }

    It 'drops keep-alive events from the records but still completes' {
        $output = Invoke-QwenChat 'research' -Model qwen-deep-research -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=deep-research-keep-alive-type-sse')
        @($output | Where-Object { $_ -is [DashScope.Models.QwenResearchRecord] }).Count | Should -Be 0
        $output[-1] | Should -BeOfType ([DashScope.Models.QwenChatResult])
    }

    It 'asks a clarifying question first; piping the result back with a reply runs the research' {
        $id = New-TestId
        $uri = Get-TestBaseUri "id=$id"
        $question = Invoke-QwenChat '研究一下人工智能在教育中的应用' -Model qwen-deep-research -ApiKey $Key -BaseUri $uri
        $question.Research.IsQuestion | Should -BeTrue
        $question.Text | Should -Be '请问您希望重点研究哪些具体方面？'
        $question.Streamed | Should -BeFalse

        $report = $question | Invoke-QwenChat '我主要关注个性化学习方面' -ApiKey $Key -BaseUri $uri
        $report.Model | Should -Be 'qwen-deep-research'
        $report.Research.IsQuestion | Should -BeFalse
        $report.Text | Should -Be "# 研究报告`n人工智能正在改变个性化学习[1]。"
        $report.Research.Plan | Should -Be '本研究聚焦于个性化学习。'
        $report.Research.Rounds.Count | Should -Be 1
        $round = $report.Research.Rounds[0]
        $round.Goal | Should -Be '深入理解人工智能'
        $round.Queries | Should -Be @('人工智能 个性化学习')
        $round.WebSites.Count | Should -Be 2
        $round.Learned | Should -Be '该领域发展迅速'
        $round.Finished | Should -BeTrue
        $report.Research.References[0].Title | Should -Be '基于人工智能的推荐系统'
        $report.Research.Phases | Should -Be @('ResearchPlanning', 'WebResearch', 'answer')
        $report.FinishReason | Should -Be 'stop'
        $report.Usage.OutputTokens | Should -BeGreaterThan 0

        # The second request carries the question and the reply, streamed, as the service requires.
        $second = (Get-TestServerRequests $id)[1]
        $second.Headers.'x-dashscope-sse' | Should -Be 'enable'
        $body = $second.Body | ConvertFrom-Json
        $body.input.messages.role | Should -Be @('user', 'assistant', 'user')
        $body.input.messages[1].content | Should -Be '请问您希望重点研究哪些具体方面？'
        $body.parameters.incremental_output | Should -BeTrue
        $body.parameters.result_format | Should -Be 'message'
    }

    It 'writes typed records per phase with -Stream and the report last' {
        $uri = Get-TestBaseUri
        $output = Invoke-QwenChat -Messages @{ role = 'user'; content = 'AI in education' }, @{ role = 'assistant'; content = 'Which aspect?' } -Prompt 'Personalised learning' -Model qwen-deep-research -Stream -ApiKey $Key -BaseUri $uri
        $records = $output | Where-Object { $_ -is [DashScope.Models.QwenResearchRecord] }
        ($records.Phase | Select-Object -Unique) | Should -Be @('ResearchPlanning', 'WebResearch', 'answer')
        ($records | Where-Object Status -eq 'streamingWebResult' | Select-Object -First 1).WebSites.Count | Should -Be 2
        $output[-1].PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenChatResult#Streamed'
        $output[-1].Research.References.Count | Should -Be 1
    }
}
