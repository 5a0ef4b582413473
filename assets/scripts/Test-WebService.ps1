<#
.SYNOPSIS
    Asks a web service for an address with the Windows credentials of the account running the wizard.
.DESCRIPTION
    Writes one JSON object to stdout, as Invoke-WizardWork in WizardScript.psm1 describes.
    Payload: base64 of UTF-8 JSON { ComputerName, Url }; run on the wizard's own computer.
    Returns { answered, status, detail }: answered when the service replied with a status below
    500 (401 included: it is running and asks for credentials); a server error or no reply at
    all within 30 seconds is not answered, and detail says what happened.
#>
param([Parameter(Mandatory)][string]$Payload)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Runs on the target computer, here or through PowerShell remoting, so it uses nothing defined outside it.
$work = {
    param($data)
    $ErrorActionPreference = 'Stop'
    $url = [string]$data.Url
    # Windows PowerShell 5.1 offers only TLS 1.0 unless told otherwise, which current servers refuse.
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    $request = @{ Uri = $url; UseDefaultCredentials = $true; UseBasicParsing = $true; TimeoutSec = 30 }
    # PowerShell 7 sends Windows credentials over http only when told to; Windows PowerShell always does.
    if ((Get-Command Invoke-WebRequest).Parameters.ContainsKey('AllowUnencryptedAuthentication')) { $request['AllowUnencryptedAuthentication'] = $true }
    try {
        $response = Invoke-WebRequest @request
        $status = [int]$response.StatusCode
        return @{ ok = $true; answered = $true; status = $status; detail = "$url answered HTTP $status $($response.StatusDescription)."; log = @() }
    } catch {
        $failure = $_
        # Windows PowerShell fails with a WebException, PowerShell 7 with an HttpRequestException or a
        # timeout; anything else is not the service's answer but a fault of the call.
        $network = 'System.Net.WebException', 'System.Net.Http.HttpRequestException', 'System.TimeoutException', 'System.OperationCanceledException'
        $type = $failure.Exception.GetType()
        while ($null -ne $type -and $network -notcontains $type.FullName) { $type = $type.BaseType }
        if ($null -eq $type) { throw }
    }
    $exception = $failure.Exception
    # The reply, once the server gave one: Windows PowerShell's HttpWebResponse or PowerShell 7's HttpResponseMessage.
    $reply = $exception.Response
    if ($null -eq $reply) {
        $why = if ($exception -is [System.Net.WebException]) { " ($($exception.Status))" } else { '' }
        return @{ ok = $true; answered = $false; status = $null; log = @()
            detail = "$url did not answer${why}: $($exception.Message)" }
    }
    $status = [int]$reply.StatusCode
    $description = [string]$reply.StatusDescription
    if (-not $description) { $description = [string]$reply.ReasonPhrase }
    # The body of a server error usually names the exception, such as a failed database login. Both
    # PowerShells read it into the error's details; Windows PowerShell leaves a reply of unknown
    # length (chunked) unread instead, in its stream.
    $body = ''
    if ($failure.ErrorDetails) { $body = [string]$failure.ErrorDetails.Message }
    if (-not $body -and $reply -is [System.Net.WebResponse]) {
        try {
            $reader = [IO.StreamReader]::new($reply.GetResponseStream())
            try { $body = $reader.ReadToEnd() } finally { $reader.Dispose() }
        } catch {
            $body = ''
        }
    }
    $body = ($body -replace '<[^>]*>', ' ' -replace '\s+', ' ').Trim()
    if ($body.Length -gt 500) { $body = $body.Substring(0, 500) + '...' }
    $detail = "$url answered HTTP $status $description."
    if ($status -eq 401) { $detail += ' It is running and asks for credentials.' }
    if ($status -ge 500 -and $body) { $detail += " $body" }
    @{ ok = $true; answered = ($status -lt 500); status = $status; detail = $detail; log = @() }
}

# Loaded once per PowerShell session; a second Import-Module of the same file does nothing.
$module = Join-Path $PSScriptRoot 'WizardScript.psm1'
Import-Module $module
Invoke-WizardWork -Payload $Payload -Work $work -ScriptName (Split-Path -Leaf $PSCommandPath)
