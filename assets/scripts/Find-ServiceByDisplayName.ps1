<#
.SYNOPSIS
    Finds a service by its display name.
.DESCRIPTION
    Payload: base64 of UTF-8 JSON { ComputerName, DisplayName }.
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
    Add-Type -AssemblyName System.ServiceProcess
    $displayName = [string]$data.DisplayName
    # GetServices reads every name in one call, where Get-Service -DisplayName takes the name as a
    # wildcard pattern and can fail on services the caller may not open.
    $service = [System.ServiceProcess.ServiceController]::GetServices() | Where-Object { $_.DisplayName -eq $displayName }
    if ($null -eq $service) { return @{ ok = $true; found = $false; log = @() } }
    @{
        ok = $true
        found = $true
        service = @{ name = $service.ServiceName; displayName = $service.DisplayName; status = $service.Status.ToString() }
        log = @()
    }
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
