<#
.SYNOPSIS
    Exports every unsealed management pack of Service Manager with Export-SCSMManagementPack.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Folder }; Folder exists and is as that computer sees it.
    The work itself is Get-ManagementPackWork in the module, shared with the other management pack scripts.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work (Get-ManagementPackWork) -ArgumentList 'Export' -ScriptName (Split-Path -Leaf $PSCommandPath)
