<#
.SYNOPSIS
    Decrypts or encrypts the connectionStrings section of a web application's web.config with aspnet_regiis.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Folder, Action, Arguments }; Folder is the physical
    folder holding the web.config (aspnet_regiis -pdf and -pef take a folder, not a file), Action is
    'decrypt' (-pdf) or 'encrypt' (-pef, with the machine's default protected configuration provider),
    and Arguments is the tool's command line after its name, exactly as the wizard's plan shows it.
    The tool's output becomes the log; a non-zero exit code, or a "Failed!" line, fails the call.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $switches = @{ decrypt = '-pdf'; encrypt = '-pef' }
    $action = [string]$data.Action
    if (-not $switches.ContainsKey($action)) {
        return @{ ok = $false; code = 'script'; details = ''; message = "Unknown connectionStrings action '$action': decrypt or encrypt." }
    }
    $folder = ([string]$data.Folder).TrimEnd('\')
    $configFile = Join-Path $folder 'web.config'
    if (-not [IO.File]::Exists($configFile)) {
        return @{ ok = $false; code = 'not-found'; details = ''; message = "There is no web.config in $folder on $env:COMPUTERNAME." }
    }
    $tool = Join-Path $env:windir 'Microsoft.NET\Framework64\v4.0.30319\aspnet_regiis.exe'
    if (-not [IO.File]::Exists($tool)) {
        return @{ ok = $false; code = 'not-found'; details = ''
            message = "$tool is missing on ${env:COMPUTERNAME}: the .NET Framework 4 ASP.NET tools are needed to change the protection of connectionStrings." }
    }
    $log = [System.Collections.Generic.List[string]]::new()
    # Reads the provider named on the section: '' for plain text, $null when there is no section.
    $provider = {
        $document = [xml][IO.File]::ReadAllText($configFile)
        $section = $document.SelectSingleNode("/*[local-name()='configuration']/*[local-name()='connectionStrings']")
        if ($null -ne $section) { $section.GetAttribute('configProtectionProvider') }
    }
    $before = & $provider
    if ($null -eq $before) {
        return @{ ok = $false; code = 'not-found'; details = ''; message = "$configFile on $env:COMPUTERNAME has no connectionStrings section." }
    }
    # Done already, by an earlier attempt of the same step: running the tool again would only fail.
    if ($action -eq 'decrypt' -and -not $before) {
        return @{ ok = $true; log = @("connectionStrings in $configFile on $env:COMPUTERNAME is already plain text.") }
    }
    if ($action -eq 'encrypt' -and $before) {
        return @{ ok = $true; log = @("connectionStrings in $configFile on $env:COMPUTERNAME is already encrypted with $before.") }
    }
    # Evidence for the operator: the provider decides which key the application pool must be able to read.
    if ($before) { $log.Add("connectionStrings in $configFile is encrypted with $before.") }
    else { $log.Add("connectionStrings in $configFile is plain text.") }
    # The command line goes to the process as the wizard wrote it: the call operator would quote
    # the folder by Windows PowerShell's own rules, which mis-read a quote or a trailing backslash.
    $start = New-Object System.Diagnostics.ProcessStartInfo
    $start.FileName = $tool
    $start.Arguments = [string]$data.Arguments
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.CreateNoWindow = $true
    $process = [System.Diagnostics.Process]::Start($start)
    # Read both streams at once, so a full stderr buffer cannot hold the tool while stdout is read.
    $errorText = $process.StandardError.ReadToEndAsync()
    $outputText = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $exitCode = $process.ExitCode
    $output = @(($outputText + "`n" + $errorText.Result) -split "`r?`n")
    foreach ($line in $output) { if ($line.Trim()) { $log.Add($line.TrimEnd()) } }
    $reportedFailure = @($output | Where-Object { $_ -match '^\s*Failed!?\s*$' }).Count -gt 0
    if ($exitCode -ne 0 -or $reportedFailure) {
        return @{ ok = $false; code = 'script'; details = ($log -join "`n")
            message = "aspnet_regiis $($switches[$action]) connectionStrings failed for $folder on $env:COMPUTERNAME (exit code $exitCode): $(($output | Where-Object { $_.Trim() }) -join ' ')" }
    }
    $after = & $provider
    if ($after) { $log.Add("connectionStrings in $configFile is now encrypted with $after.") }
    else { $log.Add("connectionStrings in $configFile is now plain text.") }
    @{ ok = $true; log = $log.ToArray() }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
