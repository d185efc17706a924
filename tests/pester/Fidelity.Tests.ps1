# Fidelity: for each recorded request a cmdlet can make, the cmdlet call a user would type is issued against the test
# server, which replays the recorded response (scenario=NAME). The test then checks that
#   - the request body equals the recorded one field by field (Compare-TestJson: members in any order, arrays in
#     order, numbers by value; multipart forms as their fields), except the fields the row lists as sent differently
#     on purpose (Differences) or as known gaps (Gaps), each with its reason; a listed field that no longer differs
#     fails too, so the lists stay true;
#     a recording without a body (a GET, a POST with none) is matched only by a request without one;
#   - the request goes to the recorded endpoint (its query string included) with the headers that change what the
#     service does (a stream: X-DashScope-SSE / Accept; X-DashScope-OssResourceResolve; X-DashScope-Async),
#     Compare-TestRequestHeaders;
#   - the user gets what the recorded response says (Check): text, reasoning, choices, tool calls, search results,
#     OCR fields, token counts, usage, request id, application session id, vectors, pictures, tasks, batches and
#     their results, errors with the service's code.
# A row: Name (the recording), Call (the cmdlet call; takes the base URI, uses $Key), Check (takes the output and
# Get-RecordedAnswer), and where needed Differences, Gaps, Endpoint (when the recording has no request line or names
# another host), ApiKey, Scenario (the recording replayed, default Name; A+B replays A to the call's first request and
# B to the later ones, and the answer checked is the last one's), Request (a wildcard on the path of the request
# compared, when the call makes several) and Form (the bodies are multipart forms).
#
# Deliberate differences, shared by many rows ($Reason below): the module always sends result_format "message" and
# the conversation as input.messages (never input.prompt or result_format "text"); it leaves out SDK defaults such
# as enable_search:false and incremental_output:false; it sends incremental_output:true only when it streams, and it
# streams calls that think. Token-id stop sequences ([[37763,367]]) and max_completion_tokens have no cmdlet
# parameter: the rows send them through -AdditionalParameters, as a user would.
#
# Recordings with a request body that no cmdlet can make, and why (left in /work/shared/recordings, not copied here):
#   batch-text-embedding-nosse               text-embedding-async-v2 embedding a file at a URL, one text per line, as an
#                                            async task: no cmdlet submits one; the module's batch embeddings go through
#                                            the Batch API instead (Get-QwenEmbedding -AsBatch, /v1/embeddings lines)
#   image-generation-nosse                   wanx-style-repaint-v1 repainting a picture (input.image_url, input.style_index):
#                                            New-QwenImage makes pictures from a prompt, and its -AdditionalParameters go in
#                                            "parameters", not "input"; no cmdlet edits a picture
#   image2image-synthesis-translation-nosse  qwen-mt-image translating the text in a picture (input.image_url, source_lang,
#                                            target_lang, ext): no cmdlet translates pictures
#   background-generation-nosse              wanx-background-generation-v2 (input.base_image_url, ref_image_url, title,
#                                            sub_title, ...): no cmdlet generates backgrounds
# Fields no cmdlet parameter could express were made expressible: the batch list's limit (Get-QwenBatch -PageSize) and
# the batch's ds_batch_finish_callback (Start-QwenBatch -CallbackUri); the list's after is the module's own paging.
# The other recordings are made by no row: task polls and cancels, the upload policy, file lists, lookups and
# deletions (requests without a body), uploads recorded without their body (upload-file-nosse,
# upload-file-error-nosse), deep-research phase excerpts, speech-synthesis WebSocket frames.

BeforeDiscovery {
    $Reason = @{
        Messages       = 'the module sends the conversation as input.messages, never input.prompt (the SDK''s text form)'
        ResultFormat   = 'the module always asks for result_format "message" (choices with messages), which every model answers'
        SearchOff      = 'enable_search:false is the service default; the module sends enable_search only when search is asked for'
        NotStreamed    = 'incremental_output:false is the service default; the module sends incremental_output only when it streams, and then true'
        ThinkingStream = 'a call that thinks is streamed (incremental_output:true, X-DashScope-SSE, Accept: text/event-stream): most families think only in streams, and a whole answer to a stream is read all the same'
        StreamHeaders  = 'the recorded client asked for a stream by incremental_output alone; the module sends X-DashScope-SSE and Accept: text/event-stream whenever it streams'
    }
    $TextPath = '/api/v1/services/aigc/text-generation/generation'
    $MultimodalPath = '/api/v1/services/aigc/multimodal-generation/generation'

    $Rows = @(
        # ---------------------------------------------------------------- text generation
        @{
            Name        = 'single-generation-text-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？' -Model qwen-max -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.input.prompt' = $Reason.Messages; '$.input.messages' = $Reason.Messages; '$.parameters.result_format' = $Reason.ResultFormat; '$.parameters.enable_search' = $Reason.SearchOff; '$.parameters.incremental_output' = $Reason.NotStreamed }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded }
        }
        @{
            Name        = 'single-generation-text-sse'
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？' -Model qwen-max -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -Stream -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.input.prompt' = $Reason.Messages; '$.input.messages' = $Reason.Messages; '$.parameters.result_format' = $Reason.ResultFormat; '$.parameters.enable_search' = $Reason.SearchOff }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded -Streamed }
        }
        @{
            Name        = 'single-generation-message-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？' -Model qwen-max -Seed 1234 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ max_completion_tokens = 1500; stop = @(, @(37763, 367)) } -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.enable_search' = $Reason.SearchOff; '$.parameters.incremental_output' = $Reason.NotStreamed }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded }
        }
        @{
            Name        = 'single-generation-message-sse'
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？' -Model qwen-max -Seed 1234 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ max_completion_tokens = 1500; stop = @(, @(37763, 367)) } -Stream -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.enable_search' = $Reason.SearchOff }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded -Streamed }
        }
        @{
            Name        = 'single-generation-message-json-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？用 JSON 格式输出。' -Model qwen-max -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -ResponseFormat JsonObject -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.enable_search' = $Reason.SearchOff; '$.parameters.incremental_output' = $Reason.NotStreamed }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded
                { $result.Text | ConvertFrom-Json } | Should -Not -Throw
            }
        }
        @{
            Name        = 'single-generation-message-logprobs-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？请直接输出结果' -Model qwen-max -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -LogProbabilities -TopLogProbabilities 2 -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded
                $recordedTokens = @($Recorded.Last.output.choices[0].logprobs.content)
                $result.LogProbabilities.Count | Should -Be $recordedTokens.Count
                for ($i = 0; $i -lt $recordedTokens.Count; $i++) {
                    $result.LogProbabilities[$i].Token | Should -BeExactly $recordedTokens[$i].token
                    $result.LogProbabilities[$i].LogProbability | Should -Be $recordedTokens[$i].logprob
                    $result.LogProbabilities[$i].Bytes | Should -Be $recordedTokens[$i].bytes
                    @($result.LogProbabilities[$i].TopAlternatives.Token) | Should -Be @($recordedTokens[$i].top_logprobs.token)
                }
            }
        }
        @{
            Name        = 'single-generation-message-reasoning-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？' -Model deepseek-v4-pro -EnableThinking -AdditionalParameters @{ max_completion_tokens = 20 } -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat; '$.parameters.incremental_output' = $Reason.ThinkingStream; 'header:X-DashScope-SSE' = $Reason.ThinkingStream; 'header:Accept' = $Reason.ThinkingStream }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded
                $result.Reasoning | Should -BeExactly $Recorded.Reasoning
                $result.Usage.ReasoningTokens | Should -Be $Recorded.Usage.output_tokens_details.reasoning_tokens
            }
        }
        @{
            Name        = 'single-generation-message-reasoning-effort-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '填入数列“1，7，8，57，（ ），3370”空缺处的数字' -Model deepseek-v4-pro -EnableThinking -ReasoningEffort xhigh -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat; '$.parameters.incremental_output' = $Reason.ThinkingStream; 'header:X-DashScope-SSE' = $Reason.ThinkingStream; 'header:Accept' = $Reason.ThinkingStream }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded
                $result.Reasoning | Should -BeExactly $Recorded.Reasoning
                $result.Usage.ReasoningTokens | Should -Be $Recorded.Usage.output_tokens_details.reasoning_tokens
            }
        }
        @{
            Name        = 'single-generation-message-reasoning-sse'
            Endpoint    = $TextPath   # the recording has no request line
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？' -Model qwen-plus-latest -EnableThinking -ThinkingBudget 10 -Stream -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded -Streamed
                $result.Reasoning | Should -BeExactly $Recorded.Reasoning
                -join (Get-StreamRecords $Output).Reasoning | Should -BeExactly $Recorded.Reasoning
            }
        }
        @{
            Name        = 'single-generation-message-roleplay-nosse'
            Endpoint    = $TextPath   # the recording has no request line
            Call        = {
                param($BaseUri)
                $character = "你是江让，男性，从 3 岁起你就入门编程，小学就开始研习算法，初一时就已经在算法竞赛斩获全国金牌。目前你在初二年级，作为老师的助教帮忙辅导初一的竞赛生。`n" +
                "你的性格特点：聪明，早慧，一路畅通的你有时很难理解其他人为什么连这么简单的问题都不会做，但除开编程范围之外，你还是一个普通的初二学生。`n" +
                "你的行事风格：在编程方面乐于助人，会将自己的知识的倾囊相授，虽然问的人并不一定能跟上你的思路。`n" +
                '你可以将动作、神情语气、心理活动、故事背景放在（）中来表示，为对话提供补充信息。'
                Invoke-QwenChat '我是蒟蒻，还在准备模拟赛。你能教我 splay 树怎么写吗？' -Model qwen-plus-character -SystemPrompt $character -Messages @{ role = 'assistant'; content = '你在干嘛呢' } `
                    -Choices 2 -AdditionalParameters @{ logit_bias = @{ '9909' = -100; '42344' = -100; '58359' = -100; '91093' = -100 } } -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded
                $result.Choices.Count | Should -Be 2
                foreach ($choice in $result.Choices) { $choice.Text | Should -BeExactly $Recorded.Texts[$choice.Index] }
            }
        }
        @{
            Name        = 'single-generation-message-search-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '阿里股价' -Model qwen-plus -EnableSearch -ForceSearch -SearchStrategy standard -EnableCitation -CitationFormat '[ref_<number>]' -SearchOptions @{ enable_search_extension = $true } -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded
                Assert-SearchResults $result $Recorded
                @($result.SearchToolInfo.Tool) | Should -Be @($Recorded.Last.output.search_info.extra_tool_info.tool)
            }
        }
        @{
            Name        = 'single-generation-message-search-sse'
            Call        = { param($BaseUri) Invoke-QwenChat '杭州明天的天气' -Model qwen-plus -ForceSearch -SearchStrategy standard -Stream -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded -Streamed
                Assert-SearchResults $result $Recorded
            }
        }
        @{
            Name        = 'single-generation-message-translation-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '博客园的理念是代码改变世界' -Model qwen-mt-plus -SourceLanguage Chinese -TargetLanguage English -Term @{ '博客园' = 'cnblogs' } -TranslationMemory @{ '代码改变世界' = 'Coding changes world' } -Domain 'This text is a promotion.' -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.incremental_output' = $Reason.NotStreamed }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded }
        }
        @{
            Name        = 'single-generation-message-with-code-interpreter-sse'
            Call        = { param($BaseUri) Invoke-QwenChat '123的21次方是多少？' -Model qwen3-max-preview -EnableCodeInterpreter -Stream -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded -Streamed
                $result.Reasoning | Should -BeExactly $Recorded.Reasoning
                $recordedRun = @($Recorded.Events | Where-Object { $_.output.PSObject.Properties['tool_info'] })[0].output.tool_info[0]
                $result.CodeRuns.Count | Should -Be 1
                $result.CodeRuns[0].Type | Should -Be $recordedRun.type
                $result.CodeRuns[0].Code | Should -BeExactly $recordedRun.code_interpreter.code
            }
        }
        @{
            Name        = 'single-generation-message-with-tools-nosse'
            Call        = { param($BaseUri) Invoke-QwenChat '杭州现在的天气如何？' -Model qwen-max -Seed 1234 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -PresencePenalty 1.2 -Temperature 0.85 -Stop '你好' -Tool (Get-WeatherTool) -ToolChoice get_current_weather -InvokeTool None -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.stop' = '-Stop sends a list of stop strings; the service takes one string or a list'; '$.parameters.enable_search' = $Reason.SearchOff; '$.parameters.incremental_output' = $Reason.NotStreamed }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded
                Assert-ToolCalls $result @($Recorded.Last.output.choices[0].message.tool_calls)
            }
        }
        @{
            Name        = 'single-generation-message-with-parallel-tools-sse'
            Endpoint    = $TextPath   # the recording has no request line
            Call        = { param($BaseUri) Invoke-QwenChat '杭州和上海现在的天气如何？' -Model qwen-max -Seed 6999 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -Tool (Get-WeatherTool) -ParallelToolCalls -InvokeTool None -Stream -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.enable_search' = $Reason.SearchOff }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded -Streamed
                # The calls arrive in fragments: an id and name first, then pieces of the arguments.
                Assert-ToolCalls $result @(
                    @{ id = 'call_29a870e7106f45deb8add3'; index = 0; function = @{ name = 'get_current_weather'; arguments = '{"location": "浙江省杭州市"}' } }
                    @{ id = 'call_026e44bb31a74266949a20'; index = 1; function = @{ name = 'get_current_weather'; arguments = '{"location": "上海市"}' } }
                )
            }
        }
        @{
            Name        = 'single-generation-message-with-tools-sse'
            Call        = {
                param($BaseUri)
                $conversation = @(
                    @{ role = 'user'; content = '杭州上海现在的天气如何？' }
                    @{
                        role = 'assistant'; content = ''
                        tool_calls = @(
                            @{ function = @{ name = 'get_current_weather'; arguments = '{"location": "浙江省杭州市"}' }; index = 0; id = 'call_cec4c19d27624537b583af'; type = 'function' }
                            @{ function = @{ name = 'get_current_weather'; arguments = '{"location": "上海市"}' }; index = 1; id = 'call_dxjdop3d27624537b583af'; type = 'function' }
                        )
                    }
                    @{ role = 'tool'; content = '浙江省杭州市 大部多云，摄氏 18 度'; tool_call_id = 'call_cec4c19d27624537b583af' }
                    @{ role = 'tool'; content = '上海市 多云转小雨，摄氏 19 度'; tool_call_id = 'call_dxjdop3d27624537b583af' }
                )
                Invoke-QwenChat -Messages $conversation -Model qwen-plus -Seed 6999 -Tool (Get-WeatherTool) -ParallelToolCalls -InvokeTool None -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded -Streamed }
        }
        @{
            Name        = 'conversation-generation-message-partial-nosse'
            Call        = {
                param($BaseUri)
                Invoke-QwenChat -Messages @{ role = 'user'; content = '请对“春天来了，大地”这句话进行续写，来表达春天的美好和作者的喜悦之情' }, @{ role = 'assistant'; content = '春天来了，大地'; partial = $true } `
                    -Model qwen-max -Seed 1234 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.enable_search' = $Reason.SearchOff }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded }
        }
        @{
            Name        = 'conversation-generation-message-sse'
            Call        = {
                param($BaseUri)
                Invoke-QwenChat -Messages @{ role = 'user'; content = '现在请你记住一个数字，42' }, @{ role = 'assistant'; content = '好的，我已经记住了这个数字。' }, @{ role = 'user'; content = '请问我刚才提到的数字是多少？' } `
                    -Model qwen-max -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.enable_search' = $Reason.SearchOff }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded -Streamed }
        }
        @{
            Name        = 'conversation-generation-message-with-files-sse'
            Call        = {
                param($BaseUri)
                Invoke-QwenChat '这两个文件是相同的吗？' -Document 'file-fe-WTTG89tIUTd4ByqP3K48R3bn', 'file-fe-l92iyRvJm9vHCCfonLckf1o2' `
                    -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.enable_search' = $Reason.SearchOff }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded -Streamed
                $result.Model | Should -Be 'qwen-long'
            }
        }
        @{
            Name        = 'conversation-generation-message-with-doc-url-sse'
            Call        = {
                param($BaseUri)
                # URLs in -Document go to qwen-doc-turbo as a doc_url part; the model is the default for them.
                Invoke-QwenChat '从这两份产品手册中，提取所有产品信息，并整理成一个标准的JSON数组。每个对象需要包含：model(产品的型号)、name(产品的名称)、price(价格（去除货币符号和逗号）)' `
                    -Document 'https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20251107/jockge/%E7%A4%BA%E4%BE%8B%E4%BA%A7%E5%93%81%E6%89%8B%E5%86%8CA.docx',
                    'https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20251107/ztwxzr/%E7%A4%BA%E4%BE%8B%E4%BA%A7%E5%93%81%E6%89%8B%E5%86%8CB.docx' `
                    -SystemPrompt 'You are a helpful assistant.' -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = { param($Output, $Recorded) Assert-ChatAnswer $Output $Recorded -Streamed }
        }
        @{
            Name        = 'conversation-generation-message-skill-ppt-sse'
            Call        = {
                param($BaseUri)
                Invoke-QwenChat '生成一个ppt' -Model qwen-doc-turbo -SystemPrompt 'You are a helpful assistant.' -AdditionalParameters @{ skill = @(@{ type = 'ppt'; mode = 'creative' }) } -Stream -ApiKey $Key -BaseUri $BaseUri `
                    -Document 'https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20251107/jockge/%E7%A4%BA%E4%BE%8B%E4%BA%A7%E5%93%81%E6%89%8B%E5%86%8CA.docx'
            }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded -Streamed
                $result.Text | Should -Match '^http://\S+\.pptx\?'
                $result.Reasoning | Should -BeExactly $Recorded.Reasoning
            }
        }
        @{
            Name        = 'deep-research-planning-type-sse'
            Call        = {
                param($BaseUri)
                Invoke-QwenChat -Model qwen-deep-research -Stream -ApiKey $Key -BaseUri $BaseUri -Messages @(
                    @{ role = 'user'; content = '研究一下人工智能在教育中的应用' }
                    @{ role = 'assistant'; content = '请告诉我您希望重点研究人工智能在教育中的哪些具体应用场景？' }
                    @{ role = 'user'; content = '我主要关注个性化学习方面' })
            }
            Check       = {
                param($Output, $Recorded)
                $message = $Recorded.Last.output.message
                $records = @($Output | Where-Object { $_ -is [DashScope.Models.QwenResearchRecord] })
                $records.Count | Should -Be 1
                $records[0].Phase | Should -Be $message.phase
                $records[0].Status | Should -Be $message.status
                $records[0].Text | Should -BeExactly $message.content
                $records[0].RequestId | Should -Be $Recorded.RequestId
                $records[0].Usage.InputTokens | Should -Be $Recorded.Usage.input_tokens
                $result = Get-ChatResult $Output
                $result.Research.Phase | Should -Be $message.phase
                $result.RequestId | Should -Be $Recorded.RequestId
            }
        }

        # ---------------------------------------------------------------- errors
        @{
            Name        = 'auth-error-nosse'
            ApiKey      = 'sk-invalid'   # the key the test server refuses
            Call        = { param($BaseUri) Invoke-QwenChat '请问 1+1 是多少？' -Model qwen-max -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -ApiKey $Key -BaseUri $BaseUri -ErrorAction SilentlyContinue -ErrorVariable failures; $failures }
            Differences = @{ '$.input.prompt' = $Reason.Messages; '$.input.messages' = $Reason.Messages; '$.parameters.result_format' = $Reason.ResultFormat; '$.parameters.enable_search' = $Reason.SearchOff; '$.parameters.incremental_output' = $Reason.NotStreamed }
            Check       = { param($Output, $Recorded) Assert-ServiceError $Output $Recorded 'AuthenticationError' }
        }
        @{
            Name        = 'parameter-error-nosse'
            # The recorded bad parameter is input.prompt beside an empty input.messages, which the module never sends;
            # its bad parameter here is an empty user message, which breaks the same rule ("Content length must be
            # greater than 0").
            Call        = { param($BaseUri) Invoke-QwenChat -Messages @{ role = 'user'; content = '' } -Model qwen-max -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -ApiKey $Key -BaseUri $BaseUri -ErrorAction SilentlyContinue -ErrorVariable failures; $failures }
            Differences = @{ '$.input.prompt' = $Reason.Messages; '$.input.messages' = 'the bad parameter: an empty user message instead of the recorded empty list beside input.prompt'; '$.parameters.result_format' = $Reason.ResultFormat; '$.parameters.enable_search' = $Reason.SearchOff; '$.parameters.incremental_output' = $Reason.NotStreamed }
            Check       = { param($Output, $Recorded) Assert-ServiceError $Output $Recorded 'InvalidArgument' }
        }
        @{
            Name        = 'parameter-error-sse'
            Call        = { param($BaseUri) Invoke-QwenChat -Messages @{ role = 'user'; content = '' } -Model qwen-max -Seed 1234 -MaxTokens 1500 -TopP 0.8 -TopK 100 -RepetitionPenalty 1.1 -Temperature 0.85 -AdditionalParameters @{ stop = @(, @(37763, 367)) } -Stream -ApiKey $Key -BaseUri $BaseUri -ErrorAction SilentlyContinue -ErrorVariable failures; $failures }
            Differences = @{ '$.input.prompt' = $Reason.Messages; '$.input.messages' = 'the bad parameter: an empty user message instead of the recorded empty list beside input.prompt'; '$.parameters.result_format' = $Reason.ResultFormat; '$.parameters.enable_search' = $Reason.SearchOff; 'header:X-DashScope-SSE' = $Reason.StreamHeaders; 'header:Accept' = $Reason.StreamHeaders }
            Check       = { param($Output, $Recorded) Assert-ServiceError $Output $Recorded 'InvalidArgument' }
        }

        # ---------------------------------------------------------------- multimodal: tools and search through Invoke-QwenChat
        @{
            Name        = 'multimodal-generation-message-with-parallel-function-call-sse'
            Endpoint    = $MultimodalPath   # the recording has no request line
            Call        = {
                param($BaseUri)
                Invoke-QwenChat -Messages @{ role = 'user'; content = @(@{ image = 'https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg' }, @{ text = '根据杭州和上海现在的天气，以这张图片为参考，编一个 100 字以内的小故事' }) } `
                    -Model qwen3.6-plus -EnableThinking -Tool (Get-WeatherTool) -ParallelToolCalls -InvokeTool None -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded -Streamed
                $result.Reasoning | Should -BeExactly $Recorded.Reasoning
                # The fragments of both calls interleave: the second call starts in the event that ends the first.
                Assert-ToolCalls $result @(
                    @{ id = 'call_aa99ad078f294a3d81da41d7'; index = 0; function = @{ name = 'get_current_weather'; arguments = '{"location": "浙江省杭州市"}' } }
                    @{ id = 'call_aa8b6311567847e197e6ca7f'; index = 1; function = @{ name = 'get_current_weather'; arguments = '{"location": "上海市"}' } }
                )
            }
        }
        @{
            Name        = 'multimodal-generation-message-with-tools-sse'
            Endpoint    = $MultimodalPath   # the recording has no request line
            Call        = {
                param($BaseUri)
                $conversation = @(
                    @{ role = 'user'; content = @(@{ image = 'https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg' }, @{ text = '根据杭州和上海现在的天气，以这张图片为参考，编一个 100 字以内的小故事' }) }
                    @{
                        content = @(); role = 'assistant'
                        tool_calls = @(
                            @{ function = @{ arguments = '{"location": "浙江省杭州市"}'; name = 'get_current_weather' }; id = 'call_aa99ad078f294a3d81da41d7'; index = 0; type = 'function' }
                            @{ function = @{ arguments = '{"location": "上海市"}'; name = 'get_current_weather' }; id = 'call_aa8b6311567847e197e6ca7f'; index = 1; type = 'function' }
                        )
                    }
                    @{ role = 'tool'; content = @(@{ text = '杭州-大部多云' }); tool_call_id = 'call_aa99ad078f294a3d81da41d7' }
                    @{ role = 'tool'; content = @(@{ text = '上海-晴' }); tool_call_id = 'call_aa8b6311567847e197e6ca7f' }
                )
                Invoke-QwenChat -Messages $conversation -Model qwen3.6-plus -EnableThinking -Tool (Get-WeatherTool) -ParallelToolCalls -InvokeTool None -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded -Streamed
                $result.Reasoning | Should -BeExactly $Recorded.Reasoning
            }
        }
        @{
            Name        = 'multimodal-generation-with-websearch-nosse'
            Call        = {
                param($BaseUri)
                Invoke-QwenChat '介绍一下杭州西湖最近有什么好玩的？' -Model qwen3.6-plus -SearchFreshness 30 -SearchSite 'westlake.hangzhou.gov.cn' `
                    -SearchOptions @{ intention_options = @{ prompt_intervene = '建议偏向公园自然类景点' } } -AdditionalParameters @{ enable_text_image_mixed = $true } -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat; '$.parameters.incremental_output' = "qwen3.6-plus thinks by default: $($Reason.ThinkingStream)"; 'header:X-DashScope-SSE' = $Reason.ThinkingStream; 'header:Accept' = $Reason.ThinkingStream; '$.parameters.search_options.prepend_search_result' = 'a streamed search asks for the search results first, so they arrive before the answer' }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ChatAnswer $Output $Recorded
                $result.Reasoning | Should -BeExactly $Recorded.Reasoning
                Assert-SearchResults $result $Recorded
            }
        }

        # ---------------------------------------------------------------- vision, video, OCR, audio
        @{
            Name        = 'multimodal-generation-vl-nosse'
            Call        = {
                param($BaseUri)
                Invoke-QwenVision '这个图片是哪里，请用简短的语言回答' -Image 'https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg' -Model qwen-vl-plus -SystemPrompt 'You are a helpful assistant.' `
                    -Seed 1234 -TopP 0.81 -Temperature 1.1 -HighResolution -AdditionalParameters @{ top_k = 100; repetition_penalty = 1.3; presence_penalty = 1.2; stop = '你好' } -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenVisionResult]) -Tokens ImageTokens }
        }
        @{
            Name        = 'multimodal-generation-vl-sse'
            Call        = {
                param($BaseUri)
                Invoke-QwenVision '这个图片是哪里，请用简短的语言回答' -Image 'https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg' -Model qwen-vl-plus -SystemPrompt 'You are a helpful assistant.' `
                    -Seed 1234 -TopP 0.81 -AdditionalParameters @{ top_k = 100 } -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenVisionResult]) -Tokens ImageTokens -Streamed }
        }
        @{
            Name        = 'multimodal-generation-vl-video-nosse'
            Call        = {
                param($BaseUri)
                $frames = 'xzsgiz/football1.jpg', 'tdescd/football2.jpg', 'zefdja/football3.jpg', 'aedbqh/football4.jpg' | ForEach-Object { "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/$_" }
                Invoke-QwenVision '描述这个视频的具体过程' -Frame $frames -Model qwen-vl-max -Seed 1234 -TopP 0.01 -Temperature 0.1 -AdditionalParameters @{ repetition_penalty = 1.05 } -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenVisionResult]) -Tokens VideoTokens }
        }
        @{
            Name        = 'multimodal-generation-vl-video-sse'
            Call        = {
                param($BaseUri)
                $frames = 'xzsgiz/football1.jpg', 'tdescd/football2.jpg', 'zefdja/football3.jpg', 'aedbqh/football4.jpg' | ForEach-Object { "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/$_" }
                Invoke-QwenVision '描述这个视频的具体过程' -Frame $frames -Model qwen-vl-max -Seed 1234 -TopP 0.01 -Temperature 0.1 -AdditionalParameters @{ repetition_penalty = 1.05 } -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenVisionResult]) -Tokens VideoTokens -Streamed }
        }
        @{
            Name        = 'multimodal-generation-vl-video-file-sse'
            Call        = {
                param($BaseUri)
                Invoke-QwenVision '描述这个视频的具体过程' -Video 'oss://dashscope-instant/52afe077fb4825c6d74411758cb1ab98/2025-11-15/0b590ae2-3904-4919-a886-d0a2e6ede1b8/sample.mp4' -Fps 2 -Model qwen-vl-max -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenVisionResult]) -Tokens VideoTokens -Streamed }
        }
        @{
            Name        = 'multimodal-generation-vl-ocr-nosse'
            Call        = {
                param($BaseUri)
                Get-QwenOcr 'https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/ctdzex/biaozhun.jpg' -Model qwen-vl-ocr -Prompt 'Read all the text in the image.' `
                    -MinPixels 3136 -MaxPixels 1003520 -TopP 0.01 -Temperature 0.1 -MaxTokens 2000 -AdditionalParameters @{ repetition_penalty = 1.05 } -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenOcrResult]) -Tokens ImageTokens }
        }
        @{
            Name        = 'multimodal-generation-vl-ocr-sse'
            Call        = {
                param($BaseUri)
                Get-QwenOcr 'https://help-static-aliyun-doc.aliyuncs.com/assets/img/zh-CN/5727078571/p1006562.png' -Prompt 'Read all the text in the image.' -MinPixels 3136 -MaxPixels 1003520 -EnableRotate `
                    -TopP 0.01 -Temperature 0.1 -MaxTokens 2000 -AdditionalParameters @{ repetition_penalty = 1.05 } -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenOcrResult]) -Tokens ImageTokens -Streamed }
        }
        @{
            Name        = 'multimodal-generation-vl-ocr-key-information-extraction-nosse'
            Call        = {
                param($BaseUri)
                $schema = [ordered]@{
                    '乘车日期' = '对应图中乘车日期时间，格式为年-月-日，比如2025-03-05'
                    '发票'   = [ordered]@{ '发票代码' = '提取图中的发票代码，通常为一组数字或字母组合'; '发票号码' = '提取发票上的号码，通常由纯数字组成。' }
                }
                Get-QwenOcr 'https://duguang-labelling.oss-cn-shanghai.aliyuncs.com/demo_ocr/receipt_zh_demo.jpg' -Schema $schema -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = {
                param($Output, $Recorded)
                $fields = $Recorded.Last.output.choices[0].message.content[0].ocr_result.kv_result
                $Output.Count | Should -Be 1
                $Output[0].PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenOcrFields'
                $Output[0].'乘车日期' | Should -Be $fields.'乘车日期'
                $Output[0].'发票'.'发票代码' | Should -Be $fields.'发票'.'发票代码'
                $Output[0].'发票'.'发票号码' | Should -Be $fields.'发票'.'发票号码'
                $Output[0].RequestId | Should -Be $Recorded.RequestId
            }
        }
        @{
            Name        = 'multimodal-generation-vl-ocr-advanced-recognition-nosse'
            Call        = { param($BaseUri) Get-QwenOcr 'https://help-static-aliyun-doc.aliyuncs.com/assets/img/zh-CN/5727078571/p1008252.png' -Task AdvancedRecognition -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenOcrResult]) -Tokens ImageTokens
                $words = @($Recorded.Last.output.choices[0].message.content[0].ocr_result.words_info)
                @($result.Words.Text) | Should -Be @($words.text)
                @($result.Words[0].Location | ForEach-Object { $_.X; $_.Y }) | Should -Be @($words[0].location)
            }
        }
        @{
            Name        = 'multimodal-generation-audio-nosse'
            Call        = {
                param($BaseUri)
                ConvertFrom-QwenAudio 'https://dashscope.oss-cn-beijing.aliyuncs.com/audios/2channel_16K.wav' -Prompt '这段音频在说什么，请用简短的语言回答' -Model qwen-audio-turbo -SystemPrompt 'You are a helpful assistant.' `
                    -Seed 1234 -TopP 0.81 -AdditionalParameters @{ top_k = 100 } -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenTranscript]) -Tokens AudioTokens }
        }
        @{
            Name        = 'multimodal-generation-audio-sse'
            Call        = {
                param($BaseUri)
                ConvertFrom-QwenAudio 'https://dashscope.oss-cn-beijing.aliyuncs.com/audios/2channel_16K.wav' -Prompt '这段音频的第一句话说了什么？' -Model qwen-audio-turbo -SystemPrompt 'You are a helpful assistant.' `
                    -Seed 1234 -TopP 0.81 -AdditionalParameters @{ top_k = 100 } -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenTranscript]) -Tokens AudioTokens -Streamed }
        }
        @{
            Name        = 'multimodal-generation-audio-caption-sse'
            Call        = { param($BaseUri) ConvertFrom-QwenAudio 'https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20240916/xvappi/%E8%A3%85%E4%BF%AE%E5%99%AA%E9%9F%B3.wav' -Model qwen3-omni-30b-a3b-captioner -Stream -ApiKey $Key -BaseUri $BaseUri }
            Differences = @{ '$.parameters.result_format' = $Reason.ResultFormat }
            Check       = { param($Output, $Recorded) Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenTranscript]) -Streamed }
        }

        # ---------------------------------------------------------------- tokenizer
        @{
            Name        = 'tokenization-nosse'
            Call        = { param($BaseUri) Measure-QwenToken -Messages @{ role = 'user'; content = '代码改变世界' } -Model qwen-max -AdditionalParameters @{ seed = 1234 } -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $Output.Count | Should -Be 1
                $Output[0] | Should -BeOfType ([DashScope.Models.QwenTokenization])
                $Output[0].TokenIds | Should -Be $Recorded.Last.output.token_ids
                $Output[0].Tokens | Should -Be $Recorded.Last.output.tokens
                $Output[0].Count | Should -Be $Recorded.Usage.input_tokens
                $Output[0].Model | Should -Be 'qwen-max'
                $Output[0].RequestId | Should -Be $Recorded.RequestId
            }
        }

        # ---------------------------------------------------------------- applications
        @{
            Name        = 'application-single-generation-text-nosse'
            Call        = {
                param($BaseUri)
                Invoke-QwenApplication '总结xUnit Test Patterns中的内容' -AppId 5ccc140108fd4b2ea5e6101fbada7583 -TopK 100 -TopP 0.8 -Seed 1234 -Temperature 0.85 `
                    -AdditionalParameters @{ rag_options = @{ pipeline_ids = @('thie5bysoj'); file_ids = @('file_d129d632800c45aa9e7421b30561f447_10207234') } } -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = { param($Output, $Recorded) Assert-ApplicationAnswer $Output $Recorded }
        }
        @{
            Name        = 'application-single-generation-text-sse'
            Call        = {
                param($BaseUri)
                Invoke-QwenApplication '总结xUnit Test Patterns中的内容' -AppId 010aa085cc9943268731861c9511bb0c -TopK 100 -TopP 0.8 -Seed 1234 -Temperature 0.85 `
                    -AdditionalParameters @{ rag_options = @{ pipeline_ids = @('thie5bysoj'); tags = @('xUnit') } } -Stream -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = { param($Output, $Recorded) Assert-ApplicationAnswer $Output $Recorded -Streamed }
        }
        @{
            Name        = 'application-single-generation-text-with-thought-nosse'
            Call        = {
                param($BaseUri)
                Invoke-QwenApplication '总结xUnit Test Patterns中的内容' -AppId 010aa085cc9943268731861c9511bb0c -IncludeThoughts -TopK 100 -TopP 0.8 -Seed 1234 -Temperature 0.85 `
                    -AdditionalParameters @{ rag_options = @{ pipeline_ids = @('thie5bysoj'); file_ids = @('file_d129d632800c45aa9e7421b30561f447_10207234') } } -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = { param($Output, $Recorded) Assert-ApplicationAnswer $Output $Recorded }
        }
        @{
            Name        = 'application-single-generation-text-with-memory-nosse'
            Call        = { param($BaseUri) Invoke-QwenApplication '我爱吃面食' -AppId 5ccc140108fd4b2ea5e6101fbada7583 -MemoryId ffd8be2352d84c6b9350e91c865b512e -IncludeThoughts -TopK 100 -TopP 0.8 -Seed 1234 -Temperature 0.85 -ApiKey $Key -BaseUri $BaseUri }
            Check       = { param($Output, $Recorded) Assert-ApplicationAnswer $Output $Recorded }
        }
        @{
            Name        = 'application-conversation-generation-message-nosse'
            Call        = {
                param($BaseUri)
                $conversation = @(
                    @{ role = 'system'; content = 'You are a helpful assistant.' }
                    @{ role = 'user'; content = '你是谁？' }
                    @{ role = 'assistant'; content = '我是阿里云开发的大规模语言模型，我叫通义千问。' }
                    @{ role = 'user'; content = '哪些人的主食偏好是米饭？' }
                )
                Invoke-QwenApplication -AppId 5ccc140108fd4b2ea5e6101fbada7583 -Messages $conversation -IncludeThoughts -TopK 100 -TopP 0.8 -Seed 1234 -Temperature 0.85 `
                    -AdditionalParameters @{ rag_options = @{ pipeline_ids = @('e6md69132k'); structured_filter = @{ '年龄' = 14 } } } -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = { param($Output, $Recorded) Assert-ApplicationAnswer $Output $Recorded }
        }
        @{
            Name        = 'application-conversation-generation-session-id-nosse'
            Call        = {
                param($BaseUri)
                Invoke-QwenApplication '总结一下第一本书的内容' -AppId 010aa085cc9943268731861c9511bb0c -SessionId 9995da2046a04b448dc5a562563f4835 -IncludeThoughts -TopK 100 -TopP 0.8 -Seed 1234 -Temperature 0.85 `
                    -AdditionalParameters @{ rag_options = @{ pipeline_ids = @('ll6yfcnxjg'); metadata_filter = @{ docType = '电子书' } } } -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = { param($Output, $Recorded) Assert-ApplicationAnswer $Output $Recorded }
        }
        @{
            Name        = 'application-workflow-nosse'
            Call        = { param($BaseUri) Invoke-QwenApplication '请你跟我这样说' -AppId debbb624ccfd4ebdac605edc27f94f7a -Parameter @{ sourceCode = 'code' } -TopK 100 -TopP 0.8 -Seed 1234 -Temperature 0.85 -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-ApplicationAnswer $Output $Recorded
                $result.Text | Should -BeExactly 'code'   # the workflow echoes its sourceCode parameter
            }
        }

        # ---------------------------------------------------------------- uploads (multipart forms)
        @{
            Name        = 'upload-file-compatible-nosse'
            Form        = $true
            Call        = {
                param($BaseUri)
                # The recorded client uploaded a file named by a GUID; Add-QwenFile takes the document types qwen-long reads.
                $document = Join-Path $TestDrive '1ef3db24-f499-44b0-a5df-1db496e7f22e.txt'
                Set-Content -LiteralPath $document -Value '<1ef3db24-f499-44b0-a5df-1db496e7f22e>' -NoNewline
                Add-QwenFile $document -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{ '$.form.file.filename' = 'the test''s document has the .txt extension qwen-long needs; the recorded one had none'; '$.form.file.content_type' = 'the module names the document''s media type' }
            Check       = {
                param($Output, $Recorded)
                $Output.Count | Should -Be 1
                $Output[0] | Should -BeOfType ([DashScope.Models.QwenFile])
                $Output[0].Id | Should -Be $Recorded.Last.id
                $Output[0].FileName | Should -Be $Recorded.Last.filename
                $Output[0].Bytes | Should -Be $Recorded.Last.bytes
                $Output[0].Purpose | Should -Be $Recorded.Last.purpose
                $Output[0].Status | Should -Be $Recorded.Last.status
                $Output[0].CreatedAt | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($Recorded.Last.created_at))
            }
        }
        @{
            # The temporary upload of a local image: the policy, the storage form (compared here), then the question.
            Name        = 'upload-temporary-file-nosse'
            Form        = $true
            Request     = '/_oss/'
            Endpoint    = '/_oss/'   # the upload host comes from the upload policy: the test server's storage
            Scenario    = 'multimodal-generation-vl-nosse'   # the recording has no response; the question gets this one
            Call        = {
                param($BaseUri)
                $image = Join-Path $TestDrive 'Lenna.jpg'
                [System.IO.File]::WriteAllBytes($image, [byte[]] (0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46))
                Invoke-QwenVision '这个图片是哪里，请用简短的语言回答' -Image $image -UploadMode Upload -Model qwen-vl-plus -ApiKey $Key -BaseUri $BaseUri
            }
            Differences = @{
                '$.form.OSSAccessKeyId'         = 'issued by the upload policy, which the test server gives'
                '$.form.policy'                 = 'issued by the upload policy, which the test server gives'
                '$.form.Signature'              = 'issued by the upload policy, which the test server gives'
                '$.form.key'                    = 'the upload policy''s upload_dir (the test server''s) and the file name, which is the recorded one'
                '$.form.success_action_status'  = 'the module asks the storage to answer 200 rather than 204'
                "`$.form['x-oss-content-type']" = 'the module stores the object with the file''s media type'
                '$.form.file'                   = 'the recorded file part is a placeholder without a file name; the module sends the file by its name'
            }
            Check       = {
                param($Output, $Recorded)
                $result = Assert-MediaAnswer $Output $Recorded -Type ([DashScope.Models.QwenVisionResult]) -Tokens ImageTokens
                $result.Media | Should -Be @((Join-Path $TestDrive 'Lenna.jpg'))
            }
        }

        # ---------------------------------------------------------------- embeddings
        @{
            Name        = 'text-embedding-nosse'
            Call        = { param($BaseUri) Get-QwenEmbedding '代码改变世界' -Model text-embedding-v2 -TextType Query -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $expected = $Recorded.Last.output.embeddings[0]
                $Output.Count | Should -Be 1
                $Output[0] | Should -BeOfType ([DashScope.Models.QwenEmbedding])
                $Output[0].Index | Should -Be $expected.text_index
                $Output[0].Text | Should -BeExactly '代码改变世界'
                $Output[0].Embedding.Length | Should -Be @($expected.embedding).Count
                $worst = 0.0
                for ($i = 0; $i -lt $Output[0].Embedding.Length; $i++) { $worst = [Math]::Max($worst, [Math]::Abs($Output[0].Embedding[$i] - $expected.embedding[$i])) }
                $worst | Should -BeLessThan 1e-7 -Because 'each float is the recorded number'
                $Output[0].Model | Should -Be 'text-embedding-v2'
                $Output[0].Usage.TotalTokens | Should -Be $Recorded.Usage.total_tokens
                $Output[0].RequestId | Should -Be $Recorded.RequestId
            }
        }

        # ---------------------------------------------------------------- pictures
        @{
            Name        = 'image-synthesis-nosse'
            Call        = { param($BaseUri) New-QwenImage '一只奔跑的猫' -Model wanx-v1 -Size 1024*1024 -Count 4 -Seed 42 -AdditionalParameters @{ style = '<sketch>' } -NoWait -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $Output.Count | Should -Be 1
                $Output[0] | Should -BeOfType ([DashScope.Models.QwenTask])
                $Output[0].TaskId | Should -Be $Recorded.Last.output.task_id
                $Output[0].Status | Should -Be 'Pending'
                $Output[0].RequestId | Should -Be $Recorded.RequestId
            }
        }
        @{
            Name        = 'multimodal-generation-image-nosse'
            Call        = {
                param($BaseUri)
                New-QwenImage '冬日北京的都市街景，青灰瓦顶、朱红色外墙的两间相邻中式商铺比肩而立，檐下悬挂印有剪纸马的暖光灯笼，在阴天漫射光中投下柔和光晕，映照湿润鹅卵石路面泛起细腻反光。' -Model qwen-image-max `
                    -NegativePrompt '低分辨率，低画质，肢体畸形，手指畸形，画面过饱和，蜡像感，人脸无细节，过度光滑，画面具有AI感。构图混乱。文字模糊，扭曲。' -Count 1 -PromptExtend -Watermark:$false -Size 1664*928 -Seed 233 -ApiKey $Key -BaseUri $BaseUri
            }
            Check       = {
                param($Output, $Recorded)
                $Output.Count | Should -Be 1
                $Output[0] | Should -BeOfType ([DashScope.Models.QwenImage])
                $Output[0].Url.OriginalString | Should -BeExactly $Recorded.Last.output.choices[0].message.content[0].image
                $Output[0].Model | Should -Be 'qwen-image-max'
                $Output[0].Width | Should -Be $Recorded.Usage.width
                $Output[0].Height | Should -Be $Recorded.Usage.height
                $Output[0].Usage.Details['image_count'] | Should -Be $Recorded.Usage.image_count
                $Output[0].RequestId | Should -Be $Recorded.RequestId
                $Output[0].Path | Should -BeNullOrEmpty
            }
        }

        # ---------------------------------------------------------------- batches (compatible mode)
        @{
            # Start-QwenBatch uploads the file, then creates the batch (compared here): the upload is answered by
            # the recorded upload, the creation by the recorded creation.
            Name        = 'create-batch-compatible-nosse'
            Scenario    = 'upload-file-compatible-nosse+create-batch-compatible-nosse'
            Request     = '*/batches'
            Call        = {
                param($BaseUri)
                $file = Join-Path $TestDrive 'ds-test.jsonl'
                Set-Content -LiteralPath $file -Encoding utf8 -Value '{"custom_id":"1","method":"POST","url":"/v1/chat/ds-test","body":{"model":"batch-test-model","messages":[{"role":"user","content":"Hello"}]}}'
                # The module remembers the batch under ~/.dashscope/batches: a home of the test's own.
                $saved = $env:HOME, $env:USERPROFILE
                $env:HOME = $env:USERPROFILE = Join-Path $TestDrive 'home'
                try { Start-QwenBatch -LiteralPath $file -Name '测试任务' -Description '任务描述' -CallbackUri 'https://www.cnblogs.com' -ApiKey $Key -BaseUri $BaseUri }
                finally { $env:HOME, $env:USERPROFILE = $saved }
            }
            Differences = @{ '$.input_file_id' = 'Start-QwenBatch creates the batch of the file it has just uploaded (here the recorded upload''s id); the recorded client created one of a file uploaded before' }
            Check       = { param($Output, $Recorded) $Output.Count | Should -Be 1; Assert-RecordedBatch $Output[0] $Recorded.Last }
        }
        @{
            Name        = 'get-inprogress-batch-compatible-nosse'
            Call        = { param($BaseUri) Get-QwenBatch batch_2ecfc43e-439e-4443-bfe8-9a36b89456d0 -ApiKey $Key -BaseUri $BaseUri }
            Check       = { param($Output, $Recorded) $Output.Count | Should -Be 1; Assert-RecordedBatch $Output[0] $Recorded.Last }
        }
        @{
            Name        = 'get-completed-batch-compatible-nosse'
            Call        = { param($BaseUri) Get-QwenBatch -Id batch_5b57e198-203e-49c8-bcc3-65e997d51754 -ApiKey $Key -BaseUri $BaseUri }
            Check       = { param($Output, $Recorded) $Output.Count | Should -Be 1; Assert-RecordedBatch $Output[0] $Recorded.Last }
        }
        @{
            Name        = 'get-invalid-batch-compatible-nosse'
            Call        = { param($BaseUri) Get-QwenBatch batch_fa05d570-fa04-4935-8b80-2b9c1a4b3ee4 -ApiKey $Key -BaseUri $BaseUri }
            Check       = { param($Output, $Recorded) $Output.Count | Should -Be 1; Assert-RecordedBatch $Output[0] $Recorded.Last }
        }
        @{
            Name        = 'cancel-batch-compatible-nosse'
            Call        = { param($BaseUri) Stop-QwenBatch batch_2ecfc43e-439e-4443-bfe8-9a36b89456d0 -PassThru -Confirm:$false -ApiKey $Key -BaseUri $BaseUri }
            Check       = { param($Output, $Recorded) $Output.Count | Should -Be 1; Assert-RecordedBatch $Output[0] $Recorded.Last }
        }
        @{
            Name        = 'get-cancelled-batch-compatible-nosse'
            Call        = { param($BaseUri) 'batch_2ecfc43e-439e-4443-bfe8-9a36b89456d0' | Get-QwenBatch -ApiKey $Key -BaseUri $BaseUri }
            Check       = { param($Output, $Recorded) $Output.Count | Should -Be 1; Assert-RecordedBatch $Output[0] $Recorded.Last }
        }
        @{
            # The answer says more pages follow; taking the first two stops the listing there.
            Name        = 'list-batches-search-ds-name-compatible-nosse'
            Call        = { param($BaseUri) Get-QwenBatch -Name '任务' -PageSize 2 -ApiKey $Key -BaseUri $BaseUri | Select-Object -First 2 }
            Check       = { param($Output, $Recorded) Assert-RecordedBatchList $Output @($Recorded.Last.data) }
        }
        @{
            # The second page is the cmdlet's own next request, after the last id of the first.
            Name        = 'list-batches-search-ds-name-second-page-compatible-nosse'
            Scenario    = 'list-batches-search-ds-name-compatible-nosse+list-batches-search-ds-name-second-page-compatible-nosse'
            Request     = '*after=*'
            Call        = { param($BaseUri) Get-QwenBatch -Name '任务' -PageSize 1 -ApiKey $Key -BaseUri $BaseUri | Select-Object -First 3 }
            Check       = {
                param($Output, $Recorded)
                Assert-RecordedBatchList $Output (@((Get-RecordedAnswer 'list-batches-search-ds-name-compatible-nosse').Last.data) + @($Recorded.Last.data))
            }
        }
        @{
            Name        = 'list-batches-search-status-compatible-nosse'
            Call        = { param($BaseUri) Get-QwenBatch -Status Completed, Cancelled -CreatedAfter ([datetimeoffset] '2026-04-17T18:00:00+08:00').UtcDateTime -PageSize 2 -ApiKey $Key -BaseUri $BaseUri | Select-Object -First 2 }
            Check       = { param($Output, $Recorded) Assert-RecordedBatchList $Output @($Recorded.Last.data) }
        }
        @{
            Name        = 'list-batches-filter-by-time-compatible-nosse'
            Call        = { param($BaseUri) Get-QwenBatch -CreatedAfter ([datetimeoffset] '2026-04-17T16:20:00+08:00').UtcDateTime -CreatedBefore ([datetimeoffset] '2026-04-17T17:00:00+08:00').UtcDateTime -ApiKey $Key -BaseUri $BaseUri }
            Check       = { param($Output, $Recorded) Assert-RecordedBatchList $Output @($Recorded.Last.data) }
        }
        @{
            Name        = 'list-batches-filter-by-input-file-id-compatible-nosse'
            Call        = { param($BaseUri) Get-QwenBatch -InputFileId file-batch-c015426ce301481bb13c76b4, file-batch-c015426ce301481bb13c76b4 -ApiKey $Key -BaseUri $BaseUri }
            Check       = { param($Output, $Recorded) Assert-RecordedBatchList $Output @($Recorded.Last.data) }
        }
        @{
            Name        = 'list-batches-empty-compatible-nosse'
            Call        = { param($BaseUri) Get-QwenBatch -InputFileId hello -PageSize 2 -ApiKey $Key -BaseUri $BaseUri }
            Check       = {
                param($Output, $Recorded)
                $Recorded.Last.data | Should -BeNullOrEmpty
                $Output.Count | Should -Be 0
            }
        }
        @{
            # Receive-QwenBatch downloads the output file of the completed batch (got here from its own recording) and
            # writes the results; the requests are not on this machine, so they come in custom_id order.
            Name        = 'get-file-content-compatible-nosse'
            Call        = {
                param($BaseUri)
                $batch = Get-QwenBatch batch_5b57e198-203e-49c8-bcc3-65e997d51754 -ApiKey $Key -BaseUri (Get-TestBaseUri "scenario=get-completed-batch-compatible-nosse,id=$(New-TestId)")
                $batch | Receive-QwenBatch -OutputFolder (Join-Path $TestDrive 'batch-results') -ApiKey $Key -BaseUri $BaseUri -WarningAction SilentlyContinue
            }
            Check       = {
                param($Output, $Recorded)
                $lines = @($Recorded.Events | Sort-Object { [int] $_.custom_id })
                $Output.Count | Should -Be $lines.Count
                for ($i = 0; $i -lt $lines.Count; $i++) {
                    $answer = $lines[$i].response.body
                    $Output[$i] | Should -BeOfType ([DashScope.Models.QwenChatResult])
                    $Output[$i].Text | Should -BeExactly $answer.choices[0].message.content
                    $Output[$i].FinishReason | Should -Be $answer.choices[0].finish_reason
                    $Output[$i].Model | Should -Be $answer.model
                    $Output[$i].RequestId | Should -Be $lines[$i].response.request_id
                    $Output[$i].Usage.InputTokens | Should -Be $answer.usage.prompt_tokens
                    $Output[$i].Usage.OutputTokens | Should -Be $answer.usage.completion_tokens
                    $Output[$i].Usage.TotalTokens | Should -Be $answer.usage.total_tokens
                }
            }
        }
    )
    # Every row has every key, so a key a row leaves out is $null in its block, not a variable of the same name outside.
    foreach ($row in $Rows) {
        foreach ($key in 'Differences', 'Gaps', 'Endpoint', 'ApiKey', 'Scenario', 'Request', 'Form') {
            if (-not $row.Contains($key)) { $row[$key] = $null }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')
    $script:Key = New-TestApiKey 'fidelity'

    function Get-WeatherTool {
        # The recordings' tool, as the API reference writes it.
        '{"type":"function","function":{"name":"get_current_weather","description":"获取现在的天气","parameters":{"type":"object","properties":{"location":{"type":"string","description":"要获取天气的省市名称，例如浙江省杭州市"}},"required":["location"]}}}'
    }

    function Get-RecordedAnswer([string] $Name) {
        # What the recorded response says: its events (parsed; the lines of a JSONL body), the text and reasoning of each
        # choice joined over the events (Texts by choice index; Text and Reasoning of the first), the request id, the last
        # usage and finish reason.
        $raw = (Get-Content -LiteralPath (Join-Path $PSScriptRoot "../recordings/$Name.response.body.txt") -Raw -Encoding utf8).TrimStart([char] 0xFEFF)
        $lines = @(($raw -split "`r?`n") | Where-Object { $_.Trim() })
        $payloads = if ($Name -like '*-sse') { $lines | Where-Object { $_.StartsWith('data:') } | ForEach-Object { $_.Substring(5) } }
        elseif ($lines.Count -gt 1 -and -not @($lines | Where-Object { -not $_.StartsWith('{') })) { $lines }   # JSONL: a batch result file
        else { , $raw }
        $events = @($payloads | ForEach-Object { $_ | ConvertFrom-Json })
        $texts = @{}
        $reasoning = @{}
        $finish = $null
        $usage = $null
        foreach ($chunk in $events) {
            $answer = $chunk.output
            if ($chunk.usage) { $usage = $chunk.usage }
            if (-not $answer) { continue }
            if ($answer.PSObject.Properties['text']) { $texts[0] += [string] $answer.text }
            if ($answer.finish_reason -and $answer.finish_reason -ne 'null') { $finish = $answer.finish_reason }
            foreach ($choice in @($answer.choices)) {
                if (-not $choice) { continue }
                $index = if ($null -ne $choice.index) { [int] $choice.index } else { 0 }
                $content = $choice.message.content
                $texts[$index] += if ($content -is [string]) { $content } else { -join @($content | Where-Object { $_.PSObject.Properties['text'] } | ForEach-Object text) }
                if ($choice.message.reasoning_content) { $reasoning[$index] += [string] $choice.message.reasoning_content }
                if ($choice.finish_reason -and $choice.finish_reason -ne 'null') { $finish = $choice.finish_reason }
            }
        }
        [pscustomobject]@{
            Events       = $events
            Last         = $events[-1]
            Texts        = $texts
            Text         = [string] $texts[0]
            Reasoning    = [string] $reasoning[0]
            RequestId    = @($events | Where-Object request_id | ForEach-Object request_id)[0]
            Usage        = $usage
            FinishReason = $finish
        }
    }

    function Get-StreamRecords($Output) { @($Output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] }) }

    function Get-ChatResult($Output) {
        $results = @($Output | Where-Object { $_ -is [DashScope.Models.QwenChatResult] })
        $results.Count | Should -Be 1 -Because 'one call gives one result'
        $results[0]
    }

    function Assert-Usage($Usage, $Recorded) {
        # The token counts the recording reports, as the result's Usage gives them.
        if ($null -ne $Recorded.Usage.input_tokens) { $Usage.InputTokens | Should -Be $Recorded.Usage.input_tokens }
        if ($null -ne $Recorded.Usage.output_tokens) { $Usage.OutputTokens | Should -Be $Recorded.Usage.output_tokens }
        if ($null -ne $Recorded.Usage.total_tokens) { $Usage.TotalTokens | Should -Be $Recorded.Usage.total_tokens }
    }

    function Assert-ChatAnswer($Output, $Recorded, [switch] $Streamed) {
        # The chat result carries the recorded answer; streamed, the records add up to it. Returns the result.
        $result = Get-ChatResult $Output
        $result.Text | Should -BeExactly $Recorded.Text
        $result.RequestId | Should -Be $Recorded.RequestId
        $result.FinishReason | Should -Be $Recorded.FinishReason
        Assert-Usage $result.Usage $Recorded
        $records = Get-StreamRecords $Output
        if ($Streamed) {
            $records.Count | Should -BeGreaterThan 0
            -join $records.Text | Should -BeExactly $Recorded.Text
            $result.Streamed | Should -BeTrue
        }
        else {
            $records.Count | Should -Be 0
        }
        $result
    }

    function Assert-MediaAnswer($Output, $Recorded, [type] $Type, [string] $Tokens, [switch] $Streamed) {
        # A vision, OCR or audio result with the recorded text, request id, usage and media token count. Returns it.
        $results = @($Output | Where-Object { $_ -is $Type })
        $results.Count | Should -Be 1
        $result = $results[0]
        $result.Text | Should -BeExactly $Recorded.Text
        $result.RequestId | Should -Be $Recorded.RequestId
        $result.FinishReason | Should -Be $Recorded.FinishReason
        Assert-Usage $result.Usage $Recorded
        if ($Tokens) {
            $wire = ($Tokens -creplace '([a-z])([A-Z])', '$1_$2').ToLowerInvariant()
            $Recorded.Usage.$wire | Should -Not -BeNullOrEmpty -Because "the recording reports $wire"
            $result.Usage.$Tokens | Should -Be $Recorded.Usage.$wire
        }
        $records = Get-StreamRecords $Output
        if ($Streamed) { -join $records.Text | Should -BeExactly $Recorded.Text } else { $records.Count | Should -Be 0 }
        $result
    }

    function Assert-ToolCalls($Result, [object[]] $Expected) {
        $Result.ToolCalls.Count | Should -Be $Expected.Count
        for ($i = 0; $i -lt $Expected.Count; $i++) {
            $Result.ToolCalls[$i].Id | Should -Be $Expected[$i].id
            $Result.ToolCalls[$i].Index | Should -Be $Expected[$i].index
            $Result.ToolCalls[$i].Name | Should -Be $Expected[$i].function.name
            $Result.ToolCalls[$i].Arguments | Should -BeExactly $Expected[$i].function.arguments
        }
    }

    function Assert-SearchResults($Result, $Recorded) {
        $pages = @($Recorded.Events | ForEach-Object { $_.output.search_info.search_results } | Where-Object { $_ })
        $pages.Count | Should -BeGreaterThan 0
        $Result.SearchResults.Count | Should -Be $pages.Count
        @($Result.SearchResults.Index) | Should -Be @($pages.index)
        @($Result.SearchResults.Title) | Should -Be @($pages.title)
        @($Result.SearchResults.Url) | Should -Be @($pages.url)
        @($Result.SearchResults.SiteName) | Should -Be @($pages.site_name)
    }

    function Assert-ServiceError($Output, $Recorded, [string] $Category) {
        # The recorded service error as an ErrorRecord: stable id from the code, category, message and request id.
        $errors = @($Output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -Be 1
        $Output.Count | Should -Be 1 -Because 'a refused call gives no result'
        $failure = $errors[0]
        $body = $Recorded.Last
        $failure.FullyQualifiedErrorId | Should -BeLike "DashScope.$($body.code),*"
        [string] $failure.CategoryInfo.Category | Should -Be $Category
        $failure.Exception.Code | Should -Be $body.code
        $failure.Exception.ServiceMessage | Should -Be $body.message
        $failure.Exception.RequestId | Should -Be $body.request_id
    }

    function Assert-RecordedBatch($Batch, $Recorded) {
        # A QwenBatch carries every member of the recorded batch object.
        $Batch | Should -BeOfType ([DashScope.Models.QwenBatch])
        $Batch.Id | Should -Be $Recorded.id
        $Batch.StatusText | Should -Be $Recorded.status
        $Batch.Status | Should -Be ((Get-Culture).TextInfo.ToTitleCase($Recorded.status) -replace '_')
        $Batch.Endpoint | Should -Be $Recorded.endpoint
        $Batch.InputFileId | Should -Be $Recorded.input_file_id
        $Batch.OutputFileId | Should -Be $Recorded.output_file_id
        $Batch.ErrorFileId | Should -Be $Recorded.error_file_id
        $Batch.CompletionWindow | Should -Be $Recorded.completion_window
        $Batch.RequestCounts.Total | Should -Be $Recorded.request_counts.total
        $Batch.RequestCounts.Completed | Should -Be $Recorded.request_counts.completed
        $Batch.RequestCounts.Failed | Should -Be $Recorded.request_counts.failed
        foreach ($time in 'created_at', 'in_progress_at', 'expires_at', 'finalizing_at', 'completed_at', 'failed_at', 'expired_at', 'cancelling_at', 'cancelled_at') {
            $property = -join ($time -split '_' | ForEach-Object { $_.Substring(0, 1).ToUpperInvariant() + $_.Substring(1) })
            $expected = if ($null -ne $Recorded.$time) { [DateTimeOffset]::FromUnixTimeSeconds($Recorded.$time) } else { $null }
            $Batch.$property | Should -Be $expected -Because $time
        }
        $Batch.Name | Should -Be $Recorded.metadata.ds_name
        $Batch.Description | Should -Be $Recorded.metadata.ds_description
        $Batch.Metadata['ds_batch_finish_callback'] | Should -Be $Recorded.metadata.ds_batch_finish_callback
        $errors = @($Recorded.errors.data | Where-Object { $_ })
        $Batch.Errors.Count | Should -Be $errors.Count
        for ($i = 0; $i -lt $errors.Count; $i++) {
            $Batch.Errors[$i].Code | Should -Be $errors[$i].code
            $Batch.Errors[$i].Message | Should -Be $errors[$i].message
            $Batch.Errors[$i].Param | Should -Be $errors[$i].param
            $Batch.Errors[$i].Line | Should -Be $errors[$i].line
        }
    }

    function Assert-RecordedBatchList($Output, [object[]] $Recorded) {
        $Recorded.Count | Should -BeGreaterThan 0
        $Output.Count | Should -Be $Recorded.Count
        for ($i = 0; $i -lt $Recorded.Count; $i++) { Assert-RecordedBatch $Output[$i] $Recorded[$i] }
    }

    function Assert-ApplicationAnswer($Output, $Recorded, [switch] $Streamed) {
        # The application result carries the recorded text, session, request id, per-model usage, thoughts and references.
        $results = @($Output | Where-Object { $_ -is [DashScope.Models.QwenApplicationResult] })
        $results.Count | Should -Be 1
        $result = $results[0]
        $answer = $Recorded.Last.output
        $result.Text | Should -BeExactly $Recorded.Text
        $result.SessionId | Should -Be $answer.session_id
        $result.RequestId | Should -Be $Recorded.RequestId
        $result.FinishReason | Should -Be $Recorded.FinishReason
        $models = @($Recorded.Usage.models | Where-Object { $_ })
        $result.Usage.Count | Should -Be $models.Count
        for ($i = 0; $i -lt $models.Count; $i++) {
            $result.Usage[$i].Model | Should -Be $models[$i].model_id
            $result.Usage[$i].InputTokens | Should -Be $models[$i].input_tokens
            $result.Usage[$i].OutputTokens | Should -Be $models[$i].output_tokens
        }
        $thoughts = @($Recorded.Events | ForEach-Object { $_.output.thoughts } | Where-Object { $_ })
        $result.Thoughts.Count | Should -Be $thoughts.Count
        if ($thoughts.Count) { @($result.Thoughts.ActionType) | Should -Be @($thoughts.action_type) }
        $references = @($answer.doc_references | Where-Object { $_ })
        $result.DocReferences.Count | Should -Be $references.Count
        if ($references.Count) { @($result.DocReferences.DocName) | Should -Be @($references.doc_name) }
        $records = @($Output | Where-Object { $_ -is [DashScope.Models.QwenChatStreamRecord] })
        if ($Streamed) { -join $records.Text | Should -BeExactly $Recorded.Text } else { $records.Count | Should -Be 0 }
        $result
    }
}

Describe '<Name>' -ForEach $Rows {
    BeforeAll {
        $id = New-TestId
        $Key = if ($ApiKey) { $ApiKey } else { $script:Key }
        $replayed = if ($Scenario) { $Scenario } else { $Name }
        $script:Output = @(& $Call (Get-TestBaseUri "scenario=$replayed,id=$id"))
        $script:Requests = @(Get-TestServerRequestList $id | Where-Object { $_.Path -like $(if ($Request) { $Request } else { '*' }) })
        $script:Recorded = Get-TestRecordedRequest $Name
        $answered = ($replayed -split '\+')[-1]
        $script:Answer = Get-RecordedAnswer $answered
        $script:Accepted = @{}
        if ($Differences) { foreach ($entry in $Differences.GetEnumerator()) { $script:Accepted[$entry.Key] = $entry.Value } }
        if ($Gaps) { foreach ($entry in $Gaps.GetEnumerator()) { $script:Accepted[$entry.Key] = "known gap: $($entry.Value)" } }

        $script:Found = @()
        if ($Requests.Count -eq 1) {
            $headers = @{}
            foreach ($property in $Requests[0].Headers.PSObject.Properties) { $headers[$property.Name] = $property.Value }
            $recordedBody = $Recorded.Body
            $sentBody = $Requests[0].Body
            if ($Form) {
                $recordedBody = ConvertFrom-TestMultipart $recordedBody $Recorded.Headers['content-type']
                # The test server's storage logs a summary of the form it checked; other hosts log the body.
                $sentBody = if ($Requests[0].Path -eq '/_oss/') { ConvertFrom-TestStorageLog $sentBody } else { ConvertFrom-TestMultipart $sentBody $headers['content-type'] }
            }
            $script:Found += @(Compare-TestJson $recordedBody $sentBody)
            $script:Found += @(Compare-TestRequestHeaders $Recorded.Headers $headers)
        }
        function Test-Listed([string] $Path, [string] $Key) { $Path -eq $Key -or $Path.StartsWith("$Key.") -or $Path.StartsWith("$Key[") }
    }

    It 'makes the recorded request once' {
        $Requests.Count | Should -Be 1
    }

    It 'sends the recorded body and headers, apart from the listed differences' {
        $unexpected = @($Found | Where-Object { $difference = $_; -not @($Accepted.Keys | Where-Object { Test-Listed $difference.Path $_ }) } | ForEach-Object Message)
        $unexpected | Should -BeNullOrEmpty -Because 'each field must be sent as recorded or listed with its reason'
    }

    It 'still differs where the row says it does' {
        $stale = @($Accepted.Keys | Where-Object { $key = $_; -not @($Found | Where-Object { Test-Listed $_.Path $key }) })
        $stale | Should -BeNullOrEmpty -Because 'a listed difference that no longer differs is out of date'
    }

    It 'goes to the recorded endpoint' {
        $expected = if ($Endpoint) { $Endpoint } else { $Recorded.Path }
        $expected | Should -Not -BeNullOrEmpty -Because 'a recording without a request line needs the row to name the endpoint'
        $Requests[0].Method | Should -Be $(if ($Recorded.Method) { $Recorded.Method } else { 'POST' })
        $Requests[0].Path | Should -Be $expected
    }

    It 'gives the user what the recorded response says' {
        & $Check $Output $Answer
    }
}
