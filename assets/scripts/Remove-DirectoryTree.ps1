<#
.SYNOPSIS
    Deletes a folder and everything in it.
.DESCRIPTION
    Payload: base64 of UTF-8 JSON { ComputerName, Path }.
    Writes one JSON object to stdout: {"ok":true,...,"log":[...]} or
    {"ok":false,"code":"timeout|not-found|unreachable|access-denied|script","message":"...","details":"..."}.
    Never calls exit: the wizard runs every script in one long-lived PowerShell session.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $path = [string]$data.Path
    if ($path -notmatch '^([A-Za-z]:\\|\\\\)') {
        return @{ ok = $false; code = 'script'; details = ''
            message = "Refusing to delete ${path}: it is not a full path (C:\... or \\server\share\...)." }
    }
    # Resolves . and .. so that C:\Temp\..\.. cannot pass for a long path.
    $path = [IO.Path]::GetFullPath($path).TrimEnd('\', '/')
    $refusal = if ($path.Length -lt 10) {
        'a path this short is too close to the root of a drive'
    } elseif ([IO.Path]::GetPathRoot($path).TrimEnd('\') -eq $path) {
        'it is the root of a drive or share'
    }
    if ($refusal) {
        return @{ ok = $false; code = 'script'; details = ''; message = "Refusing to delete ${path}: $refusal." }
    }
    if (-not [IO.Directory]::Exists($path)) {
        return @{ ok = $false; code = 'not-found'; details = ''; message = "The folder $path does not exist on $env:COMPUTERNAME." }
    }
    # Walk the tree without entering junctions or symbolic links, so that nothing outside it is
    # counted, and clear read-only flags, which would make the delete fail halfway.
    $files = 0
    $pending = [System.Collections.Generic.Stack[IO.DirectoryInfo]]::new()
    $pending.Push([IO.DirectoryInfo]::new($path))
    try {
        while ($pending.Count -gt 0) {
            foreach ($entry in $pending.Pop().EnumerateFileSystemInfos()) {
                $isLink = ($entry.Attributes -band [IO.FileAttributes]::ReparsePoint) -ne 0
                if ($entry -is [IO.DirectoryInfo]) {
                    if (-not $isLink) { $pending.Push($entry) }
                    continue
                }
                $files++
                if (($entry.Attributes -band [IO.FileAttributes]::ReadOnly) -ne 0) {
                    $entry.Attributes = $entry.Attributes -bxor [IO.FileAttributes]::ReadOnly
                }
            }
        }
        # Directory.Delete removes a junction or link inside the tree without following it.
        [IO.Directory]::Delete($path, $true)
    } catch {
        $base = $_.Exception.GetBaseException()
        if ($base -is [System.UnauthorizedAccessException] -or $base -is [IO.IOException]) {
            return @{ ok = $false; code = 'access-denied'; details = $base.Message
                message = "Could not delete everything in $path on ${env:COMPUTERNAME}: $($base.Message) Is a service or program still using it?" }
        }
        throw
    }
    @{ ok = $true; filesRemoved = $files; log = @("Deleted $path on $env:COMPUTERNAME ($files files).") }
}

# Everything below runs on the computer the wizard runs on and is the same in every script of
# this folder: each script stays a single file that can be read and signed on its own.

function ConvertTo-Failure($record, [string]$computer, [string]$scriptName) {
    $exception = $record.Exception
    $base = $exception.GetBaseException()
    $details = "$($exception.GetType().FullName): $($exception.Message)"
    if ($record.ScriptStackTrace) { $details += "`n$($record.ScriptStackTrace)" }
    if ($exception -is [System.Management.Automation.Remoting.PSRemotingTransportException]) {
        if ($exception.ErrorCode -eq 5) {
            return @{ ok = $false; code = 'access-denied'; details = $details
                message = "Access denied when connecting to $computer through PowerShell remoting: the account running the wizard must be an administrator there." }
        }
        return @{ ok = $false; code = 'unreachable'; details = $details
            message = "Cannot reach $computer through PowerShell remoting: is WinRM running there (Enable-PSRemoting) and TCP 5985 open?" }
    }
    $denied = $record.CategoryInfo.Category -eq 'PermissionDenied' -or
        $base -is [System.UnauthorizedAccessException] -or
        ($base -is [System.ComponentModel.Win32Exception] -and $base.NativeErrorCode -eq 5)
    if ($denied) {
        return @{ ok = $false; code = 'access-denied'; details = $details
            message = "Access denied on ${computer}: $($exception.Message)" }
    }
    if ($record.CategoryInfo.Category -eq 'ObjectNotFound') {
        return @{ ok = $false; code = 'not-found'; details = $details; message = "On ${computer}: $($exception.Message)" }
    }
    @{ ok = $false; code = 'script'; details = $details; message = "$scriptName failed on ${computer}: $($exception.Message)" }
}

function Write-Result($result) {
    # A fresh dictionary drops what remoting adds to returned objects (PSComputerName, RunspaceId).
    $plain = [ordered]@{}
    foreach ($key in $result.Keys) { $plain[[string]$key] = $result[$key] }
    if ($plain['ok'] -and -not $plain.Contains('log')) { $plain['log'] = @() }
    $json = ConvertTo-Json -InputObject $plain -Compress -Depth 6
    # Node reads stdout in the console code page it cannot know; pure ASCII survives any of them.
    $json = [regex]::Replace($json, '[^\u0000-\u007F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
    [Console]::Out.WriteLine($json)
}

$computer = '(unknown computer)'
$scriptName = Split-Path -Leaf $PSCommandPath
try {
    # Windows PowerShell 5.1 serialises wrapped arrays as {"value":[...],"Count":n} because of this type data.
    Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue
    $data = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload)) | ConvertFrom-Json
    $computer = [string]$data.ComputerName
    $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
    $localNames = @($env:COMPUTERNAME, $ip.HostName)
    if ($ip.DomainName) { $localNames += "$($ip.HostName).$($ip.DomainName)" }
    # -contains compares case-insensitively.
    if ($localNames -contains $computer) {
        $output = & $work $data
    } else {
        $output = Invoke-Command -ComputerName $computer -ScriptBlock $work -ArgumentList $data
    }
    $result = @($output | Where-Object { $_ -is [System.Collections.IDictionary] }) | Select-Object -Last 1
    if ($null -eq $result) {
        $result = @{ ok = $false; code = 'script'; details = ''; message = "$scriptName returned nothing on $computer." }
    }
} catch {
    $result = ConvertTo-Failure $_ $computer $scriptName
}
Write-Result $result
