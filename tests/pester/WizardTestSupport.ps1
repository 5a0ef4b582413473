<#
.SYNOPSIS
    What every *.Tests.ps1 beside this file shares: running a script as the wizard does, checking
    its one JSON result, and stand-ins for what only Windows has.
.DESCRIPTION
    Dot-sourced in each test file's BeforeAll. Windows PowerShell 5.1 syntax only: on Windows the
    suite also runs there.
    Invoke-WizardScript calls a script of assets/scripts exactly as the wizard's runner does
    (& '<path>' -Payload <base64 of UTF-8 JSON>, ComputerName last) and reads what it writes to
    stdout; Assert-WizardResult holds it to the contract of WizardScript.psm1.
#>

$WizardScriptsDir = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..\..\assets\scripts'))
$WizardOnWindows = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT
$WizardFailureCodes = @('timeout', 'not-found', 'unreachable', 'access-denied', 'script')
$WizardServiceManagerSetupKey = 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'

# Messages name the computer by $env:COMPUTERNAME, which only Windows sets.
if (-not $env:COMPUTERNAME) { $env:COMPUTERNAME = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().HostName }

Import-Module (Join-Path $WizardScriptsDir 'WizardScript.psm1')
Add-Type -AssemblyName System.ServiceProcess

# The commands of Windows, IIS and Service Manager the scripts call, where this PowerShell has none:
# Pester mocks only commands that exist. Each stand-in takes the parameters the scripts pass, so
# that a mock's parameter filter can read them, and fails loudly if a test forgets its mock.
function global:Stop-Unmocked([string]$name) { throw "$name is a stand-in for Pester to mock; this test has no mock for it." }
$windowsCommands = @{
    'Get-Service' = { Stop-Unmocked 'Get-Service' }
    'Get-CimInstance' = { param([string]$ClassName, [string]$Filter) Stop-Unmocked 'Get-CimInstance' }
    'Invoke-CimMethod' = { param($InputObject, [string]$MethodName) Stop-Unmocked 'Invoke-CimMethod' }
    'Get-Website' = { Stop-Unmocked 'Get-Website' }
    'Get-WebApplication' = { param([string]$Site) Stop-Unmocked 'Get-WebApplication' }
    'Get-WebAppPoolState' = { param([string]$Name) Stop-Unmocked 'Get-WebAppPoolState' }
    'Start-WebAppPool' = { param([string]$Name) Stop-Unmocked 'Start-WebAppPool' }
    'Restart-WebAppPool' = { param([string]$Name) Stop-Unmocked 'Restart-WebAppPool' }
    'Get-SCSMManagementPack' = { Stop-Unmocked 'Get-SCSMManagementPack' }
    'Import-SCSMManagementPack' = { param([string]$Fullname) Stop-Unmocked 'Import-SCSMManagementPack' }
    'Export-SCSMManagementPack' = { param($ManagementPack, [string]$Path) Stop-Unmocked 'Export-SCSMManagementPack' }
}
foreach ($name in $windowsCommands.Keys) {
    if (-not (Get-Command -Name $name -ErrorAction SilentlyContinue)) { Set-Item -Path "function:global:$name" -Value $windowsCommands[$name] }
}

<#
.SYNOPSIS
    The computer name that makes Invoke-WizardWork run the work block here rather than through remoting.
#>
function Get-WizardLocalComputer {
    [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().HostName
}

<#
.SYNOPSIS
    Runs a script of assets/scripts as the wizard's runner does and returns its result, checked.
.OUTPUTS
    The parsed JSON object; Assert-WizardResult has already checked the contract.
#>
function Invoke-WizardScript {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [System.Collections.IDictionary]$Arguments = @{},
        [string]$ComputerName = (Get-WizardLocalComputer)
    )
    $payload = [ordered]@{}
    foreach ($key in $Arguments.Keys) { $payload[$key] = $Arguments[$key] }
    $payload['ComputerName'] = $ComputerName
    $json = ConvertTo-Json -InputObject $payload -Compress
    $base64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json))
    $script = Join-Path $WizardScriptsDir $Name
    $output = Invoke-WithConsoleCaptured { & $script -Payload $base64 }
    Assert-WizardResult -Stdout $output.Stdout -OtherOutput $output.OtherOutput
}

<#
.SYNOPSIS
    Runs a block and returns what it wrote to the console's stdout, where the scripts write their
    result, apart from what it wrote to PowerShell's streams.
#>
function Invoke-WithConsoleCaptured([scriptblock]$Block) {
    $stdout = New-Object IO.StringWriter
    $console = [Console]::Out
    [Console]::SetOut($stdout)
    try {
        $otherOutput = @(& $Block *>&1)
    } finally {
        [Console]::SetOut($console)
    }
    @{ Stdout = $stdout.ToString(); OtherOutput = $otherOutput }
}

<#
.SYNOPSIS
    Fails unless the output is what WizardScript.psm1 promises the wizard.
.DESCRIPTION
    Nothing on any other stream (the wizard's session would print it to stdout beside the JSON),
    exactly one line on stdout, ASCII only, one JSON object with a boolean ok; a success carries a
    log array of strings, a failure exactly ok, code (one the wizard maps), message and details.
#>
function Assert-WizardResult {
    param([string]$Stdout, [object[]]$OtherOutput = @())
    if ($OtherOutput.Count -gt 0) {
        throw "The script wrote to the pipeline or another stream: $(($OtherOutput | ForEach-Object { "$_" }) -join ' | ')"
    }
    $lines = @($Stdout -split '\r?\n' | Where-Object { $_ -ne '' })
    if ($lines.Count -ne 1 -or -not $Stdout.EndsWith("`n")) { throw "Expected exactly one line on stdout, got: $Stdout" }
    $line = $lines[0]
    foreach ($char in $line.ToCharArray()) {
        if ([int]$char -lt 0x20 -or [int]$char -gt 0x7E) { throw "Stdout holds the character U+$('{0:X4}' -f [int]$char): $line" }
    }
    if (-not $line.StartsWith('{')) { throw "Stdout is not one JSON object: $line" }
    $result = ConvertFrom-Json -InputObject $line
    $names = @($result.PSObject.Properties | ForEach-Object { $_.Name })
    if ($result.ok -isnot [bool]) { throw "ok is not a boolean: $line" }
    if ($result.ok) {
        if ($names -notcontains 'log' -or $line -notmatch '"log":\[') { throw "A success carries no log array: $line" }
        foreach ($entry in @($result.log)) { if ($entry -isnot [string]) { throw "A log line is not a string: $line" } }
    } else {
        $expected = @('code', 'details', 'message', 'ok')
        if ((@($names | Sort-Object) -join ',') -ne ($expected -join ',')) { throw "A failure has other fields than $($expected -join ', '): $line" }
        if ($WizardFailureCodes -notcontains $result.code) { throw "The code $($result.code) is not one the wizard maps: $line" }
        if ($result.message -isnot [string] -or $result.message.Trim() -eq '') { throw "A failure has no message: $line" }
        if ($result.details -isnot [string]) { throw "A failure's details are not text: $line" }
    }
    $result
}

<#
.SYNOPSIS
    A Service Manager installation folder holding its PowerShell module (a manifest alone: the
    cmdlets are mocked), and the registry key that names it, for the management pack scripts.
#>
function Use-FakeServiceManager {
    $installDirectory = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path (Join-Path $installDirectory 'PowerShell') | Out-Null
    Set-Content -LiteralPath (Join-Path $installDirectory 'PowerShell\System.Center.Service.Manager.psd1') -Value "@{ ModuleVersion = '10.22.0.0' }"
    # The management pack block is written in WizardScript.psm1, so its commands are mocked there.
    Use-FakeRegistry -ModuleName WizardScript @{ $WizardServiceManagerSetupKey = New-FakeRegistryKey -Values @{ InstallDirectory = "$installDirectory\" } }
}

<#
.SYNOPSIS
    A registry key as the registry provider hands it over (RegistryKey's methods the scripts call).
.PARAMETER Values
    Name to value; a value given as @{ Kind = 'DWord'; Value = ... } also has its kind, else String.
#>
function New-FakeRegistryKey {
    param([System.Collections.IDictionary]$Values = @{}, [System.Collections.IDictionary]$SubKeys = @{})
    $key = [pscustomobject]@{ Values = $Values; SubKeys = $SubKeys; Disposed = 0 }
    $key | Add-Member -MemberType ScriptMethod -Name GetValue -Value {
        param($name)
        $entry = $this.Values[$name]
        if ($entry -is [System.Collections.IDictionary]) { $entry.Value } else { $entry }
    }
    $key | Add-Member -MemberType ScriptMethod -Name GetValueKind -Value {
        param($name)
        if (-not $this.Values.Contains($name)) { throw [IO.IOException]::new('The system cannot find the file specified.') }
        $entry = $this.Values[$name]
        $kind = if ($entry -is [System.Collections.IDictionary]) { $entry.Kind } else { 'String' }
        [Microsoft.Win32.RegistryValueKind]$kind
    }
    $key | Add-Member -MemberType ScriptMethod -Name GetSubKeyNames -Value { [string[]]@($this.SubKeys.Keys) }
    $key | Add-Member -MemberType ScriptMethod -Name OpenSubKey -Value { param($name) $this.SubKeys[$name] }
    $key | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.Disposed++ }
    $key
}

<#
.SYNOPSIS
    Mocks the registry provider (Get-Item and Test-Path of Registry:: paths) with the keys given.
.PARAMETER Keys
    Full key path (HKEY_LOCAL_MACHINE\...) to a key from New-FakeRegistryKey; other keys do not exist.
.PARAMETER ModuleName
    Mocks inside that module too, for the work blocks WizardScript.psm1 holds.
#>
function Use-FakeRegistry {
    param([System.Collections.IDictionary]$Keys, [string]$ModuleName)
    # A mock's body sees the test file's variables, not this function's: the keys live in a global.
    $global:WizardFakeRegistry = @{}
    foreach ($path in $Keys.Keys) { $global:WizardFakeRegistry["Registry::$path"] = $Keys[$path] }
    $scope = @{}
    if ($ModuleName) { $scope['ModuleName'] = $ModuleName }
    Mock @scope Get-Item -ParameterFilter { $LiteralPath -like 'Registry::*' } -MockWith {
        $key = $global:WizardFakeRegistry[[string]$LiteralPath]
        if ($null -eq $key) {
            $missing = New-Object System.Management.Automation.ItemNotFoundException "Cannot find path '$LiteralPath' because it does not exist."
            Write-Error -Exception $missing -Category ObjectNotFound -ErrorAction Stop
        }
        $key
    }
    Mock @scope Test-Path -ParameterFilter { $LiteralPath -like 'Registry::*' } -MockWith {
        $global:WizardFakeRegistry.ContainsKey([string]$LiteralPath)
    }
}

<#
.SYNOPSIS
    Mocks Get-Service with the services given, from New-FakeService.
.PARAMETER ModuleName
    Mocks inside that module, for the service block WizardScript.psm1 holds.
#>
function Use-FakeServices {
    param([object[]]$Services, [string]$ModuleName)
    $scope = @{}
    if ($ModuleName) { $scope['ModuleName'] = $ModuleName }
    Mock @scope Get-Service { $Services }.GetNewClosure()
}

<#
.SYNOPSIS
    A Windows service as Get-Service hands it over: the ServiceController members the scripts use,
    with the service control manager's answers given by the test.
.PARAMETER Settles
    The status the service reaches after Start or Stop; a status other than the one waited for
    makes WaitForStatus time out, as ServiceController does.
.PARAMETER Refuses
    Start and Stop fail as for an account that may not control the service (Win32 error 5).
#>
function New-FakeService {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][string]$DisplayName,
        [Parameter(Mandatory = $true)][string]$Status,
        [string]$Settles,
        [switch]$Refuses,
        [object[]]$DependentServices = @()
    )
    $service = [pscustomobject]@{
        ServiceName = $Name; DisplayName = $DisplayName; Status = $Status; DependentServices = $DependentServices
        Settles = $Settles; Refuses = [bool]$Refuses; Calls = New-Object System.Collections.Generic.List[string]
    }
    # A service caught between states reaches the state it is heading for, as the manager would let it.
    $heading = @{ StartPending = 'Running'; StopPending = 'Stopped' }
    if ($heading.ContainsKey($Status)) { $service | Add-Member -NotePropertyName Eventually -NotePropertyValue $heading[$Status] }
    $control = {
        param($service, [string]$verb, [string]$pending, [string]$settled)
        $service.Calls.Add($verb)
        if ($service.Refuses) {
            $denied = New-Object ComponentModel.Win32Exception 5
            throw (New-Object InvalidOperationException "Cannot $verb $($service.ServiceName) service on computer '.'.", $denied)
        }
        $service.Status = $pending
        $service | Add-Member -Force -NotePropertyName Eventually -NotePropertyValue $(if ($service.Settles) { $service.Settles } else { $settled })
    }
    $service | Add-Member -NotePropertyName Control -NotePropertyValue $control
    $service | Add-Member -MemberType ScriptMethod -Name Start -Value { & $this.Control $this 'start' 'StartPending' 'Running' }
    $service | Add-Member -MemberType ScriptMethod -Name Stop -Value { & $this.Control $this 'stop' 'StopPending' 'Stopped' }
    $service | Add-Member -MemberType ScriptMethod -Name Refresh -Value { $this.Calls.Add('refresh') }
    $service | Add-Member -MemberType ScriptMethod -Name WaitForStatus -Value {
        param($desired, [TimeSpan]$timeout)
        $this.Calls.Add("wait $desired $([int]$timeout.TotalSeconds)s")
        $eventually = if ($this.PSObject.Properties['Eventually']) { $this.Eventually } else { $this.Status }
        if ([string]$eventually -ne [string]$desired) {
            if ($eventually) { $this.Status = $eventually }
            throw (New-ServiceTimeout)
        }
        $this.Status = [string]$desired
    }
    $service
}

<#
.SYNOPSIS
    The exception ServiceController.WaitForStatus throws when time runs out.
.DESCRIPTION
    Outside Windows every constructor of System.ServiceProcess refuses to run, so the exception is
    made without one there; it is the same type all the same, which is what the scripts test.
#>
function New-ServiceTimeout {
    $message = 'Time out has expired and the operation has not been completed.'
    try {
        New-Object System.ServiceProcess.TimeoutException $message
    } catch {
        $timeout = [Runtime.Serialization.FormatterServices]::GetUninitializedObject([System.ServiceProcess.TimeoutException])
        [Exception].GetField('_message', [Reflection.BindingFlags]'NonPublic, Instance').SetValue($timeout, $message)
        $timeout
    }
}
