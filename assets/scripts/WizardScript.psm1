<#
.SYNOPSIS
    The part of every script of this folder that runs on the computer the wizard runs on.
.DESCRIPTION
    A script defines only the block that runs on the target computer and hands it to
    Invoke-WizardWork, which decodes the payload, runs the block here or through PowerShell
    remoting, maps failures to the wizard's codes and writes one JSON object to stdout:
    {"ok":true,...,"log":[...]} or
    {"ok":false,"code":"timeout|not-found|unreachable|access-denied|script","message":"...","details":"..."}.
    Never calls exit: the wizard runs every script in a few long-lived PowerShell sessions, each of
    which imports this module once and again only when the file has changed since.
    A module does not see the preferences of the script that calls it: its functions set their own.
#>


function ConvertTo-WizardFailure($record, [string]$computer, [string]$scriptName) {
    $exception = $record.Exception
    $base = $exception.GetBaseException()
    $details = "$($exception.GetType().FullName): $($exception.Message)"
    if ($record.ScriptStackTrace) { $details += "`n$($record.ScriptStackTrace)" }
    if ($exception -is [System.Management.Automation.Remoting.PSRemotingTransportException]) {
        if ($exception.ErrorCode -eq 5) {
            return @{ ok = $false; code = 'access-denied'; details = $details
                message = "Access denied when connecting to $computer through PowerShell remoting: the account running the wizard must be an administrator there." }
        }
        return @{ ok = $false; code = 'unreachable'; details = $details
            message = "Cannot reach $computer through PowerShell remoting: is WinRM running there (Enable-PSRemoting) and TCP 5985 open?" }
    }
    $denied = $record.CategoryInfo.Category -eq 'PermissionDenied' -or
        $base -is [System.UnauthorizedAccessException] -or
        ($base -is [System.ComponentModel.Win32Exception] -and $base.NativeErrorCode -eq 5)
    if ($denied) {
        return @{ ok = $false; code = 'access-denied'; details = $details
            message = "Access denied on ${computer}: $($exception.Message)" }
    }
    if ($record.CategoryInfo.Category -eq 'ObjectNotFound') {
        return @{ ok = $false; code = 'not-found'; details = $details; message = "On ${computer}: $($exception.Message)" }
    }
    @{ ok = $false; code = 'script'; details = $details; message = "$scriptName failed on ${computer}: $($exception.Message)" }
}

function Write-WizardResult($result) {
    # A fresh dictionary drops what remoting adds to returned objects (PSComputerName, RunspaceId).
    $plain = [ordered]@{}
    foreach ($key in $result.Keys) { $plain[[string]$key] = $result[$key] }
    if ($plain['ok'] -and -not $plain.Contains('log')) { $plain['log'] = @() }
    $json = ConvertTo-Json -InputObject $plain -Compress -Depth 6
    # Node reads stdout in the console code page it cannot know; pure ASCII survives any of them.
    $json = [regex]::Replace($json, '[^\u0000-\u007F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
    [Console]::Out.WriteLine($json)
}

<#
.SYNOPSIS
    Runs a script's work block on the computer its payload names and writes its one JSON result.
.PARAMETER Payload
    Base64 of UTF-8 JSON with ComputerName and the script's arguments; the only carrier of operator values.
.PARAMETER Work
    Runs on the target computer, here or through Invoke-Command, so it must use nothing defined
    outside it. It receives the decoded payload, then ArgumentList, and returns one dictionary.
.PARAMETER ScriptName
    The calling script's file name, for messages.
.PARAMETER ArgumentList
    Constants of the calling script passed to Work after the payload; never operator values.
#>
function Invoke-WizardWork {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$Payload,
        [Parameter(Mandatory)][scriptblock]$Work,
        [Parameter(Mandatory)][string]$ScriptName,
        [object[]]$ArgumentList = @()
    )
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $WarningPreference = 'SilentlyContinue'
    $computer = '(unknown computer)'
    try {
        # Windows PowerShell 5.1 serialises wrapped arrays as {"value":[...],"Count":n} because of this type data.
        Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue
        # PowerShell 7 reads a string shaped like a date as a DateTime unless told otherwise (7.5 and
        # later can be told); Windows PowerShell never does for the JSON the wizard writes.
        $fromJson = @{}
        if ((Get-Command ConvertFrom-Json).Parameters.ContainsKey('DateKind')) { $fromJson['DateKind'] = 'String' }
        $data = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload)) | ConvertFrom-Json @fromJson
        $computer = [string]$data.ComputerName
        $arguments = @($data) + $ArgumentList
        $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
        $localNames = @($env:COMPUTERNAME, $ip.HostName)
        if ($ip.DomainName) { $localNames += "$($ip.HostName).$($ip.DomainName)" }
        # -contains compares case-insensitively.
        if ($localNames -contains $computer) {
            $output = & $Work @arguments
        } else {
            $output = Invoke-Command -ComputerName $computer -ScriptBlock $Work -ArgumentList $arguments
        }
        $result = @($output | Where-Object { $_ -is [System.Collections.IDictionary] }) | Select-Object -Last 1
        if ($null -eq $result) {
            $result = @{ ok = $false; code = 'script'; details = ''; message = "$ScriptName returned nothing on $computer." }
        }
    } catch {
        $result = ConvertTo-WizardFailure $_ $computer $ScriptName
    }
    Write-WizardResult $result
}

<#
.SYNOPSIS
    The work block of Start-ServiceAndWait.ps1 and Stop-ServiceAndWait.ps1.
.DESCRIPTION
    Returns a block for Invoke-WizardWork -Work that takes the payload { DisplayName, TimeoutSeconds }
    and the action 'Start' or 'Stop' (-ArgumentList), finds the service by its display name, brings
    it to the state the action names and waits for it. Like every work block it runs on the target
    computer, here or through remoting, so it uses nothing defined outside it.
#>
function Get-ServiceWaitWork {
    {
        param($data, [string]$action)
        $ErrorActionPreference = 'Stop'
        Add-Type -AssemblyName System.ServiceProcess
        $plans = @{
            Start = @{ target = 'Running'; pending = 'StartPending'; reverse = 'StopPending'; settled = 'Stopped'
                verb = 'start'; doing = 'Starting'; done = 'running' }
            Stop = @{ target = 'Stopped'; pending = 'StopPending'; reverse = 'StartPending'; settled = 'Running'
                verb = 'stop'; doing = 'Stopping'; done = 'stopped' }
        }
        if (-not $plans.ContainsKey($action)) { throw "Unknown service action '$action'." }
        $plan = $plans[$action]
        $log = [System.Collections.Generic.List[string]]::new()
        $displayName = [string]$data.DisplayName
        $seconds = [int]$data.TimeoutSeconds
        $timeout = [TimeSpan]::FromSeconds($seconds)
        # Get-Service without a name lists every service in one call (ServiceController.GetServices in
        # Windows PowerShell 5.1), where -DisplayName would take the name as a wildcard pattern.
        $service = Get-Service | Where-Object { $_.DisplayName -eq $displayName }
        if ($null -eq $service) {
            return @{ ok = $false; code = 'not-found'; details = ''
                message = "There is no service with the display name '$displayName' on $env:COMPUTERNAME." }
        }
        if ($service.Status -eq $plan.target) {
            $log.Add("$displayName is already $($plan.done).")
            return @{ ok = $true; log = $log.ToArray() }
        }
        if ($action -eq 'Stop') {
            # Stopping dependents silently would surprise the operator: the plan names the services it stops.
            $running = @($service.DependentServices | Where-Object { $_.Status -ne 'Stopped' })
            if ($running.Count -gt 0) {
                $names = ($running | ForEach-Object { $_.DisplayName }) -join ', '
                return @{ ok = $false; code = 'script'; details = ''
                    message = "$displayName was not stopped because services that depend on it are running: $names. Stop them first." }
            }
        }
        try {
            # A service still starting refuses to stop, and one still stopping refuses to start.
            if ($service.Status -eq $plan.reverse) { $service.WaitForStatus($plan.settled, $timeout) }
            if ($service.Status -ne $plan.pending) {
                $log.Add("$($plan.doing) $displayName ($($service.ServiceName)); waiting up to $seconds seconds.")
                if ($action -eq 'Stop') { $service.Stop() } else { $service.Start() }
            }
            $service.WaitForStatus($plan.target, $timeout)
        } catch {
            $base = $_.Exception.GetBaseException()
            $service.Refresh()
            if ($base -is [System.ServiceProcess.TimeoutException]) {
                return @{ ok = $false; code = 'timeout'; details = $base.Message
                    message = "$displayName did not $($plan.verb) within $seconds seconds (status: $($service.Status))." }
            }
            if ($base -is [System.ComponentModel.Win32Exception] -and $base.NativeErrorCode -eq 5) {
                return @{ ok = $false; code = 'access-denied'; details = $base.Message
                    message = "Access denied when $($plan.doing.ToLowerInvariant()) $displayName on ${env:COMPUTERNAME}: the wizard must run as an administrator." }
            }
            throw
        }
        $log.Add("$displayName is $($plan.done).")
        @{ ok = $true; log = $log.ToArray() }
    }
}

<#
.SYNOPSIS
    The work block of Get-ManagementPackList.ps1 and Import-ManagementPackFile.ps1.
.DESCRIPTION
    Returns a block for Invoke-WizardWork -Work that takes the payload ({ Path } for an import) and
    the action 'List' or 'Import' (-ArgumentList). It loads the Service Manager module from
    <InstallDirectory>\PowerShell\System.Center.Service.Manager.psd1, the install folder read from
    HKLM\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup, then lists the imported
    management packs (id, version, sealed) or imports one file with Import-SCSMManagementPack.
    Like every work block it runs on the target computer, so it uses nothing defined outside it.
#>
function Get-ManagementPackWork {
    {
        param($data, [string]$action)
        $ErrorActionPreference = 'Stop'
        if ($action -notin 'List', 'Import', 'Export') { throw "Unknown management pack action '$action'." }
        if ($action -eq 'Export') {
            $folder = [string]$data.Folder
            if (-not (Test-Path -LiteralPath $folder -PathType Container)) {
                return @{ ok = $false; code = 'not-found'; details = ''
                    message = "The folder $folder does not exist on $env:COMPUTERNAME." }
            }
        }
        if ($action -eq 'Import') {
            $path = [string]$data.Path
            if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
                return @{ ok = $false; code = 'not-found'; details = ''
                    message = "The management pack file $path does not exist on $env:COMPUTERNAME." }
            }
        }
        # The install folder differs between versions and installations: read it, never assume it.
        # The registry provider reads the 64-bit view, as the wizard starts the 64-bit Windows
        # PowerShell and remoting's default endpoint is 64-bit too.
        $setupKey = 'SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'
        $installDirectory = ''
        try {
            $key = Get-Item -LiteralPath "Registry::HKEY_LOCAL_MACHINE\$setupKey"
            try { $installDirectory = [string]$key.GetValue('InstallDirectory') } finally { $key.Dispose() }
        } catch [System.Management.Automation.ItemNotFoundException] {
            $installDirectory = ''
        }
        if (-not $installDirectory) {
            return @{ ok = $false; code = 'not-found'; details = ''
                message = "Service Manager is not installed on ${env:COMPUTERNAME}: HKLM\$setupKey has no InstallDirectory value." }
        }
        $smModule = Join-Path $installDirectory 'PowerShell\System.Center.Service.Manager.psd1'
        if (-not (Test-Path -LiteralPath $smModule -PathType Leaf)) {
            return @{ ok = $false; code = 'not-found'; details = ''
                message = "The Service Manager PowerShell module $smModule is missing on $env:COMPUTERNAME." }
        }
        Import-Module $smModule
        if ($action -eq 'Import') {
            Import-SCSMManagementPack -Fullname $path
            return @{ ok = $true; log = @("Imported $path into Service Manager on $env:COMPUTERNAME.") }
        }
        if ($action -eq 'Export') {
            # "Prepare for disaster recovery": only unsealed packs are exported; each becomes <name>.xml.
            $exported = [System.Collections.Generic.List[object]]::new()
            foreach ($pack in @(Get-SCSMManagementPack | Where-Object { -not $_.Sealed })) {
                Export-SCSMManagementPack -ManagementPack $pack -Path $folder
                $file = Join-Path $folder ('{0}.xml' -f [string]$pack.Name)
                $exported.Add(@{ id = [string]$pack.Name; version = [string]$pack.Version; file = $file })
            }
            return @{ ok = $true; managementPacks = $exported.ToArray()
                log = @("Exported $($exported.Count) unsealed management packs to $folder on $env:COMPUTERNAME.") }
        }
        $packs = [System.Collections.Generic.List[object]]::new()
        foreach ($pack in @(Get-SCSMManagementPack)) {
            $packs.Add(@{ id = [string]$pack.Name; version = [string]$pack.Version; sealed = [bool]$pack.Sealed })
        }
        @{ ok = $true; managementPacks = $packs.ToArray(); log = @() }
    }
}

Export-ModuleMember -Function Invoke-WizardWork, Get-ServiceWaitWork, Get-ManagementPackWork
