@{
    RootModule           = 'bin/DashScope.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0d6a8e-3c1b-4d84-9a3e-2b7f5e1c9d40'
    Author               = 'DashScope for PowerShell contributors'
    CompanyName          = 'DashScope for PowerShell'
    Copyright            = '(c) DashScope for PowerShell contributors. MIT License.'
    Description          = 'Alibaba Cloud Qwen models (the DashScope API) in PowerShell pipelines: chat with streaming, multi-turn conversations, vision, audio and OCR, embeddings and rerank, pictures, videos, speech and async tasks.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('DashScope.Format.ps1xml')
    TypesToProcess       = @('DashScope.Types.ps1xml')
    CmdletsToExport      = @(
        'Connect-DashScope'
        'Disconnect-DashScope'
        'Get-DashScopeConnection'
        'Invoke-QwenChat'
        'Enter-QwenChat'
        'Invoke-QwenVision'
        'ConvertFrom-QwenAudio'
        'Get-QwenOcr'
        'New-QwenTool'
        'Add-QwenFile'
        'Get-QwenFile'
        'Remove-QwenFile'
        'Measure-QwenToken'
        'Invoke-QwenApplication'
        'Get-QwenEmbedding'
        'Invoke-QwenRerank'
        'Get-QwenTask'
        'Wait-QwenTask'
        'Stop-QwenTask'
        'New-QwenImage'
        'New-QwenVideo'
        'ConvertTo-QwenSpeech'
        'Get-QwenModel'
        'Start-QwenBatch'
        'Get-QwenBatch'
        'Wait-QwenBatch'
        'Stop-QwenBatch'
        'Receive-QwenBatch'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('DashScope', 'Qwen', 'Alibaba', 'AlibabaCloud', 'LLM', 'AI', 'Chat', 'Streaming', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/dashscope-powershell/DashScope/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/dashscope-powershell/DashScope'
            ReleaseNotes = @'
0.1.0
- Invoke-QwenChat: streaming records as events arrive, conversations piped back in, thinking, web search,
  PowerShell commands as tools (confirmed by default), deep research, documents (qwen-long), JSON output.
- Enter-QwenChat: a conversation at the console, answers streamed, /model, /retry, /undo, /save and /load,
  /copy, /usage and /file; Ctrl+C stops an answer; the conversation is written to the pipeline at the end.
- Invoke-QwenVision, ConvertFrom-QwenAudio, Get-QwenOcr: images, video, speech recognition and OCR from
  URLs, local files and Get-ChildItem, with inline data URIs or the temporary upload.
- Add-QwenFile, Get-QwenFile, Remove-QwenFile, New-QwenTool, Connect-DashScope and friends.
- Get-QwenEmbedding and Invoke-QwenRerank: vectors in input order, batched as the model allows; piped objects
  ranked by relevance.
- New-QwenImage, New-QwenVideo, ConvertTo-QwenSpeech, and long audio in ConvertFrom-QwenAudio: pictures,
  videos, speech and file transcription, on DashScope's async tasks where the service needs them.
- Get-QwenTask, Wait-QwenTask, Stop-QwenTask: look up, wait for (Ctrl+C stops only the waiting) and cancel tasks.
- -ThrottleLimit for many requests at once, retries honouring Retry-After, errors with the service's code
  and request id.
- The Batch API from the pipeline: Invoke-QwenChat -AsBatch, Get-QwenEmbedding -AsBatch, Start-QwenBatch,
  Get-, Wait-, Stop- and Receive-QwenBatch (results in input order, as synchronous results); Remove-QwenFile
  cleans batches up.
- The OpenAI-compatible protocol (-Protocol Compatible, /compatible-mode/v1) for chat and embeddings, and Qwen
  served on-premises by vLLM, Ollama or LM Studio (-BaseUri http://host:8000/v1, no key); Get-QwenModel.
- Spoken answers of the omni models: Invoke-QwenChat -Modality Text,Audio -Voice -AudioPath writes the speech to a
  WAV file as it streams (whole or not at all) while the text flows as usual.
'@
        }
    }
}
