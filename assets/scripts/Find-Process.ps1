<#
.SYNOPSIS
    Lists the running processes with a given name (without .exe) and their owners.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, ProcessName }; ProcessName may end in .exe.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $name = ([string]$data.ProcessName) -replace '\.exe$', ''
    $found = [System.Collections.Generic.List[object]]::new()
    # Compared with -eq: Get-Process -Name would take the name as a wildcard pattern.
    foreach ($process in @(Get-Process | Where-Object { $_.ProcessName -eq $name })) {
        $entry = @{ id = $process.Id; name = $process.ProcessName }
        # The owner is optional evidence: a process of another session may refuse to say.
        try {
            $cim = Get-CimInstance -ClassName Win32_Process -Filter "ProcessId = $([int]$process.Id)"
            $owner = Invoke-CimMethod -InputObject $cim -MethodName GetOwner
            if ($owner.ReturnValue -eq 0) { $entry.user = if ($owner.Domain) { "$($owner.Domain)\$($owner.User)" } else { $owner.User } }
        } catch {
            $entry.user = $null
        }
        $found.Add($entry)
    }
    @{ ok = $true; processes = $found.ToArray(); log = @() }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
