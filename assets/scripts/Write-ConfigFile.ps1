<#
.SYNOPSIS
    Replaces a configuration file's content with exactly the bytes given.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Path, ContentBase64 }; ContentBase64 is the
    whole new file, byte order mark included. The file must already exist.
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
    $bytes = [Convert]::FromBase64String([string]$data.ContentBase64)
    if (-not [IO.File]::Exists($path)) {
        return @{ ok = $false; code = 'not-found'; details = ''; message = "The file $path does not exist on $env:COMPUTERNAME." }
    }
    # Written beside the file and swapped in, so that a failure halfway leaves the old file whole.
    # File.Replace also gives the new file the old one's permissions, owner and attributes.
    $temporary = Join-Path ([IO.Path]::GetDirectoryName($path)) ('{0}.{1}.wizard-new' -f [IO.Path]::GetFileName($path), [guid]::NewGuid().ToString('N'))
    try {
        [IO.File]::WriteAllBytes($temporary, $bytes)
        # A $null argument would reach .NET as an empty string, which File.Replace refuses as a backup path.
        [IO.File]::Replace($temporary, $path, [NullString]::Value)
    } finally {
        if ([IO.File]::Exists($temporary)) { [IO.File]::Delete($temporary) }
    }
    @{ ok = $true; log = @("Wrote $path on $env:COMPUTERNAME ($($bytes.Length) bytes).") }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
