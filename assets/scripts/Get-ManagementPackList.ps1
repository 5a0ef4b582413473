<#
.SYNOPSIS
    Lists the management packs imported into Service Manager: id, version and whether sealed.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName }; the computer is a Service Manager management server.
    The work itself is Get-ManagementPackWork in the module, shared with the other management pack script.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work (Get-ManagementPackWork) -ArgumentList 'List' -ScriptName (Split-Path -Leaf $PSCommandPath)
