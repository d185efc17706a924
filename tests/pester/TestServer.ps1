# Starts and stops the loopback DashScope test server for Pester runs, and builds base URIs for it.
# A run started by run-pester.ps1 shares one server through $env:DASHSCOPE_TEST_SERVER; a test file run
# on its own starts its own.

function Start-DashScopeTestServer([string] $ServerPath) {
    # $ServerPath: another copy of DashScope.TestServer.dll (the benchmark runs a snapshot); default: the build output.
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $dll = if ($ServerPath) { $ServerPath } else { Join-Path $root 'tests/TestServer/bin/Release/net10.0/DashScope.TestServer.dll' }
    if (-not (Test-Path $dll)) { throw "The test server is not built ($dll). Run ./build.ps1 -Task Build." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll, '--port', '0', '--parent-pid', $PID)) { $start.ArgumentList.Add([string] $argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch '^Listening on (?<address>\S+)$') {
        $process.Kill()
        throw "The test server did not start: $line $($process.StandardError.ReadToEnd())"
    }
    [pscustomobject]@{ Process = $process; Address = $Matches.address }
}

function Stop-DashScopeTestServer($Server) {
    if ($Server -and -not $Server.Process.HasExited) {
        $Server.Process.Kill()
        $Server.Process.WaitForExit(5000) | Out-Null
    }
}

function Get-TestServerAddress {
    # The running server's address (http://127.0.0.1:PORT/), starting one for this file if needed.
    if (-not $env:DASHSCOPE_TEST_SERVER) {
        $script:OwnServer = Start-DashScopeTestServer
        $env:DASHSCOPE_TEST_SERVER = $script:OwnServer.Address
    }
    $env:DASHSCOPE_TEST_SERVER
}

function Get-TestBaseUri([string] $Options) {
    # The -BaseUri that selects test server behaviour, e.g. 'scenario=single-generation-text-sse,bom'.
    $address = Get-TestServerAddress
    if ($Options) { "${address}x/$([uri]::EscapeDataString($Options))/api/v1" } else { "${address}api/v1" }
}

function Get-TestCompatibleBaseUri([string] $Options) {
    # DashScope's OpenAI-compatible base (…/compatible-mode/v1) with test server behaviour.
    $address = Get-TestServerAddress
    if ($Options) { "${address}x/$([uri]::EscapeDataString($Options))/compatible-mode/v1" } else { "${address}compatible-mode/v1" }
}

function Get-TestOnPremisesBaseUri([string] $Options) {
    # The base of a simulated on-premises OpenAI-compatible server (…/v1, like vLLM's): no key needed.
    $address = Get-TestServerAddress
    if ($Options) { "${address}x/$([uri]::EscapeDataString($Options))/v1" } else { "${address}v1" }
}

function Get-TestServerRequests([string] $Id) {
    # What the server received for the requests tagged id=$Id.
    # One object per request (Invoke-RestMethod returns a JSON array as a single object).
    foreach ($request in (Invoke-RestMethod -Uri "$(Get-TestServerAddress)_test/requests?id=$([uri]::EscapeDataString($Id))" -NoProxy)) { $request }
}

function New-TestId {
    # A fresh id so counters (throttle, fail) and logs belong to one test.
    [guid]::NewGuid().ToString('n').Substring(0, 12)
}

# ---- Helpers for the cmdlet tests (Chat, Streaming, Errors, Connection) ----

function Get-TestServerRequestList([string] $Id) {
    # The requests tagged id=$Id, one pipeline object each (none when there were none), so @(...).Count is the number sent.
    foreach ($request in (Get-TestServerRequests $Id)) { if ($null -ne $request) { $request } }
}

function Get-TestRequestBody([string] $Id) {
    # The JSON bodies the server received for id=$Id, parsed, in the order they arrived.
    foreach ($request in (Get-TestServerRequestList $Id)) { $request.Body | ConvertFrom-Json }
}

function Get-TestServerSent([string] $Id) {
    # How many events the server has sent so far in the stream tagged id=$Id.
    [int] (Invoke-RestMethod -Uri "$(Get-TestServerAddress)_test/sent?id=$([uri]::EscapeDataString($Id))" -NoProxy)
}

function Send-TestServerRelease([string] $Id) {
    # Lets a stream held with hold=K continue.
    Invoke-RestMethod -Method Post -Uri "$(Get-TestServerAddress)_test/release?id=$([uri]::EscapeDataString($Id))" -NoProxy | Out-Null
}

function New-TestApiKey([string] $Tag = 'key') {
    # A fresh, recognisable fake key ('sk-test-<tag>-<32 hex>').
    'sk-test-' + $Tag + '-' + [guid]::NewGuid().ToString('n')
}

function Get-TestExpectedAnswer([string] $Prompt, [string] $Model = 'qwen-plus') {
    # The answer the test server's chat simulation gives to $Prompt (the last user message).
    $shown = if ($Prompt.Length -gt 120) { $Prompt.Substring(0, 120) + [char] 0x2026 } else { $Prompt }
    "This is the DashScope test server ($Model), answering offline. You asked: $([char] 0x201C)$shown$([char] 0x201D) " +
    "$([char] 0x8FD9)$([char] 0x662F)$([char] 0x4E00)$([char] 0x4E2A)$([char] 0x6D41)$([char] 0x5F0F)$([char] 0x56DE)$([char] 0x7B54)$([char] 0xFF0C)" +
    "$([char] 0x9010)$([char] 0x6BB5)$([char] 0x5230)$([char] 0x8FBE)$([char] 0x3002) The real service answers once DASHSCOPE_API_KEY is set."
}

function Get-TestRecordedAnswer([string] $Name) {
    # What a recorded response says: the joined (incremental) text and reasoning, request id, finish reason, event count.
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $path = Join-Path $root "tests/recordings/$Name.response.body.txt"
    $text = [System.Text.StringBuilder]::new()
    $reasoning = [System.Text.StringBuilder]::new()
    $requestId = $null
    $finish = $null
    $events = 0
    $lines = (Get-Content -LiteralPath $path -Raw -Encoding utf8).TrimStart([char] 0xFEFF) -split "`r?`n"
    $payloads = if ($Name -like '*-sse') { $lines | Where-Object { $_.StartsWith('data:') } | ForEach-Object { $_.Substring(5) } } else { , ($lines -join "`n") }
    foreach ($payload in $payloads) {
        $events++
        $json = $payload | ConvertFrom-Json
        if (-not $requestId) { $requestId = $json.request_id }
        $output = $json.output
        if ($output.PSObject.Properties['text']) { [void] $text.Append($output.text) }
        if ($output.PSObject.Properties['finish_reason'] -and $output.finish_reason -and $output.finish_reason -ne 'null') { $finish = $output.finish_reason }
        foreach ($choice in @($output.choices)) {
            if (-not $choice) { continue }
            if ($choice.message.PSObject.Properties['content'] -and $choice.message.content -is [string]) { [void] $text.Append($choice.message.content) }
            if ($choice.message.PSObject.Properties['reasoning_content']) { [void] $reasoning.Append($choice.message.reasoning_content) }
            if ($choice.finish_reason -and $choice.finish_reason -ne 'null') { $finish = $choice.finish_reason }
        }
    }
    [pscustomobject]@{
        Text         = $text.ToString()
        Reasoning    = $reasoning.ToString()
        RequestId    = $requestId
        FinishReason = $finish
        Events       = $events
    }
}

function Wait-TestCondition([scriptblock] $Condition, [int] $TimeoutMilliseconds = 5000) {
    # Polls $Condition every 20 ms; $true as soon as it holds, $false when the time is up.
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    while ($watch.ElapsedMilliseconds -lt $TimeoutMilliseconds) {
        if (& $Condition) { return $true }
        Start-Sleep -Milliseconds 20
    }
    [bool] (& $Condition)
}

function Invoke-TestPwsh([string] $Script) {
    # Runs $Script in a fresh pwsh (the repository's pinned tool) from the repository root and returns its
    # output lines; $LASTEXITCODE is the child's exit code. The child inherits $env:DASHSCOPE_TEST_SERVER.
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes("`$ProgressPreference = 'SilentlyContinue'`n" + $Script))
    Push-Location $root
    try {
        & dotnet tool run pwsh -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded
    }
    finally {
        Pop-Location
    }
}

# A PowerShell host that records progress, prompts and lines, and answers choice prompts from a script.
function New-RecordingHost([switch] $NoConsole) {
    if (-not ('DashScope.Tests.RecordingHost' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot 'RecordingHost.cs') }
    [DashScope.Tests.RecordingHost]::new(-not $NoConsole)
}

# Runs $Script in a new runspace whose host is $Recorder, with the module imported; returns its output, throws its first error.
function Invoke-InHost($Recorder, [scriptblock] $Script, [object[]] $Arguments) {
    $runspace = [runspacefactory]::CreateRunspace($Recorder, [initialsessionstate]::CreateDefault2())
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    try {
        $null = $shell.AddCommand('Import-Module').AddArgument((Join-Path $PSScriptRoot '../../DashScope.psd1')).AddStatement()
        $null = $shell.AddScript($Script)
        foreach ($argument in $Arguments) { $null = $shell.AddArgument($argument) }
        $output = $shell.Invoke()
        if ($shell.Streams.Error.Count) { throw ($shell.Streams.Error | Out-String) }
        $output
    }
    finally {
        $shell.Dispose()
        $runspace.Dispose()
    }
}

# Starts $Script (the module imported, $Arguments bound to its param block) in a new runspace whose host is $Recorder,
# waits until $Until holds, then stops it as Ctrl+C does. Says whether $Until held, how long Stop() took and the state.
function Stop-InHost($Recorder, [string] $Script, [object[]] $Arguments = @(), [scriptblock] $Until) {
    # The module comes with the session state: one command, not a batch (a stopped batch outlives its runspace).
    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule([string[]] @((Resolve-Path (Join-Path $PSScriptRoot '../../DashScope.psd1')).ProviderPath))
    $runspace = [runspacefactory]::CreateRunspace($Recorder, $state)
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    try {
        $null = $shell.AddScript($Script)
        foreach ($argument in $Arguments) { $null = $shell.AddArgument($argument) }
        $pending = $shell.BeginInvoke()
        $reached = Wait-TestCondition $Until 10000
        # The call is under way, not just sent.
        Start-Sleep -Milliseconds 100
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $watch.Stop()
        [pscustomobject]@{ Reached = $reached; Seconds = $watch.Elapsed.TotalSeconds; State = $shell.InvocationStateInfo.State; Completed = $pending.IsCompleted }
    }
    finally {
        $shell.Dispose()
        $runspace.Dispose()
    }
}

# ---- Comparing what the module sends with the recorded requests (Fidelity) ----

function Get-TestRecordedRequest([string] $Name) {
    # A recorded request: Body (text without BOM; empty for a request without one), Method and Path from the request
    # line (both $null when the recording has none), and Headers (names in any case).
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $headerLines = (Get-Content -LiteralPath (Join-Path $root "tests/recordings/$Name.request.header.txt") -Raw -Encoding utf8).TrimStart([char] 0xFEFF) -split "`r?`n"
    $method = $null
    $path = $null
    $headers = [ordered]@{}
    foreach ($line in $headerLines) {
        $line = $line.TrimStart([char] 0xFEFF)
        if ($line -match '^(?<method>GET|POST|PUT|PATCH|DELETE) (?<target>\S+)') {
            $method = $Matches.method
            $target = $Matches.target
            # Some recordings give the whole URL, older ones the path and HTTP/1.1.
            $path = if ($target -match '^https?://') { ([uri] $target).PathAndQuery } else { $target }
        }
        elseif ($line -match '^(?<name>[^:\s]+):\s*(?<value>.*)$') {
            $headers[$Matches.name.ToLowerInvariant()] = $Matches.value.Trim()
        }
    }
    # JSON bodies are .json, multipart bodies .txt.
    $bodyPath = Join-Path $root "tests/recordings/$Name.request.body.json"
    if (-not (Test-Path -LiteralPath $bodyPath)) { $bodyPath = Join-Path $root "tests/recordings/$Name.request.body.txt" }
    $body = Get-Content -LiteralPath $bodyPath -Raw -Encoding utf8
    [pscustomobject]@{
        Body    = if ($null -eq $body) { '' } else { $body.TrimStart([char] 0xFEFF) }
        Method  = $method
        Path    = $path
        Headers = $headers
    }
}

function Compare-TestJson([string] $Expected, [string] $Actual) {
    # Each path where two JSON texts differ, as objects with Path and Message ('$.parameters.top_k: expected 100, got
    # missing'). Object members may come in any order, array items must come in the same order, numbers are compared
    # by value (1.0 = 1). An empty text is no body: it equals only another empty text.
    if ([string]::IsNullOrWhiteSpace($Expected) -or [string]::IsNullOrWhiteSpace($Actual)) {
        if ([string]::IsNullOrWhiteSpace($Expected) -ne [string]::IsNullOrWhiteSpace($Actual)) {
            [pscustomobject]@{ Path = '$'; Message = "`$: expected $(if ([string]::IsNullOrWhiteSpace($Expected)) { 'no body' } else { 'a body' }), got $(if ([string]::IsNullOrWhiteSpace($Actual)) { 'none' } else { $Actual })" }
        }
        return
    }
    $expectedDocument = [System.Text.Json.JsonDocument]::Parse($Expected.TrimStart([char] 0xFEFF))
    $actualDocument = [System.Text.Json.JsonDocument]::Parse($Actual.TrimStart([char] 0xFEFF))
    try {
        Compare-TestJsonElement '$' $expectedDocument.RootElement $actualDocument.RootElement
    }
    finally {
        $expectedDocument.Dispose()
        $actualDocument.Dispose()
    }
}

function Compare-TestJsonElement([string] $Path, $Expected, $Actual) {
    $kind = { param($element) if ($element.ValueKind -in 'True', 'False') { 'Boolean' } else { [string] $element.ValueKind } }
    $expectedKind = & $kind $Expected
    if ($expectedKind -ne (& $kind $Actual)) { return New-TestJsonDifference $Path $Expected $Actual }
    switch ($expectedKind) {
        'Object' {
            $actualMembers = [ordered]@{}
            foreach ($member in $Actual.EnumerateObject()) { $actualMembers[$member.Name] = $member.Value }
            $seen = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)
            foreach ($member in $Expected.EnumerateObject()) {
                [void] $seen.Add($member.Name)
                $memberPath = Join-TestJsonPath $Path $member.Name
                if ($actualMembers.Contains($member.Name)) { Compare-TestJsonElement $memberPath $member.Value $actualMembers[$member.Name] }
                else { New-TestJsonDifference $memberPath $member.Value $null }
            }
            foreach ($name in $actualMembers.Keys) {
                if (-not $seen.Contains($name)) { New-TestJsonDifference (Join-TestJsonPath $Path $name) $null $actualMembers[$name] }
            }
        }
        'Array' {
            $expectedItems = @($Expected.EnumerateArray())
            $actualItems = @($Actual.EnumerateArray())
            for ($i = 0; $i -lt [Math]::Max($expectedItems.Count, $actualItems.Count); $i++) {
                $itemPath = "$Path[$i]"
                if ($i -ge $actualItems.Count) { New-TestJsonDifference $itemPath $expectedItems[$i] $null }
                elseif ($i -ge $expectedItems.Count) { New-TestJsonDifference $itemPath $null $actualItems[$i] }
                else { Compare-TestJsonElement $itemPath $expectedItems[$i] $actualItems[$i] }
            }
        }
        'Number' {
            $style = [System.Globalization.NumberStyles]::Float
            $culture = [System.Globalization.CultureInfo]::InvariantCulture
            [decimal] $left = 0; [decimal] $right = 0
            $same = if ([decimal]::TryParse($Expected.GetRawText(), $style, $culture, [ref] $left) -and [decimal]::TryParse($Actual.GetRawText(), $style, $culture, [ref] $right)) {
                $left -eq $right
            }
            else {
                $Expected.GetDouble() -eq $Actual.GetDouble()
            }
            if (-not $same) { New-TestJsonDifference $Path $Expected $Actual }
        }
        'String' { if (-not [string]::Equals($Expected.GetString(), $Actual.GetString(), [System.StringComparison]::Ordinal)) { New-TestJsonDifference $Path $Expected $Actual } }
        'Boolean' { if ($Expected.ValueKind -ne $Actual.ValueKind) { New-TestJsonDifference $Path $Expected $Actual } }
    }
}

function Join-TestJsonPath([string] $Path, [string] $Name) {
    if ($Name -match '^[A-Za-z_][A-Za-z0-9_]*$') { "$Path.$Name" } else { "$Path['$Name']" }
}

function New-TestJsonDifference([string] $Path, $Expected, $Actual) {
    # $null stands for a member or item that is not there.
    [pscustomobject]@{ Path = $Path; Message = "${Path}: expected $(Format-TestJsonValue $Expected), got $(Format-TestJsonValue $Actual)" }
}

function Format-TestJsonValue($Element) {
    if ($null -eq $Element) { return 'missing' }
    $options = [System.Text.Json.JsonSerializerOptions]::new()
    $options.Encoder = [System.Text.Encodings.Web.JavaScriptEncoder]::UnsafeRelaxedJsonEscaping
    $text = [System.Text.Json.JsonSerializer]::Serialize($Element, $options)
    if ($text.Length -gt 80) { $text.Substring(0, 77) + '...' } else { $text }
}

function Compare-TestRequestHeaders($Recorded, $Actual) {
    # The headers that change what the service does, as differences (Path 'header:NAME'): a stream
    # (X-DashScope-SSE: enable and Accept: text/event-stream; a recording with either one was a stream),
    # X-DashScope-OssResourceResolve and X-DashScope-Async. $Recorded and $Actual map lower-case names to values.
    $value = { param($headers, [string] $name) if ($headers.Contains($name)) { [string] $headers[$name] } else { $null } }
    $difference = { param([string] $name, $expected, $got)
        [pscustomobject]@{ Path = "header:$name"; Message = "header ${name}: expected $(if ($null -ne $expected) { $expected } else { 'missing' }), got $(if ($null -ne $got) { $got } else { 'missing' })" }
    }
    $recordedStream = (& $value $Recorded 'x-dashscope-sse') -eq 'enable' -or (& $value $Recorded 'accept') -match 'text/event-stream'
    $sse = & $value $Actual 'x-dashscope-sse'
    $accept = & $value $Actual 'accept'
    if ($recordedStream) {
        if ($sse -ne 'enable') { & $difference 'X-DashScope-SSE' 'enable' $sse }
        if ($accept -notmatch 'text/event-stream') { & $difference 'Accept' 'text/event-stream' $accept }
    }
    else {
        if ($null -ne $sse) { & $difference 'X-DashScope-SSE' $null $sse }
        if ($accept -match 'text/event-stream') { & $difference 'Accept' 'no text/event-stream' $accept }
    }
    foreach ($name in 'X-DashScope-OssResourceResolve', 'X-DashScope-Async') {
        $expected = & $value $Recorded $name.ToLowerInvariant()
        $got = & $value $Actual $name.ToLowerInvariant()
        if ($expected -ne $got) { & $difference $name $expected $got }
    }
}

function ConvertFrom-TestMultipart([string] $Body, [string] $ContentType) {
    # A multipart/form-data body as JSON for Compare-TestJson: {"form": {name: value, or {"filename", "content_type"}
    # for a part with a file name}, "last": the name of the last part}. Tolerates the recordings' parts without a
    # blank line between their headers and their value.
    $boundary = [regex]::Match($ContentType, 'boundary="?([^";]+)"?').Groups[1].Value
    $form = [ordered]@{}
    $last = $null
    foreach ($part in ($Body.TrimStart([char] 0xFEFF) -split [regex]::Escape("--$boundary"))) {
        if ($part.StartsWith('--')) { break }   # the closing delimiter
        $lines = [System.Collections.Generic.List[string]] @($part -split '\r?\n')
        if ($lines.Count -and $lines[0] -eq '') { $lines.RemoveAt(0) }   # the end of the delimiter line
        $headers = @{}
        while ($lines.Count -and $lines[0] -match '^(?<name>[A-Za-z-]+):\s*(?<value>.*)$') {
            $headers[$Matches.name.ToLowerInvariant()] = $Matches.value
            $lines.RemoveAt(0)
        }
        if ($lines.Count -and $lines[0] -eq '') { $lines.RemoveAt(0) }
        $disposition = [string] $headers['content-disposition']
        if ($disposition -notmatch '(?i)form-data;\s*name="?(?<name>[^";]+)"?') { continue }
        $name = $Matches.name
        $last = $name
        if ($disposition -match '(?i)filename="?(?<file>[^";]+)"?') {
            $file = [ordered]@{ filename = $Matches.file }
            if ($headers.Contains('content-type')) { $file.content_type = $headers['content-type'] }
            $form[$name] = $file
        }
        else {
            $form[$name] = ($lines -join "`n").TrimEnd("`n")
        }
    }
    [ordered]@{ form = $form; last = $last } | ConvertTo-Json -Depth 5 -Compress
}

function ConvertFrom-TestStorageLog([string] $Summary) {
    # What the test server's storage logged about a form (fields, values, fileName), in the shape ConvertFrom-TestMultipart gives.
    $posted = $Summary | ConvertFrom-Json
    $form = [ordered]@{}
    foreach ($field in $posted.fields) {
        if ($field -eq 'file' -and $posted.fileName) {
            $form.file = [ordered]@{ filename = $posted.fileName }
        }
        else {
            $form[$field] = $posted.values.$field
        }
    }
    [ordered]@{ form = $form; last = @($posted.fields)[-1] } | ConvertTo-Json -Depth 5 -Compress
}
