<#
.SYNOPSIS
    Reports the computer name, FQDN, elevation and Windows version.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName }.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    # From the network configuration rather than DNS, which recoveries on isolated networks cannot rely on.
    $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
    $fqdn = if ($ip.DomainName) { "$($ip.HostName).$($ip.DomainName)" } else { $ip.HostName }
    $principal = [Security.Principal.WindowsPrincipal]::new([Security.Principal.WindowsIdentity]::GetCurrent())
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    @{
        ok = $true
        computerName = $env:COMPUTERNAME
        fqdn = $fqdn
        isElevated = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
        osVersion = "$($os.Caption) $($os.Version)"
        log = @()
    }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
