BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1') -Force
    $script:Key = 'sk-search-test'
    function Get-RecordedRequestBody([string] $Name) {
        Get-Content (Join-Path $PSScriptRoot "../recordings/$Name.request.body.json") -Raw | ConvertFrom-Json -AsHashtable
    }
}

Describe 'Web search (-EnableSearch)' {
    It 'replays the recorded search answer with its search results as typed objects' {
        $result = Invoke-QwenChat '阿里股价' -EnableSearch -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=single-generation-message-search-nosse')
        $result.SearchResults.Count | Should -BeGreaterThan 0
        $first = $result.SearchResults[0]
        $first | Should -BeOfType ([DashScope.Models.QwenSearchResult])
        $first.Index | Should -Be 1
        $first.Title | Should -Match '阿里'
        $first.Icon | Should -Match '^https://'
        $first.SiteName | Should -Not -BeNullOrEmpty
        $result.SearchToolInfo[0].Tool | Should -Be 'stock'
        $result.Text | Should -Match 'ref_1'
    }

    It 'keeps the first event''s search results when streaming (later events repeat empty arrays)' {
        $output = Invoke-QwenChat '杭州明天的天气' -EnableSearch -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=single-generation-message-search-sse')
        $result = $output[-1]
        $result.SearchResults.Count | Should -Be 5
        $result.SearchResults.Index | Should -Be @(1, 2, 3, 4, 5)
        $result.SearchResults[1].SiteName | Should -Be 'eastday'
        $result.SearchResults[0].Url | Should -Be 'https://www.ip.cn/tianqi/zhejiang/hangzhou/15day.html'
        $result.Usage.TotalTokens | Should -BeGreaterThan 700
    }

    It 'sends enable_search and search_options as the recorded streamed request does' {
        $id = New-TestId
        $null = Invoke-QwenChat '杭州明天的天气' -ForceSearch -SearchStrategy standard -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $sent = (Get-TestServerRequests $id)[0].Body | ConvertFrom-Json -AsHashtable
        $recorded = Get-RecordedRequestBody 'single-generation-message-search-sse'
        $sent.parameters.enable_search | Should -BeTrue
        foreach ($key in $recorded.parameters.search_options.Keys) {
            $sent.parameters.search_options[$key] | Should -Be $recorded.parameters.search_options[$key] -Because "search_options.$key"
        }
        $sent.parameters.incremental_output | Should -BeTrue
        $sent.input.messages[0].content | Should -Be '杭州明天的天气'
    }

    It 'maps citations, freshness and sites; -SearchOptions keys win' {
        $id = New-TestId
        $result = Invoke-QwenChat 'West Lake news' -EnableCitation -CitationFormat '[<number>]' -SearchFreshness 30 -SearchSite 'westlake.hangzhou.gov.cn' `
            -SearchOptions @{ search_strategy = 'max'; intention_options = @{ prompt_intervene = 'parks' } } -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $options = ((Get-TestServerRequests $id)[0].Body | ConvertFrom-Json -AsHashtable).parameters.search_options
        $options.enable_citation | Should -BeTrue
        $options.citation_format | Should -Be '[<number>]'
        $options.freshness | Should -Be 30
        $options.assigned_site_list | Should -Be @('westlake.hangzhou.gov.cn')
        $options.search_strategy | Should -Be 'max'
        $options.intention_options.prompt_intervene | Should -Be 'parks'
        $result.Text | Should -Match '\[1\]'
        $result.SearchResults.Count | Should -Be 2
    }

    It 'simulated stream with prepend_search_result: results survive the empty arrays of later events' {
        $output = Invoke-QwenChat 'weather?' -EnableSearch -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri)
        $result = $output[-1]
        $result.SearchResults.Title | Should -Contain '测试搜索结果二'
        ($output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] }).Count | Should -BeGreaterThan 2
    }

    It 'sends no search parameters without -EnableSearch' {
        $id = New-TestId
        $result = Invoke-QwenChat 'hello' -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $parameters = ((Get-TestServerRequests $id)[0].Body | ConvertFrom-Json -AsHashtable).parameters
        $parameters.ContainsKey('enable_search') | Should -BeFalse
        $result.SearchResults.Count | Should -Be 0
    }
}
