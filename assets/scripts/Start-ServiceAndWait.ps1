<#
.SYNOPSIS
    Starts a service found by its display name and waits until it is running.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, DisplayName, TimeoutSeconds }; waits up to TimeoutSeconds for it to start.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
# The block is written once, in the module, for both actions.
Invoke-WizardWork -Payload $Payload -Work (Get-ServiceWaitWork) -ArgumentList 'Start' -ScriptName (Split-Path -Leaf $PSCommandPath)
