# Helpers shared by the media cmdlet tests (Vision, Audio, Ocr, Media): test files, recorded multimodal answers,
# and what the server received.

function New-TestMediaFile([string] $Path, [int] $Bytes = 100, [int] $Seed = 1) {
    # A file of $Bytes deterministic bytes (directories created); returns its FileInfo.
    $folder = Split-Path -Parent $Path
    if ($folder -and -not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }
    $content = [byte[]]::new($Bytes)
    for ($i = 0; $i -lt $Bytes; $i++) { $content[$i] = [byte](($i * 31 + $Seed * 7) % 256) }
    [System.IO.File]::WriteAllBytes($Path, $content)
    Get-Item -LiteralPath $Path
}

function New-TestSparseFile([string] $Path, [long] $Length) {
    # A large file without writing its bytes.
    $stream = [System.IO.File]::Create($Path)
    try { $stream.SetLength($Length) } finally { $stream.Dispose() }
    Get-Item -LiteralPath $Path
}

function Get-TestRecordedParts([string] $Name) {
    # The text of a recorded multimodal answer (parts content joined over all events) and its request id.
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $raw = (Get-Content -LiteralPath (Join-Path $root "tests/recordings/$Name.response.body.txt") -Raw -Encoding utf8).TrimStart([char] 0xFEFF)
    $payloads = if ($Name -like '*-sse') { ($raw -split "`r?`n") | Where-Object { $_.StartsWith('data:') } | ForEach-Object { $_.Substring(5) } } else { , $raw }
    $text = [System.Text.StringBuilder]::new()
    $requestId = $null
    foreach ($payload in $payloads) {
        $json = $payload | ConvertFrom-Json
        if (-not $requestId) { $requestId = $json.request_id }
        foreach ($part in @($json.output.choices[0].message.content)) { if ($part -and $part.PSObject.Properties['text']) { [void] $text.Append($part.text) } }
    }
    [pscustomobject]@{ Text = $text.ToString(); RequestId = $requestId; Events = @($payloads).Count }
}

function Get-TestGenerationBodies([string] $Id) {
    # The parsed bodies of the generation requests tagged id=$Id (uploads and policies left out).
    foreach ($request in (Get-TestServerRequestList $Id)) {
        if ($request.Path -like '*/generation') { $request.Body | ConvertFrom-Json }
    }
}

function Get-TestUploadPosts([string] $Id) {
    # The storage posts tagged id=$Id: fields (in order), values, fileName, size, sha256, error.
    foreach ($request in (Get-TestServerRequestList $Id)) {
        if ($request.Path -eq '/_oss/') { $request.Body | ConvertFrom-Json }
    }
}

function ConvertFrom-TestDataUri([string] $Uri) {
    # The bytes of a data: URI.
    [Convert]::FromBase64String($Uri.Substring($Uri.IndexOf(',') + 1))
}
