<#
.SYNOPSIS
    Reports the bytes free to the caller on the volume that holds Path.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Path }; Path need not exist yet.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    # GetDiskFreeSpaceEx answers for mount points, UNC shares and disk quotas, which DriveInfo does not.
    if (-not ('ScRecoveryWizard.DiskSpace' -as [type])) {
        Add-Type -Namespace ScRecoveryWizard -Name DiskSpace -MemberDefinition @'
[DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
[return: MarshalAs(UnmanagedType.Bool)]
public static extern bool GetDiskFreeSpaceEx(string directoryName, out ulong freeBytesAvailable, out ulong totalBytes, out ulong totalFreeBytes);
'@
    }
    $path = [string]$data.Path
    # The folder may be one a later step creates: measure the nearest folder above it that exists.
    $folder = $path
    while ($folder -and -not [IO.Directory]::Exists($folder)) { $folder = [IO.Path]::GetDirectoryName($folder) }
    if (-not $folder) {
        return @{ ok = $false; code = 'not-found'; details = ''
            message = "Neither $path nor any folder above it exists on $env:COMPUTERNAME." }
    }
    $free = [uint64]0
    $total = [uint64]0
    $totalFree = [uint64]0
    if (-not [ScRecoveryWizard.DiskSpace]::GetDiskFreeSpaceEx($folder, [ref]$free, [ref]$total, [ref]$totalFree)) {
        throw [ComponentModel.Win32Exception]::new([Runtime.InteropServices.Marshal]::GetLastWin32Error())
    }
    @{ ok = $true; freeBytes = $free; log = @("$folder has $free bytes free.") }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
