<#
.SYNOPSIS
    Parses PowerShell files with PowerShell's own parser and finds what Windows PowerShell 5.1 lacks.
.DESCRIPTION
    Run once by tests/parsers/powershell-scripts.test.ts under PowerShell 7.6.9, whose parser knows
    every newer construct (5.1's would only report a syntax error). The request file is JSON:
    { parseOnly: [paths], windowsPowerShell: [paths], snippets: [{ name, text }] }. Every file is
    parsed with Parser.ParseFile; the windowsPowerShell files and the snippets are also walked for
    each rule of $rules below. The answer, written as JSON to the result file, holds the rules, the
    parse errors and findings of each file and snippet, and for each rule with a table the finding
    of one generated snippet per table entry, so that no entry can be silently ineffective.
    Runs under PowerShell 7 only: it names syntax trees that 5.1 does not have.
#>
param(
    [Parameter(Mandatory = $true)][string]$RequestFile,
    [Parameter(Mandatory = $true)][string]$ResultFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

# Names compare case-insensitively, as PowerShell compares them.
function New-NameSet([string[]]$names) {
    $set = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($name in $names) { [void]$set.Add($name) }
    , $set
}

# A type as written, without a leading "System." and without generic arguments or array ranks.
function Get-WrittenTypeName($typeName) {
    while ($typeName -is [System.Management.Automation.Language.GenericTypeName] -or
        $typeName -is [System.Management.Automation.Language.ArrayTypeName]) {
        $typeName = if ($typeName -is [System.Management.Automation.Language.GenericTypeName]) { $typeName.TypeName } else { $typeName.ElementType }
    }
    $typeName.FullName -replace '^System\.', ''
}

# Aliases that Windows PowerShell 5.1 has and PowerShell 7 on Linux does not.
$windowsAliases = @{ curl = 'Invoke-WebRequest'; wget = 'Invoke-WebRequest'; sc = 'Set-Content' }

# Read once: Get-Alias -Name takes ? and * as wildcards, and ? is an alias itself.
$aliases = @{}
foreach ($alias in Get-Alias) { $aliases[$alias.Name] = $alias.Definition }
foreach ($name in $windowsAliases.Keys) { $aliases[$name] = $windowsAliases[$name] }

# Every cmdlet PowerShell 7.6.9 has, read once: asking Get-Command for each unknown name (the
# wizard's own functions, Windows-only cmdlets) searches every module each time.
$cmdletNames = New-NameSet @(Get-Command -CommandType Cmdlet | ForEach-Object { $_.Name })
$metadataByName = @{}

function Get-CommandMetadata([System.Management.Automation.Language.CommandAst]$command) {
    $name = $command.GetCommandName()
    if (-not $name) { return $null }
    $name = $name -replace '^[\w.]+\\', ''
    if ($aliases.ContainsKey($name)) { $name = $aliases[$name] }
    if (-not $cmdletNames.Contains($name)) { return $null }
    if (-not $metadataByName.ContainsKey($name)) { $metadataByName[$name] = Get-Command -Name $name -CommandType Cmdlet }
    $metadataByName[$name]
}

# The parameter a written name binds to, as PowerShell binds it: a name or alias, else the one
# parameter it abbreviates.
function Resolve-Parameter($metadata, [string]$written) {
    foreach ($parameter in $metadata.Parameters.Values) {
        if ($parameter.Name -eq $written -or $parameter.Aliases -contains $written) { return $parameter }
    }
    $candidates = @($metadata.Parameters.Values | Where-Object { $_.Name.StartsWith($written, [StringComparison]::OrdinalIgnoreCase) })
    if ($candidates.Count -eq 1) { return $candidates[0] }
    $null
}

# Each written parameter of a command with the parameter it binds to and the value written after
# it; kept for the next rule that asks.
$boundByCommand = [System.Collections.Generic.Dictionary[object, object]]::new()

function Get-BoundParameters([System.Management.Automation.Language.CommandAst]$command) {
    if (-not $boundByCommand.ContainsKey($command)) { $boundByCommand[$command] = @(Find-BoundParameters $command) }
    $boundByCommand[$command]
}

function Find-BoundParameters([System.Management.Automation.Language.CommandAst]$command) {
    $metadata = Get-CommandMetadata $command
    if ($null -eq $metadata) { return }
    $elements = $command.CommandElements
    for ($index = 1; $index -lt $elements.Count; $index++) {
        $element = $elements[$index]
        if ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
        $parameter = Resolve-Parameter $metadata $element.ParameterName
        if ($null -eq $parameter) { continue }
        $value = $element.Argument
        if ($null -eq $value -and $parameter.ParameterType -ne [switch] -and $index + 1 -lt $elements.Count -and
            $elements[$index + 1] -isnot [System.Management.Automation.Language.CommandParameterAst]) {
            $value = $elements[$index + 1]
        }
        [pscustomobject]@{ Command = $metadata.Name; Written = $element.ParameterName; Parameter = $parameter.Name; Value = $value; Ast = $element }
    }
}

# The table rules' entries, each with what 5.1 lacks and when PowerShell gained it.
$newCommands = [ordered]@{
    'Join-String' = '6.2'; 'Test-Json' = '6.1'; 'Get-Uptime' = '6.0'; 'Get-Error' = '7.0'; 'Remove-Alias' = '6.0'
    'Remove-Service' = '6.0'; 'ConvertFrom-Markdown' = '6.1'; 'Show-Markdown' = '6.1'; 'Get-MarkdownOption' = '6.1'
    'Set-MarkdownOption' = '6.1'; 'Start-ThreadJob' = '7.0'; 'Get-SecureRandom' = '7.4'; 'ConvertTo-CliXml' = '7.5'
    'ConvertFrom-CliXml' = '7.5'; 'Get-ExperimentalFeature' = '6.2'; 'Enable-ExperimentalFeature' = '6.2'
    'Disable-ExperimentalFeature' = '6.2'; 'Get-PSSubsystem' = '7.3'
}
$newParameters = [ordered]@{
    'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json' = @('AsArray', 'EscapeHandling', 'EnumsAsStrings')
    'Join-Path' = @('AdditionalChildPath')
    'Split-Path' = @('LeafBase', 'Extension')
    'Get-Content' = @('AsByteStream')
    'Set-Content' = @('AsByteStream')
    'Add-Content' = @('AsByteStream')
    'Invoke-WebRequest' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'SkipHeaderValidation', 'SslProtocol', 'Authentication',
        'Token', 'Form', 'Resume', 'MaximumRetryCount', 'RetryIntervalSec', 'NoProxy', 'HttpVersion', 'CustomMethod',
        'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'AllowInsecureRedirect', 'PreserveAuthorizationOnRedirect',
        'AllowUnencryptedAuthentication')
    'Invoke-RestMethod' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'SkipHeaderValidation', 'SslProtocol', 'Authentication',
        'Token', 'Form', 'Resume', 'MaximumRetryCount', 'RetryIntervalSec', 'NoProxy', 'HttpVersion', 'CustomMethod',
        'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'AllowInsecureRedirect', 'PreserveAuthorizationOnRedirect',
        'AllowUnencryptedAuthentication', 'StatusCodeVariable', 'ResponseHeadersVariable', 'FollowRelLink', 'MaximumFollowRelLink')
    'Test-Connection' = @('TargetName', 'TcpPort', 'Traceroute', 'MtuSize', 'Repeat')
    'Sort-Object' = @('Top', 'Bottom', 'Stable')
    'Get-Date' = @('AsUTC', 'UnixTimeSeconds')
    'ForEach-Object' = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace')
    'Where-Object' = @('Not')
    'Select-String' = @('Raw', 'NoEmphasis')
    'Import-Module' = @('UseWindowsPowerShell', 'SkipEditionCheck')
    'Start-Process' = @('Environment')
    'Invoke-Command' = @('HostName', 'SSHTransport', 'KeyFilePath', 'SSHConnection')
    'New-PSSession' = @('HostName', 'SSHTransport', 'KeyFilePath', 'SSHConnection')
    'Measure-Object' = @('AllStats', 'StandardDeviation')
    'Export-Csv' = @('UseQuotes', 'QuoteFields')
    'ConvertTo-Csv' = @('UseQuotes', 'QuoteFields')
}
# What -Encoding took in Windows PowerShell 5.1 (FileSystemCmdletProviderEncoding); PowerShell 6
# added utf8NoBOM, utf8BOM, any encoding name and code page numbers, and 7.4 ansi.
$encodings51 = New-NameSet @('Unknown', 'String', 'Unicode', 'Byte', 'BigEndianUnicode', 'UTF8', 'UTF7', 'UTF32', 'ASCII', 'Default', 'Oem', 'BigEndianUTF32')
$actionParameters = New-NameSet @('ErrorAction', 'WarningAction', 'InformationAction')
$newValueExamples = @('-Encoding utf8NoBOM', '-Encoding utf8BOM', '-Encoding ansi', '-Encoding 65001', '-Encoding latin1', '-ErrorAction Break', '-WarningAction Break')
$newVariables = [ordered]@{
    IsWindows = '6.0'; IsLinux = '6.0'; IsMacOS = '6.0'; IsCoreCLR = '6.0'; PSStyle = '7.2'; EnabledExperimentalFeatures = '6.2'
    PSNativeCommandArgumentPassing = '7.3'; PSNativeCommandUseErrorActionPreference = '7.3'
}
# .NET types that .NET Framework 4.x (Windows PowerShell 5.1) does not have; "*" ends a namespace.
$newTypes = @('Text.Json.*', 'Range', 'Index', 'HashCode', 'DateOnly', 'TimeOnly', 'Half', 'Text.Rune', 'Span', 'ReadOnlySpan',
    'Buffers.*', 'Threading.Channels.*', 'Collections.Generic.PriorityQueue', 'IO.EnumerationOptions', 'Net.Http.SocketsHttpHandler',
    'Management.Automation.SemanticVersion', 'semver')
# Static members that .NET Framework 4.x types lack.
$newMembers = @('IO.Path::GetRelativePath', 'IO.Path::Join', 'IO.Path::TrimEndingDirectorySeparator', 'IO.Path::EndsInDirectorySeparator',
    'IO.Path::IsPathFullyQualified', 'IO.Path::Exists', 'IO.File::CreateSymbolicLink', 'IO.Directory::CreateSymbolicLink',
    'IO.File::ReadAllTextAsync', 'IO.File::WriteAllTextAsync', 'IO.File::ReadAllLinesAsync', 'IO.File::ReadAllBytesAsync',
    'IO.File::WriteAllBytesAsync', 'IO.File::AppendAllTextAsync', 'Convert::ToHexString', 'Convert::FromHexString',
    'Environment::ProcessId', 'Environment::ProcessPath', 'OperatingSystem::IsWindows', 'OperatingSystem::IsLinux',
    'OperatingSystem::IsMacOS', 'Random::Shared', 'Text.Encoding::Latin1', 'Math::Clamp', 'Guid::CreateVersion7')
$newAttributes = [ordered]@{ ArgumentCompletions = '6.0'; Experimental = '6.2'; ValidateNotNullOrWhiteSpace = '7.4'; NoRunspaceAffinity = '7.4' }

function Test-NewType([string]$written) {
    foreach ($entry in $newTypes) {
        if ($entry.EndsWith('*')) {
            if ($written.StartsWith($entry.TrimEnd('*'), [StringComparison]::OrdinalIgnoreCase)) { return $entry }
        } elseif ($written -eq $entry) {
            return $entry
        }
    }
}

# Each rule: what it finds, from which PowerShell on, why 5.1 cannot run it, how it is found
# (Find takes one node of the tree, or with Scope 'File' the whole tree, and returns what it
# flags), and for table rules the entries with a snippet for each (Example).
$rules = @(
    @{ Id = 'null-coalescing'; On = 'BinaryExpressionAst', 'AssignmentStatementAst'; Since = '7.0'; Construct = '?? and ??='
        Reason = 'Windows PowerShell 5.1 has no null-coalescing operators: write if ($null -eq $a) { ... }.'
        Find = { param($ast)
            ($ast -is [System.Management.Automation.Language.BinaryExpressionAst] -and $ast.Operator -eq 'QuestionQuestion') -or
            ($ast -is [System.Management.Automation.Language.AssignmentStatementAst] -and $ast.Operator -eq 'QuestionQuestionEquals') } }
    @{ Id = 'null-conditional'; On = 'MemberExpressionAst', 'IndexExpressionAst'; Since = '7.1'; Construct = '?. and ?[]'
        Reason = 'Windows PowerShell 5.1 has no null-conditional member access or index.'
        Find = { param($ast)
            ($ast -is [System.Management.Automation.Language.MemberExpressionAst] -or $ast -is [System.Management.Automation.Language.IndexExpressionAst]) -and
            $ast.NullConditional } }
    @{ Id = 'ternary'; On = 'TernaryExpressionAst'; Since = '7.0'; Construct = 'condition ? a : b'
        Reason = 'Windows PowerShell 5.1 has no ternary operator: write if ($condition) { a } else { b }.'
        Find = { param($ast) $ast -is [System.Management.Automation.Language.TernaryExpressionAst] } }
    @{ Id = 'pipeline-chain'; On = 'PipelineChainAst'; Since = '7.0'; Construct = '&& and || between pipelines'
        Reason = 'Windows PowerShell 5.1 has no pipeline chain operators: test $? or use try/catch.'
        Find = { param($ast) $ast -is [System.Management.Automation.Language.PipelineChainAst] } }
    @{ Id = 'background-operator'; On = 'PipelineAst', 'PipelineChainAst'; Since = '6.0'; Construct = 'a pipeline ending in &'
        Reason = 'Windows PowerShell 5.1 cannot start a job with a trailing &: use Start-Job.'
        Find = { param($ast)
            ($ast -is [System.Management.Automation.Language.PipelineAst] -or $ast -is [System.Management.Automation.Language.PipelineChainAst]) -and
            $ast.Background } }
    @{ Id = 'clean-block'; On = 'ScriptBlockAst'; Since = '7.3'; Construct = 'clean { }'
        Reason = 'Windows PowerShell 5.1 knows only begin, process and end blocks.'
        Find = { param($ast) $ast -is [System.Management.Automation.Language.ScriptBlockAst] -and $null -ne $ast.CleanBlock } }
    @{ Id = 'unicode-escape'; Since = '6.0'; Construct = '`u{...} in a double-quoted string'
        Reason = 'Windows PowerShell 5.1 reads `u as a plain u: write [char]0x... instead.'
        Scope = 'Tokens'; On = 'StringExpandable', 'HereStringExpandable'
        Find = { param($token)
            # A backtick escapes the character after it, so only a `u{ after an even run of backticks counts.
            $token.Text -match '(^|[^`])(``)*`u\{' } }
    @{ Id = 'replace-scriptblock'; On = 'BinaryExpressionAst'; Since = '6.1'; Construct = '-replace with a script block substitute'
        Reason = 'Windows PowerShell 5.1 turns the script block into its text: use [regex]::Replace with a MatchEvaluator.'
        Find = { param($ast)
            $ast -is [System.Management.Automation.Language.BinaryExpressionAst] -and $ast.Operator -in 'Ireplace', 'Creplace' -and
            $ast.Right -is [System.Management.Automation.Language.ArrayLiteralAst] -and $ast.Right.Elements.Count -ge 2 -and
            $ast.Right.Elements[1] -is [System.Management.Automation.Language.ScriptBlockExpressionAst] } }
    @{ Id = 'generic-method-call'; On = 'InvokeMemberExpressionAst'; Since = '7.3'; Construct = '$object.Method[type]()'
        Reason = 'Windows PowerShell 5.1 cannot name the type arguments of a generic method.'
        Find = { param($ast)
            $ast -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and $null -ne $ast.GenericTypeArguments -and
            $ast.GenericTypeArguments.Count -gt 0 } }
    @{ Id = 'enum-base-type'; On = 'TypeDefinitionAst'; Since = '6.2'; Construct = 'enum Name : type { }'
        Reason = 'Windows PowerShell 5.1 enums are always Int32.'
        Find = { param($ast)
            $ast -is [System.Management.Automation.Language.TypeDefinitionAst] -and $ast.IsEnum -and $ast.BaseTypes.Count -gt 0 } }
    @{ Id = 'number-literal'; On = 'ConstantExpressionAst'; Since = '6.2'; Construct = 'binary literals and the u, y, s and n suffixes'
        Reason = 'Windows PowerShell 5.1 knows decimal and hexadecimal literals with the l and d suffixes only.'
        Find = { param($ast)
            $ast -is [System.Management.Automation.Language.ConstantExpressionAst] -and
            $ast -isnot [System.Management.Automation.Language.StringConstantExpressionAst] -and
            $ast.Extent.Text -match '^(?i)(0b[01]+|(0x[0-9a-f]+|[0-9.]+(e[+-]?[0-9]+)?)(u|ul|uy|y|s|us|n))(kb|mb|gb|tb|pb)?$' } }
    @{ Id = 'requires-version'; Since = '6.0'; Construct = '#requires -Version 6 or later, or -PSEdition Core'
        Reason = 'Windows PowerShell 5.1 refuses to run the script.'
        Scope = 'File'
        Find = { param($ast)
            $requirements = $ast.ScriptRequirements
            $null -ne $requirements -and (
                ($null -ne $requirements.RequiredPSVersion -and $requirements.RequiredPSVersion.Major -ge 6) -or
                ($requirements.RequiredPSEditions -contains 'Core' -and $requirements.RequiredPSEditions -notcontains 'Desktop')) } }
    @{ Id = 'automatic-variables'; On = 'VariableExpressionAst'; Since = '6.0'; Construct = 'automatic variables of PowerShell 6 and 7'
        Reason = 'Windows PowerShell 5.1 does not set them: $IsWindows is $null there, which reads as false.'
        Entries = @($newVariables.Keys); Example = { param($entry) "`$$entry" }
        Find = { param($ast)
            if ($ast -isnot [System.Management.Automation.Language.VariableExpressionAst]) { return $false }
            $name = $ast.VariablePath.UserPath -replace '^(global|script|local|private|using):', ''
            if ($newVariables.Contains($name)) { $name } else { $false } } }
    @{ Id = 'commands'; On = 'CommandAst'; Since = '6.0'; Construct = 'commands of PowerShell 6 and 7'
        Reason = 'Windows PowerShell 5.1 does not have these commands.'
        Entries = @($newCommands.Keys); Example = { param($entry) "$entry -ErrorAction Stop" }
        Find = { param($ast)
            if ($ast -isnot [System.Management.Automation.Language.CommandAst]) { return $false }
            $name = $ast.GetCommandName()
            if ($name) { $name = $name -replace '^[\w.]+\\', '' }
            if ($name -and $newCommands.Contains($name)) { $name } else { $false } } }
    @{ Id = 'cmdlet-parameters'; On = 'CommandAst'; Since = '6.0'; Construct = 'cmdlet parameters added after 5.1'
        Reason = 'Windows PowerShell 5.1 stops with "A parameter cannot be found that matches parameter name".'
        Entries = @(foreach ($command in $newParameters.Keys) { foreach ($parameter in $newParameters[$command]) { "$command -$parameter" } })
        Example = { param($entry) $command, $parameter = $entry -split ' ', 2; "$command ${parameter}:`$value" }
        Find = { param($ast)
            if ($ast -isnot [System.Management.Automation.Language.CommandAst]) { return $false }
            foreach ($bound in @(Get-BoundParameters $ast)) {
                # Only a name that abbreviates the new parameter itself: an alias may be older than it
                # (Invoke-WebRequest -TimeoutSec of 5.1 is now an alias of -ConnectionTimeoutSeconds).
                if ($newParameters.Contains($bound.Command) -and $newParameters[$bound.Command] -contains $bound.Parameter -and
                    $bound.Parameter.StartsWith($bound.Written, [StringComparison]::OrdinalIgnoreCase)) {
                    return "$($bound.Command) -$($bound.Parameter)"
                }
            }
            $false } }
    @{ Id = 'parameter-values'; On = 'CommandAst'; Since = '6.0'; Construct = '-Encoding names and -*Action Break that 5.1 lacks'
        Reason = 'Windows PowerShell 5.1 cannot convert the value: utf8NoBOM, utf8BOM, ansi, encoding names and code page numbers are 6 and later, Break is 7.0.'
        Entries = $newValueExamples; Example = { param($entry) "Set-Content -Path x -Value y $entry" }
        Find = { param($ast)
            if ($ast -isnot [System.Management.Automation.Language.CommandAst]) { return $false }
            foreach ($bound in @(Get-BoundParameters $ast)) {
                if ($bound.Value -isnot [System.Management.Automation.Language.ConstantExpressionAst]) { continue }
                $value = [string]$bound.Value.Value
                if ($bound.Parameter -eq 'Encoding' -and -not $encodings51.Contains($value)) { return "-Encoding $value" }
                if ($actionParameters.Contains($bound.Parameter) -and $value -eq 'Break') { return "-$($bound.Parameter) Break" }
            }
            $false } }
    @{ Id = 'dotnet-types'; On = 'TypeExpressionAst', 'TypeConstraintAst'; Since = '6.0'; Construct = '.NET types that .NET Framework 4 lacks'
        Reason = 'Windows PowerShell 5.1 runs on .NET Framework 4, which does not have these types.'
        Entries = $newTypes; Example = { param($entry) "[$($entry.TrimEnd('*').TrimEnd('.'))$(if ($entry.EndsWith('*')) { '.Anything' })]" }
        Find = { param($ast)
            if ($ast -isnot [System.Management.Automation.Language.TypeExpressionAst] -and $ast -isnot [System.Management.Automation.Language.TypeConstraintAst]) { return $false }
            $found = Test-NewType (Get-WrittenTypeName $ast.TypeName)
            if ($found) { $found } else { $false } } }
    @{ Id = 'dotnet-members'; On = 'MemberExpressionAst'; Since = '6.0'; Construct = 'static members that .NET Framework 4 types lack'
        Reason = 'Windows PowerShell 5.1 runs on .NET Framework 4, where these members do not exist.'
        Entries = $newMembers; Example = { param($entry) $type, $member = $entry -split '::'; "[$type]::$member(1)" }
        Find = { param($ast)
            if ($ast -isnot [System.Management.Automation.Language.MemberExpressionAst] -or -not $ast.Static -or
                $ast.Expression -isnot [System.Management.Automation.Language.TypeExpressionAst] -or
                $ast.Member -isnot [System.Management.Automation.Language.StringConstantExpressionAst]) { return $false }
            $written = "$(Get-WrittenTypeName $ast.Expression.TypeName)::$($ast.Member.Value)"
            $found = $newMembers | Where-Object { $_ -eq $written } | Select-Object -First 1
            if ($found) { $found } else { $false } } }
    @{ Id = 'attributes'; On = 'AttributeAst'; Since = '6.0'; Construct = 'parameter attributes of PowerShell 6 and 7'
        Reason = 'Windows PowerShell 5.1 does not have these attributes, nor ValidateRange with a ValidateRangeKind.'
        Entries = @($newAttributes.Keys) + 'ValidateRange(kind)'
        Example = { param($entry)
            if ($entry -eq 'ValidateRange(kind)') { 'param([ValidateRange(''Positive'')][int]$count)' } else { "param([$entry()][string]`$name)" } }
        Find = { param($ast)
            if ($ast -isnot [System.Management.Automation.Language.AttributeAst]) { return $false }
            $name = (Get-WrittenTypeName $ast.TypeName) -replace '^Management\.Automation\.', '' -replace 'Attribute$', ''
            if ($newAttributes.Contains($name)) { return $name }
            if ($name -eq 'ValidateRange' -and $ast.PositionalArguments.Count -eq 1) { return 'ValidateRange(kind)' }
            $false } }
)
# A node rule sees only the kinds of node it names (On), a kind including those derived from it.
$astTypes = @([System.Management.Automation.Language.Ast].Assembly.GetTypes() |
    Where-Object { $_.IsPublic -and [System.Management.Automation.Language.Ast].IsAssignableFrom($_) })
foreach ($rule in $rules) {
    if (-not $rule.ContainsKey('Scope')) { $rule.Scope = 'Node' }
    if ($rule.Scope -ne 'Node') { continue }
    $kinds = foreach ($kind in $rule.On) {
        $named = $astTypes | Where-Object { $_.Name -eq $kind }
        if ($null -eq $named) { throw "Rule $($rule.Id) names $kind, which is not a kind of syntax tree node." }
        $astTypes | Where-Object { $named.IsAssignableFrom($_) } | ForEach-Object { $_.Name }
    }
    $rule.Kinds = @($kinds | Select-Object -Unique)
}

function Get-Findings($ast, $tokens) {
    $byKind = @{}
    foreach ($node in $ast.FindAll({ $true }, $true)) {
        $kind = $node.GetType().Name
        if (-not $byKind.ContainsKey($kind)) { $byKind[$kind] = [System.Collections.Generic.List[object]]::new() }
        $byKind[$kind].Add($node)
    }
    foreach ($rule in $rules) {
        $subjects = switch ($rule.Scope) {
            'File' { , $ast }
            'Tokens' { foreach ($token in $tokens) { if ($rule.On -contains $token.Kind) { $token } } }
            default { foreach ($kind in $rule.Kinds) { if ($byKind.ContainsKey($kind)) { $byKind[$kind] } } }
        }
        foreach ($subject in $subjects) {
            $found = & $rule.Find $subject
            if (-not $found) { continue }
            $extent = $subject.Extent
            [ordered]@{
                rule = $rule.Id
                entry = if ($found -is [string]) { $found } else { $null }
                line = $extent.StartLineNumber
                text = if ($extent.Text.Length -gt 120) { $extent.Text.Substring(0, 120) } else { $extent.Text }
            }
        }
    }
}

function Read-Source([string]$path, [string]$text) {
    $tokens = $null
    $errors = $null
    $ast = if ($path) {
        [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$tokens, [ref]$errors)
    } else {
        [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
    }
    @{ Ast = $ast; Tokens = $tokens; Errors = @($errors | ForEach-Object { [ordered]@{ line = $_.Extent.StartLineNumber; message = $_.Message } }) }
}

function Measure-Source([string]$path, [string]$text, [bool]$check) {
    $source = Read-Source $path $text
    $findings = @()
    if ($check) { $findings = @(Get-Findings $source.Ast $source.Tokens) }
    [ordered]@{ parseErrors = $source.Errors; findings = $findings }
}

$request = [IO.File]::ReadAllText($RequestFile) | ConvertFrom-Json
$files = [ordered]@{}
foreach ($path in @($request.parseOnly)) { $files[$path] = Measure-Source $path $null $false }
foreach ($path in @($request.windowsPowerShell)) { $files[$path] = Measure-Source $path $null $true }
$snippets = [ordered]@{}
foreach ($snippet in @($request.snippets)) { $snippets[$snippet.name] = Measure-Source $null $snippet.text $true }

$entries = [System.Collections.Generic.List[object]]::new()
foreach ($rule in $rules | Where-Object { $_.ContainsKey('Entries') }) {
    foreach ($entry in $rule.Entries) {
        $text = & $rule.Example $entry
        $measured = Measure-Source $null $text $true
        $entries.Add([ordered]@{ rule = $rule.Id; entry = $entry; text = $text; parseErrors = $measured.parseErrors; findings = $measured.findings })
    }
}

$result = [ordered]@{
    powershell = $PSVersionTable.PSVersion.ToString()
    rules = @($rules | ForEach-Object { [ordered]@{ id = $_.Id; since = $_.Since; construct = $_.Construct; reason = $_.Reason } })
    files = $files
    snippets = $snippets
    entries = $entries.ToArray()
}
[IO.File]::WriteAllText($ResultFile, (ConvertTo-Json -InputObject $result -Depth 8), [Text.UTF8Encoding]::new($false))
