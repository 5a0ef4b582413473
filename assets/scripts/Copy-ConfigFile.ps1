<#
.SYNOPSIS
    Copies a configuration file before it is changed, never over an existing file.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Path, CopyPath }; CopyPath must not exist.
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
    $copyPath = [string]$data.CopyPath
    if (-not [IO.File]::Exists($path)) {
        return @{ ok = $false; code = 'not-found'; details = ''; message = "The file $path does not exist on $env:COMPUTERNAME." }
    }
    # An earlier copy may be the only record of the file before a previous attempt changed it.
    if (Test-Path -LiteralPath $copyPath) {
        return @{ ok = $false; code = 'script'; details = ''
            message = "$copyPath already exists on ${env:COMPUTERNAME}: the wizard does not overwrite a copy it may need. Move it elsewhere or choose another name." }
    }
    Copy-Item -LiteralPath $path -Destination $copyPath
    @{ ok = $true; log = @("Copied $path to $copyPath on $env:COMPUTERNAME.") }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
