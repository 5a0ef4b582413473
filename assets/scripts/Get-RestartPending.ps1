<#
.SYNOPSIS
    Tells whether Windows waits for a restart, and why.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName }.
    Looks where servicing, Windows Update and pending file renames record a restart they need:
    the Component Based Servicing RebootPending key, the Windows Update RebootRequired key and
    the Session Manager PendingFileRenameOperations value.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $reasons = [System.Collections.Generic.List[string]]::new()
    # The registry provider reads the 64-bit view, where servicing writes its keys: the wizard starts
    # the 64-bit Windows PowerShell, and remoting's default endpoint is 64-bit too.
    $keys = [ordered]@{
        'SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending' = 'Windows servicing (Component Based Servicing) waits for a restart.'
        'SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired' = 'Windows Update waits for a restart.'
    }
    foreach ($path in $keys.Keys) {
        if (Test-Path -LiteralPath "Registry::HKEY_LOCAL_MACHINE\$path") { $reasons.Add($keys[$path]) }
    }
    $sessionManagerPath = 'Registry::HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Session Manager'
    if (Test-Path -LiteralPath $sessionManagerPath) {
        $sessionManager = Get-Item -LiteralPath $sessionManagerPath
        try {
            $renames = @($sessionManager.GetValue('PendingFileRenameOperations') | Where-Object { $_ })
            if ($renames.Count -gt 0) { $reasons.Add('Files are waiting to be replaced at the next restart (PendingFileRenameOperations).') }
        } finally {
            $sessionManager.Dispose()
        }
    }
    # Assigned, not taken from an if expression, which would turn a list of one into a plain string.
    $log = $reasons.ToArray()
    if ($reasons.Count -eq 0) { $log = @("$env:COMPUTERNAME does not wait for a restart.") }
    @{ ok = $true; pending = $reasons.Count -gt 0; reasons = $reasons.ToArray(); log = $log }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
