# Get-QwenOcr as a user types it: recorded OCR, key-information-extraction and advanced-recognition answers
# replayed, every task on the wire, schema fields as CSV rows, tables and words as objects.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    . (Join-Path $PSScriptRoot 'MediaTestHelpers.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../DashScope.psd1')
    $script:Key = New-TestApiKey 'ocr'
    $script:Invoices = Join-Path $TestDrive 'invoices'
    New-TestMediaFile (Join-Path $Invoices 'inv 001.jpg') 200 1 | Out-Null
    New-TestMediaFile (Join-Path $Invoices '发票 002.png') 300 2 | Out-Null
}

Describe 'Get-QwenOcr replays the recorded OCR answers' {
    It 'reads text with a prompt and pixel bounds (multimodal-generation-vl-ocr-nosse)' {
        $id = New-TestId
        $recorded = Get-TestRecordedParts 'multimodal-generation-vl-ocr-nosse'
        $result = Get-QwenOcr 'https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/ctdzex/biaozhun.jpg' -Prompt 'Read all the text in the image.' `
            -MinPixels 3136 -MaxPixels 1003520 -Model qwen-vl-ocr -ApiKey $Key -BaseUri (Get-TestBaseUri "scenario=multimodal-generation-vl-ocr-nosse,id=$id")
        $result | Should -BeOfType ([DashScope.Models.QwenOcrResult])
        $result.Text | Should -BeExactly $recorded.Text
        $result.Task | Should -BeNullOrEmpty
        $body = Get-TestGenerationBodies $id
        $body.input.messages[0].content[0].min_pixels | Should -Be 3136
        $body.input.messages[0].content[0].max_pixels | Should -Be 1003520
        $body.input.messages[0].content[1].text | Should -Be 'Read all the text in the image.'
        $body.parameters.PSObject.Properties['ocr_options'] | Should -BeNullOrEmpty
    }

    It 'extracts the schema fields in order, nested groups as objects (multimodal-generation-vl-ocr-key-information-extraction-nosse)' {
        $id = New-TestId
        $schema = [ordered]@{
            '乘车日期' = '对应图中乘车日期时间，格式为年-月-日，比如2025-03-05'
            '发票'     = [ordered]@{ '发票代码' = '提取图中的发票代码，通常为一组数字或字母组合'; '发票号码' = '提取发票上的号码，通常由纯数字组成。' }
        }
        $row = Get-QwenOcr 'https://duguang-labelling.oss-cn-shanghai.aliyuncs.com/demo_ocr/receipt_zh_demo.jpg' -Task KeyInformationExtraction -Schema $schema `
            -ApiKey $Key -BaseUri (Get-TestBaseUri "scenario=multimodal-generation-vl-ocr-key-information-extraction-nosse,id=$id")
        $row.PSObject.TypeNames[0] | Should -Be 'DashScope.Models.QwenOcrFields'
        $row.PSObject.Properties.Name | Should -Be @('File', '乘车日期', '发票', 'RequestId')
        $row.'乘车日期' | Should -Be '2013-06-29'
        $row.'发票'.'发票代码' | Should -Be '221021325353'
        $row.'发票'.'发票号码' | Should -Be '10283819'
        $row.RequestId | Should -Be '5f79aafc-8749-4ea2-b122-7d8541d58b6c'
        $body = Get-TestGenerationBodies $id
        $body.parameters.ocr_options.task | Should -Be 'key_information_extraction'
        $body.parameters.ocr_options.task_config.result_schema.PSObject.Properties.Name | Should -Be @('乘车日期', '发票')
        $body.input.messages[0].content.Count | Should -Be 1

        $raw = Get-QwenOcr 'https://x/receipt.jpg' -Schema $schema -Raw -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-vl-ocr-key-information-extraction-nosse')
        $raw | Should -BeOfType ([DashScope.Models.QwenOcrResult])
        $raw.Fields['乘车日期'] | Should -Be '2013-06-29'
        $raw.Text.StartsWith('```json') | Should -BeTrue
    }

    It 'returns words with four corners and the rotated rectangle (multimodal-generation-vl-ocr-advanced-recognition-nosse)' {
        $uri = Get-TestBaseUri 'scenario=multimodal-generation-vl-ocr-advanced-recognition-nosse'
        $result = Get-QwenOcr 'https://x/p1008252.png' -Task AdvancedRecognition -ApiKey $Key -BaseUri $uri
        $result.Words.Count | Should -Be 12
        $words = @(Get-QwenOcr 'https://x/p1008252.png' -Task AdvancedRecognition -AsObject -ApiKey $Key -BaseUri $uri)
        $words.Count | Should -Be 12
        $words[0] | Should -BeOfType ([DashScope.Models.QwenOcrWord])
        $words[0].Text | Should -Be 'INTERNATIONAL'
        $words[0].Location.Count | Should -Be 4
        $words[0].Location[2].X | Should -Be 4314
        $words[0].Location[2].Y | Should -Be 675
        $words[0].RotateRect.Angle | Should -Be 90
        $words[0].File | Should -Be 'https://x/p1008252.png'
        ($words | Where-Object Text -eq '你好!').Location[0].X | Should -Be 5058
    }
}

Describe 'Get-QwenOcr tasks and files' {
    It 'sends every built-in task under its wire name' {
        $wire = [ordered]@{
            TextRecognition = 'text_recognition'; KeyInformationExtraction = 'key_information_extraction'; TableParsing = 'table_parsing'
            DocumentParsing = 'document_parsing'; FormulaRecognition = 'formula_recognition'; MultiLanguage = 'multi_lan'; AdvancedRecognition = 'advanced_recognition'
        }
        foreach ($task in $wire.Keys) {
            $id = New-TestId
            $extra = if ($task -eq 'KeyInformationExtraction') { @{ Schema = @{ Total = 'the total' } } } else { @{} }
            Get-QwenOcr 'https://x/a.png' -Task $task @extra -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id") | Out-Null
            (Get-TestGenerationBodies $id).parameters.ocr_options.task | Should -Be $wire[$task]
        }
    }

    It 'defaults to text recognition on qwen-vl-ocr-latest' {
        $id = New-TestId
        $result = Get-QwenOcr (Join-Path $Invoices 'inv 001.jpg') -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        $result.Task | Should -Be 'TextRecognition'
        $result.File | Should -Be 'inv 001.jpg'
        $result.Text | Should -Match 'text_recognition'
        $body = Get-TestGenerationBodies $id
        $body.model | Should -Be 'qwen-vl-ocr-latest'
        $body.parameters.ocr_options.task | Should -Be 'text_recognition'
    }

    It 'writes one clean CSV row per invoice piped from Get-ChildItem, missing fields empty' {
        $schema = [ordered]@{ InvoiceNumber = 'the invoice number'; Date = 'the date'; Note = 'absent on these invoices'; Seller = [ordered]@{ Name = ''; TaxId = '' } }
        $rows = @(Get-ChildItem -LiteralPath $Invoices -File | Sort-Object Name | Get-QwenOcr -Task KeyInformationExtraction -Schema $schema -ApiKey $Key -BaseUri (Get-TestBaseUri))
        $rows.Count | Should -Be 2
        $rows[0].PSObject.Properties.Name | Should -Be @('File', 'InvoiceNumber', 'Date', 'Note', 'Seller', 'RequestId')
        $rows[0].File | Should -Be 'inv 001.jpg'
        $rows[1].File | Should -Be '发票 002.png'
        $rows[0].InvoiceNumber | Should -Be 'InvoiceNumber of inline image/jpeg'
        $rows[0].Note | Should -BeNullOrEmpty
        $null -eq $rows[0].Note | Should -BeTrue
        $rows[0].Seller.TaxId | Should -Be 'TaxId of inline image/jpeg'
        $csv = Join-Path $TestDrive 'invoices.csv'
        $rows | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding utf8
        $read = @(Import-Csv -LiteralPath $csv -Encoding utf8)
        $read.Count | Should -Be 2
        $read[0].PSObject.Properties.Name | Should -Be @('File', 'InvoiceNumber', 'Date', 'Note', 'Seller', 'RequestId')
        $read[1].Date | Should -Be 'Date of inline image/png'
        $read[0].Note | Should -Be ''
    }

    It 'keeps the table HTML and offers the rows as objects' {
        $result = Get-QwenOcr (Join-Path $Invoices 'inv 001.jpg') -Task TableParsing -ApiKey $Key -BaseUri (Get-TestBaseUri)
        $result.Text | Should -BeLike '<table>*</table>'
        $rows = @(Get-QwenOcr (Join-Path $Invoices 'inv 001.jpg') -Task TableParsing -AsObject -ApiKey $Key -BaseUri (Get-TestBaseUri))
        $rows.Count | Should -Be 2
        $rows[0].PSObject.Properties.Name | Should -Be @('Name', 'Quantity', 'Price')
        $rows[1].Name | Should -Be '茶'
        $rows[1].Price | Should -Be '12.00'
    }

    It 'refuses -Schema with another task, and KeyInformationExtraction without a schema' {
        { Get-QwenOcr 'https://x/a.png' -Task TableParsing -Schema @{ a = '' } -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorAction Stop } |
            Should -Throw -ErrorId 'DashScope.SchemaNeedsKeyInformationExtraction,*'
        { Get-QwenOcr 'https://x/a.png' -Task KeyInformationExtraction -ApiKey $Key -BaseUri (Get-TestBaseUri) -ErrorAction Stop } |
            Should -Throw -ErrorId 'DashScope.MissingSchema,*'
    }

    It 'completes the task names' {
        (TabExpansion2 -inputScript 'Get-QwenOcr -Task Key' -cursorColumn 'Get-QwenOcr -Task Key'.Length).CompletionMatches.CompletionText |
            Should -Contain 'KeyInformationExtraction'
    }
}

Describe 'Get-QwenOcr says why a reading ended' {
    It 'has FinishReason stop for the recorded answers, whole and streamed' {
        (Get-QwenOcr 'https://x/a.jpg' -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-vl-ocr-nosse')).FinishReason | Should -Be 'stop'
        (Get-QwenOcr 'https://x/a.jpg' -Stream -ApiKey $Key -BaseUri (Get-TestBaseUri 'scenario=multimodal-generation-vl-ocr-sse'))[-1].FinishReason | Should -Be 'stop'
    }

    It 'has FinishReason length when the text was cut short by -MaxTokens' {
        $id = New-TestId
        $result = Get-QwenOcr (Join-Path $Invoices 'inv 001.jpg') -MaxTokens 2 -ApiKey $Key -BaseUri (Get-TestBaseUri "id=$id")
        (Get-TestGenerationBodies $id).parameters.max_tokens | Should -Be 2
        $result.FinishReason | Should -Be 'length'
    }
}

