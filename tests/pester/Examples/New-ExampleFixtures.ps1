<#
.SYNOPSIS
    Creates the files the help examples refer to, so they can run anywhere.
#>
param([Parameter(Mandatory)] [string] $Path)

$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $Path | Out-Null

function New-Fixture([string] $Name, $Content) {
    $file = Join-Path $Path $Name
    New-Item -ItemType Directory -Force -Path (Split-Path $file) | Out-Null
    if ($Content -is [byte[]]) { [IO.File]::WriteAllBytes($file, $Content) } else { Set-Content -Path $file -Value $Content -Encoding utf8 }
}

# Smallest well-formed media files: the test server does not decode them, the module checks names and sizes.
$jpeg = [byte[]](0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9)
$png = [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==')
$mp3 = [byte[]](0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00) + [byte[]]::new(64)
$wav = [Text.Encoding]::ASCII.GetBytes('RIFF') + [byte[]](36, 0, 0, 0) + [Text.Encoding]::ASCII.GetBytes('WAVEfmt ') + [byte[]]::new(28)
$mp4 = [byte[]](0, 0, 0, 0x18) + [Text.Encoding]::ASCII.GetBytes('ftypmp42') + [byte[]]::new(12)

foreach ($name in 'photo.jpg', 'dog.jpg', 'cat.jpg', 'receipt.jpg', 'invoice.jpg', 'table.jpg', 'formula.jpg', 'document.jpg',
    'images/beach.jpg', 'images/street.jpg', 'photos/a.jpg', 'photos/b.jpg', 'invoices/2025-001.jpg', 'invoices/2025-002.jpg',
    'frames/frame1.jpg', 'frames/frame2.jpg', 'frames/frame3.jpg', 'frames/frame4.jpg', 'scans/page1.jpg', 'scans/page2.jpg') {
    New-Fixture $name $jpeg
}
foreach ($name in 'screenshot.png', 'chart.png', 'diagram.png') { New-Fixture $name $png }
foreach ($name in 'meeting.mp3', 'call.mp3', 'recordings/monday.mp3', 'recordings/tuesday.mp3', 'podcast.mp3', 'voicemail.mp3') { New-Fixture $name $mp3 }
foreach ($name in 'interview.wav', 'recordings/wednesday.wav', 'welcome.wav') { New-Fixture $name $wav }
foreach ($name in 'clip.mp4', 'demo.mp4', 'videos/intro.mp4') { New-Fixture $name $mp4 }

New-Fixture 'questions.csv' @('Prompt', 'What is DNS?', 'What is DHCP?', 'What is NTP?')
New-Fixture 'tickets.txt' @('The backup job fails every night with access denied.', 'How do I reset my password?', 'Please add dark mode to the portal.')
New-Fixture 'CHANGELOG.md' @('# Changelog', '## 2.1.0', '- Faster backups', '- New retention policy', '- Fixed restore of empty folders')
New-Fixture 'app.log' @('2025-01-01 10:00:01 INFO started', '2025-01-01 10:00:02 ERROR disk full on /var', '2025-01-01 10:00:03 WARN retrying')
New-Fixture 'notes.txt' @('Meeting notes: migrate the file server in March; budget approved.')
New-Fixture 'report.md' @('# Quarterly report', 'Revenue grew 12 percent.', 'Costs stayed flat.')
New-Fixture 'docs/handbook.txt' @('Employee handbook', 'Working hours are 9 to 5.')
New-Fixture 'docs/policy.md' @('# Password policy', 'Passwords expire every 90 days.')
New-Fixture 'contract.txt' @('This agreement is made between Contoso and Fabrikam.')
New-Fixture 'report.docx' ([byte[]](0x50, 0x4B, 0x03, 0x04) + [byte[]]::new(60))
New-Fixture 'report.pdf' ([Text.Encoding]::ASCII.GetBytes("%PDF-1.4`n1 0 obj<<>>endobj`ntrailer<<>>`n%%EOF`n"))
New-Fixture 'ci.key' 'sk-example-from-file'
New-Fixture 'prompts.txt' @('Say hello.', 'Say goodbye.')
New-Fixture 'corpus.txt' @('Backups run every night at two.', 'Passwords expire every 90 days.', '文件服务器三月迁移。')
New-Fixture 'chat.json' '[{"role":"user","content":"Should we migrate the file server in March?"},{"role":"assistant","content":"Yes: the budget is approved."}]'
New-Fixture 'prompts/greeting.txt' @('Say hello in three languages.')
New-Fixture 'prompts/report.txt' @('Summarise the quarterly report in one paragraph.')
New-Fixture 'requests.jsonl' @(
    '{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{"model":"qwen-plus","messages":[{"role":"user","content":"Classify: the backup job fails every night."}]}}'
    '{"custom_id":"2","method":"POST","url":"/v1/chat/completions","body":{"model":"qwen-plus","messages":[{"role":"user","content":"Classify: how do I reset my password?"}]}}'
)
New-Fixture 'schema.json' '{"InvoiceNumber":"the invoice number","Total":"the total amount"}'
