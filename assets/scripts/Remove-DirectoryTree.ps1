<#
.SYNOPSIS
    Deletes a folder and everything in it.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Path }; Path must be a full path.
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
    if ($path -notmatch '^([A-Za-z]:\\|\\\\)') {
        return @{ ok = $false; code = 'script'; details = ''
            message = "Refusing to delete ${path}: it is not a full path (C:\... or \\server\share\...)." }
    }
    # Resolves . and .. so that C:\Temp\..\.. cannot pass for a long path.
    $path = [IO.Path]::GetFullPath($path).TrimEnd('\', '/')
    $refusal = if ($path.Length -lt 10) {
        'a path this short is too close to the root of a drive'
    } elseif ([IO.Path]::GetPathRoot($path).TrimEnd('\') -eq $path) {
        'it is the root of a drive or share'
    }
    if ($refusal) {
        return @{ ok = $false; code = 'script'; details = ''; message = "Refusing to delete ${path}: $refusal." }
    }
    if (-not [IO.Directory]::Exists($path)) {
        return @{ ok = $false; code = 'not-found'; details = ''; message = "The folder $path does not exist on $env:COMPUTERNAME." }
    }
    # Walk the tree without entering junctions or symbolic links, so that nothing outside it is
    # counted, and clear read-only flags, which would make the delete fail halfway.
    $files = 0
    $pending = [System.Collections.Generic.Stack[IO.DirectoryInfo]]::new()
    $pending.Push([IO.DirectoryInfo]::new($path))
    try {
        while ($pending.Count -gt 0) {
            foreach ($entry in $pending.Pop().EnumerateFileSystemInfos()) {
                $isLink = ($entry.Attributes -band [IO.FileAttributes]::ReparsePoint) -ne 0
                if ($entry -is [IO.DirectoryInfo]) {
                    if (-not $isLink) { $pending.Push($entry) }
                    continue
                }
                $files++
                if (($entry.Attributes -band [IO.FileAttributes]::ReadOnly) -ne 0) {
                    $entry.Attributes = $entry.Attributes -bxor [IO.FileAttributes]::ReadOnly
                }
            }
        }
        # Directory.Delete removes a junction or link inside the tree without following it.
        [IO.Directory]::Delete($path, $true)
    } catch {
        $base = $_.Exception.GetBaseException()
        if ($base -is [System.UnauthorizedAccessException] -or $base -is [IO.IOException]) {
            return @{ ok = $false; code = 'access-denied'; details = $base.Message
                message = "Could not delete everything in $path on ${env:COMPUTERNAME}: $($base.Message) Is a service or program still using it?" }
        }
        throw
    }
    @{ ok = $true; filesRemoved = $files; log = @("Deleted $path on $env:COMPUTERNAME ($files files).") }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
