<#
.SYNOPSIS
    Asks the domain whether a user name and password are valid.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Domain, User, Password }; User without the domain.
    Answers accepted = true, or accepted = false with the reason. The password is never written
    anywhere, and no message repeats it.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    Add-Type -AssemblyName System.DirectoryServices.AccountManagement
    $domain = [string]$data.Domain
    $user = [string]$data.User
    $account = "$domain\$user"
    # ValidateCredentials accepts an empty password as an anonymous bind and answers true.
    if ([string]::IsNullOrEmpty([string]$data.Password)) {
        return @{ ok = $true; accepted = $false; reason = "The password for $account is empty."; log = @() }
    }
    try {
        $context = New-Object -TypeName System.DirectoryServices.AccountManagement.PrincipalContext -ArgumentList @(
            [System.DirectoryServices.AccountManagement.ContextType]::Domain, $domain)
    } catch {
        $cause = $_.Exception.GetBaseException().Message
        return @{ ok = $true; accepted = $false; log = @()
            reason = "The domain $domain could not be reached from ${env:COMPUTERNAME}: $cause" }
    }
    try {
        if ($context.ValidateCredentials($user, [string]$data.Password)) {
            return @{ ok = $true; accepted = $true; log = @("The domain $domain accepted the password of $account.") }
        }
        # The domain answers only yes or no; the account itself may say why.
        $reason = "The domain $domain did not accept the password of $account."
        try {
            $principal = [System.DirectoryServices.AccountManagement.UserPrincipal]::FindByIdentity($context, $user)
            if ($null -eq $principal) {
                $reason = "There is no user $user in the domain $domain."
            } elseif ($principal.Enabled -eq $false) {
                $reason = "The account $account is disabled."
            } elseif ($principal.IsAccountLockedOut()) {
                $reason = "The account $account is locked out."
            } elseif ($null -ne $principal.AccountExpirationDate -and $principal.AccountExpirationDate -lt (Get-Date)) {
                $reason = "The account $account has expired."
            }
        } catch {
            $reason += ' (The wizard could not read the account to say why.)'
        }
        @{ ok = $true; accepted = $false; reason = $reason; log = @() }
    } catch {
        $cause = $_.Exception.GetBaseException().Message
        @{ ok = $true; accepted = $false; log = @()
            reason = "The domain $domain could not check the password of ${account}: $cause" }
    } finally {
        $context.Dispose()
    }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
