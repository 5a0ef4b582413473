<#
.SYNOPSIS
    Reads a configuration file's bytes exactly as they are on disk.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Path }.
    Returns { size, contentBase64 }: the bytes in base64, so that a byte order mark and the line
    ends survive the trip; contentBase64 is null for a file too large to be a configuration file.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    # The wizard refuses larger files itself; this only keeps them from being sent at all.
    $maxBytes = 4MB
    $path = [string]$data.Path
    if (-not [IO.File]::Exists($path)) {
        return @{ ok = $false; code = 'not-found'; details = ''; message = "The file $path does not exist on $env:COMPUTERNAME." }
    }
    $size = ([IO.FileInfo]::new($path)).Length
    if ($size -gt $maxBytes) {
        return @{ ok = $true; size = $size; contentBase64 = $null; log = @() }
    }
    $bytes = [IO.File]::ReadAllBytes($path)
    @{ ok = $true; size = $bytes.Length; contentBase64 = [Convert]::ToBase64String($bytes); log = @() }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
