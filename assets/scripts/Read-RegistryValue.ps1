<#
.SYNOPSIS
    Reads one registry value.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Key, ValueName }; Key looks like HKLM\SOFTWARE\....
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $hives = @{
        HKLM = 'HKEY_LOCAL_MACHINE'; HKEY_LOCAL_MACHINE = 'HKEY_LOCAL_MACHINE'
        HKCU = 'HKEY_CURRENT_USER'; HKEY_CURRENT_USER = 'HKEY_CURRENT_USER'
        HKU = 'HKEY_USERS'; HKEY_USERS = 'HKEY_USERS'
        HKCR = 'HKEY_CLASSES_ROOT'; HKEY_CLASSES_ROOT = 'HKEY_CLASSES_ROOT'
    }
    $keyPath = [string]$data.Key
    $valueName = [string]$data.ValueName
    $hiveName, $subKeyPath = $keyPath -split '\\', 2
    if (-not $hives.ContainsKey($hiveName) -or -not $subKeyPath) {
        return @{ ok = $false; code = 'script'; details = ''
            message = "$keyPath is not a registry key path such as HKLM\SOFTWARE\Microsoft." }
    }
    # The registry provider reads the 64-bit view, where Service Manager writes its keys: the wizard
    # starts the 64-bit Windows PowerShell, and remoting's default endpoint is 64-bit too.
    try {
        $key = Get-Item -LiteralPath "Registry::$($hives[$hiveName])\$subKeyPath"
    } catch [System.Management.Automation.ItemNotFoundException] {
        return @{ ok = $true; found = $false; value = $null; log = @() }
    }
    try {
        $raw = $key.GetValue($valueName)
        if ($null -eq $raw) { return @{ ok = $true; found = $false; value = $null; log = @() } }
        $kind = $key.GetValueKind($valueName)
        switch ($kind.ToString()) {
            'String' { $value = [string]$raw }
            'ExpandString' { $value = [string]$raw }
            'MultiString' { $value = $raw -join "`n" }
            # REG_DWORD is unsigned; .NET hands it over as a signed Int32.
            'DWord' { $value = [BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$raw), 0) }
            'QWord' { $value = [long]$raw }
            default {
                return @{ ok = $false; code = 'script'; details = ''
                    message = "$keyPath\$valueName is a $kind value, which the wizard does not read." }
            }
        }
        @{ ok = $true; found = $true; value = $value; log = @() }
    } finally {
        $key.Dispose()
    }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
