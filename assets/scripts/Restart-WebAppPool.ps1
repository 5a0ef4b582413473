<#
.SYNOPSIS
    Recycles an IIS application pool, so that its web application reads its web.config again.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, AppPool }. A stopped pool is started instead.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $name = [string]$data.AppPool
    if (-not (Get-Module -ListAvailable -Name WebAdministration)) {
        return @{ ok = $false; code = 'not-found'; details = ''
            message = "The IIS PowerShell module WebAdministration is not installed on ${env:COMPUTERNAME} (IIS Management Scripts and Tools)." }
    }
    Import-Module WebAdministration
    # Compared with -eq: a pool name given to the IIS: drive would be read as a wildcard pattern.
    $pool = Get-ChildItem -Path 'IIS:\AppPools' | Where-Object { $_.Name -eq $name } | Select-Object -First 1
    if ($null -eq $pool) {
        return @{ ok = $false; code = 'not-found'; details = ''; message = "There is no IIS application pool named '$name' on $env:COMPUTERNAME." }
    }
    # Restart-WebAppPool fails on a stopped pool; starting it loads the configuration all the same.
    if ((Get-WebAppPoolState -Name $pool.Name).Value -eq 'Stopped') {
        Start-WebAppPool -Name $pool.Name
        return @{ ok = $true; log = @("Started the application pool $($pool.Name) on $env:COMPUTERNAME, which was stopped.") }
    }
    Restart-WebAppPool -Name $pool.Name
    @{ ok = $true; log = @("Recycled the application pool $($pool.Name) on $env:COMPUTERNAME.") }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
