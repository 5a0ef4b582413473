<#
.SYNOPSIS
    Finds the Orchestrator web components below the install folder and the IIS application serving them.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, InstallDirectory }.
    Looks for <InstallDirectory>\WebApi\web.config (the 2022 Web API), then
    <InstallDirectory>\Web Service\web.config (the 2016/2019 web service); the folder names are
    those of WEB_COMPONENTS_FOLDER in src/main/host/orchestrator-facts.ts. Returns found = $false
    when neither exists, else { kind, productVersion, folder, configFile, appPool, applicationUrl }:
    the IIS site or application whose physical path is that folder, its application pool, and its
    address from the site's first http or https binding.
    Unconfirmed: productVersion is the highest product version of the Orchestrator assemblies in
    the folder or its bin folder, else the DisplayVersion of an Orchestrator entry of Programs and
    Features, else 'unknown'.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $installDirectory = [string]$data.InstallDirectory
    # The Web API first: an upgrade may leave the old web service folder behind.
    $found = $null
    foreach ($candidate in @(@{ kind = 'web-api'; name = 'WebApi' }, @{ kind = 'web-service'; name = 'Web Service' })) {
        $folder = Join-Path $installDirectory $candidate.name
        $configFile = Join-Path $folder 'web.config'
        if ([IO.File]::Exists($configFile)) {
            $found = @{ kind = $candidate.kind; folder = $folder; configFile = $configFile }
            break
        }
    }
    if ($null -eq $found) { return @{ ok = $true; found = $false; log = @() } }

    $versions = [System.Collections.Generic.List[version]]::new()
    foreach ($where in @($found.folder, (Join-Path $found.folder 'bin'))) {
        if (-not [IO.Directory]::Exists($where)) { continue }
        foreach ($assembly in @(Get-ChildItem -LiteralPath $where -Filter '*.dll' -File)) {
            $info = $assembly.VersionInfo
            if ($info.ProductName -like '*Orchestrator*' -and $info.ProductMajorPart -gt 0) {
                $versions.Add([version]::new($info.ProductMajorPart, $info.ProductMinorPart, $info.ProductBuildPart, $info.ProductPrivatePart))
            }
        }
    }
    if ($versions.Count -eq 0) {
        # Programs and Features lists 64-bit programs in the registry's 64-bit view, which the provider
        # reads here (the wizard starts the 64-bit Windows PowerShell), and 32-bit ones under WOW6432Node.
        foreach ($uninstall in @('SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall', 'SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall')) {
            try {
                $key = Get-Item -LiteralPath "Registry::HKEY_LOCAL_MACHINE\$uninstall"
            } catch [System.Management.Automation.ItemNotFoundException] {
                continue
            }
            try {
                foreach ($entryName in $key.GetSubKeyNames()) {
                    $entry = $key.OpenSubKey($entryName)
                    if ($null -eq $entry) { continue }
                    try {
                        $parsed = $null
                        $shown = [string]$entry.GetValue('DisplayVersion')
                        if ([string]$entry.GetValue('DisplayName') -like '*Orchestrator*' -and [version]::TryParse($shown, [ref]$parsed)) {
                            $versions.Add($parsed)
                        }
                    } finally {
                        $entry.Dispose()
                    }
                }
            } finally {
                $key.Dispose()
            }
        }
    }
    $productVersion = if ($versions.Count -gt 0) { [string]($versions | Sort-Object -Descending | Select-Object -First 1) } else { 'unknown' }

    if (-not (Get-Module -ListAvailable -Name WebAdministration)) {
        return @{ ok = $false; code = 'not-found'; details = ''
            message = "The IIS PowerShell module WebAdministration is not installed on ${env:COMPUTERNAME} (IIS Management Scripts and Tools), so the application pool serving $($found.folder) cannot be found." }
    }
    Import-Module WebAdministration
    # IIS keeps paths as configured, environment variables and all; compared as full paths, case-insensitively.
    $wanted = [IO.Path]::GetFullPath($found.folder).TrimEnd('\')
    $samePlace = {
        param($physicalPath)
        if (-not $physicalPath) { return $false }
        try {
            [IO.Path]::GetFullPath([Environment]::ExpandEnvironmentVariables([string]$physicalPath)).TrimEnd('\') -eq $wanted
        } catch {
            # A path IIS accepts but .NET cannot read (a stray character) is not the folder.
            $false
        }
    }
    $served = $null
    foreach ($site in @(Get-Website)) {
        if (& $samePlace $site.PhysicalPath) {
            $served = @{ site = $site; path = '/'; appPool = [string]$site.applicationPool }
            break
        }
        foreach ($application in @(Get-WebApplication -Site $site.Name)) {
            if (& $samePlace $application.PhysicalPath) {
                $served = @{ site = $site; path = [string]$application.path; appPool = [string]$application.applicationPool }
                break
            }
        }
        if ($null -ne $served) { break }
    }
    if ($null -eq $served) {
        return @{ ok = $false; code = 'not-found'; details = ''
            message = "$($found.configFile) exists on $env:COMPUTERNAME, but no IIS site or application serves $($found.folder): repair the Orchestrator web components there." }
    }

    $binding = @($served.site.bindings.Collection | Where-Object { $_.protocol -in 'http', 'https' }) | Select-Object -First 1
    if ($null -eq $binding) {
        return @{ ok = $false; code = 'not-found'; details = ''
            message = "The IIS site $($served.site.Name) on $env:COMPUTERNAME serving $($found.folder) has no http or https binding." }
    }
    # bindingInformation is address:port:host name; an IPv6 address has colons of its own.
    $parts = [regex]::Match([string]$binding.bindingInformation, '^(?<address>.*):(?<port>\d+):(?<hostName>[^:]*)$')
    if (-not $parts.Success) {
        return @{ ok = $false; code = 'script'; details = [string]$binding.bindingInformation
            message = "The binding of the IIS site $($served.site.Name) on $env:COMPUTERNAME is not of the form address:port:host." }
    }
    $hostName = $parts.Groups['hostName'].Value
    if (-not $hostName) {
        # The address the wizard asks from another computer: this one's DNS name, never localhost.
        $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
        $hostName = if ($ip.DomainName) { "$($ip.HostName).$($ip.DomainName)" } else { $ip.HostName }
    }
    $port = [int]$parts.Groups['port'].Value
    $defaultPort = if ($binding.protocol -eq 'https') { 443 } else { 80 }
    $authority = if ($port -eq $defaultPort) { $hostName } else { "${hostName}:$port" }
    $applicationUrl = "$($binding.protocol)://$authority/$($served.path.Trim('/'))"
    if (-not $applicationUrl.EndsWith('/')) { $applicationUrl += '/' }
    @{
        ok = $true
        found = $true
        kind = $found.kind
        productVersion = $productVersion
        folder = $found.folder
        configFile = $found.configFile
        appPool = $served.appPool
        applicationUrl = $applicationUrl
        log = @("Found the Orchestrator $($found.kind) $productVersion in $($found.folder) on $env:COMPUTERNAME, served by the IIS application pool $($served.appPool) at $applicationUrl.")
    }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
