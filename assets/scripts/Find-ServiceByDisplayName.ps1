<#
.SYNOPSIS
    Finds a service by its display name.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, DisplayName }; DisplayName is matched exactly.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $displayName = [string]$data.DisplayName
    # Get-Service without a name lists every service in one call (ServiceController.GetServices in
    # Windows PowerShell 5.1), where -DisplayName would take the name as a wildcard pattern.
    $service = Get-Service | Where-Object { $_.DisplayName -eq $displayName }
    if ($null -eq $service) { return @{ ok = $true; found = $false; log = @() } }
    @{
        ok = $true
        found = $true
        service = @{ name = $service.ServiceName; displayName = $service.DisplayName; status = $service.Status.ToString() }
        log = @()
    }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
