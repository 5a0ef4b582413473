# Invoke-WizardWork of assets/scripts/WizardScript.psm1, which every script hands its work to: the
# payload, the choice between here and PowerShell remoting, the failure codes and the one JSON object.
BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')

    function Invoke-Work {
        param([scriptblock]$Work, [System.Collections.IDictionary]$Payload, [string]$Base64, [object[]]$ArgumentList = @())
        if (-not $Base64) {
            $Base64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((ConvertTo-Json -InputObject $Payload -Compress)))
        }
        $output = Invoke-WithConsoleCaptured { Invoke-WizardWork -Payload $Base64 -Work $Work -ScriptName 'Test-Work.ps1' -ArgumentList $ArgumentList }
        Assert-WizardResult -Stdout $output.Stdout -OtherOutput $output.OtherOutput
    }

    function New-TransportError([int]$code) {
        $exception = New-Object System.Management.Automation.Remoting.PSRemotingTransportException 'Connecting to remote server SCSM02 failed with the following error message : WinRM cannot complete the operation.'
        $exception.ErrorCode = $code
        $exception
    }

    $local = Get-WizardLocalComputer
}

Describe 'Invoke-WizardWork' {
    It 'runs the block here for this computer, with the payload and then the constants' {
        $result = Invoke-Work -Payload @{ Path = 'C:\Temp'; ComputerName = $local } -ArgumentList 'Stop' -Work {
            param($data, $action)
            @{ ok = $true; seen = "$($data.Path)|$($data.ComputerName)|$action"; log = @('done') }
        }
        $result.seen | Should -Be "C:\Temp|$local|Stop"
        @($result.log) | Should -Be @('done')
    }

    It 'knows this computer by any case of its name' {
        Mock -ModuleName WizardScript Invoke-Command { throw 'remoting was not expected' }
        $result = Invoke-Work -Payload @{ ComputerName = $local.ToUpperInvariant() } -Work { @{ ok = $true; log = @() } }
        $result.ok | Should -BeTrue
        Should -Invoke -ModuleName WizardScript Invoke-Command -Times 0 -Exactly
    }

    It 'sends the block through PowerShell remoting to another computer, with the same arguments' {
        Mock -ModuleName WizardScript Invoke-Command { & $ScriptBlock @ArgumentList }
        $result = Invoke-Work -Payload @{ Name = 'x'; ComputerName = 'SCSM02' } -ArgumentList 'Start' -Work {
            param($data, $action)
            @{ ok = $true; seen = "$($data.Name)|$action"; log = @() }
        }
        $result.seen | Should -Be 'x|Start'
        Should -Invoke -ModuleName WizardScript Invoke-Command -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'SCSM02' }
    }

    It 'adds an empty log to a success without one, and keeps what remoting adds out of the result' {
        Mock -ModuleName WizardScript Invoke-Command {
            $result = @{ ok = $true; value = 1 }
            Add-Member -InputObject $result -NotePropertyName PSComputerName -NotePropertyValue 'SCSM02'
            $result
        }
        $result = Invoke-Work -Payload @{ ComputerName = 'SCSM02' } -Work { }
        @($result.PSObject.Properties.Name | Sort-Object) | Should -Be @('log', 'ok', 'value')
        @($result.log).Count | Should -Be 0
    }

    It 'answers unreachable when PowerShell remoting cannot reach the computer' {
        Mock -ModuleName WizardScript Invoke-Command { Write-Error -Exception (New-TransportError -2144108526) -Category OpenError -ErrorAction Stop }
        $result = Invoke-Work -Payload @{ ComputerName = 'SCSM02' } -Work { @{ ok = $true; log = @() } }
        $result.code | Should -Be 'unreachable'
        $result.message | Should -Match 'Cannot reach SCSM02 through PowerShell remoting'
        $result.details | Should -Match 'PSRemotingTransportException'
    }

    It 'answers access-denied when PowerShell remoting refuses the account' {
        Mock -ModuleName WizardScript Invoke-Command { Write-Error -Exception (New-TransportError 5) -Category OpenError -ErrorAction Stop }
        $result = Invoke-Work -Payload @{ ComputerName = 'SCSM02' } -Work { @{ ok = $true; log = @() } }
        $result.code | Should -Be 'access-denied'
        $result.message | Should -Match 'Access denied when connecting to SCSM02'
    }

    It 'answers access-denied for <case>' -TestCases @(
        @{ case = 'UnauthorizedAccessException'; Work = { throw (New-Object UnauthorizedAccessException "Access to the path 'C:\x' is denied.") } }
        @{ case = 'Win32 error 5'; Work = { throw (New-Object ComponentModel.Win32Exception 5) } }
        @{ case = 'a PermissionDenied error'; Work = { $ErrorActionPreference = 'Stop'; Write-Error -Message 'not allowed' -Category PermissionDenied } }
    ) {
        $result = Invoke-Work -Payload @{ ComputerName = $local } -Work $Work
        $result.code | Should -Be 'access-denied'
        $result.message | Should -Match "^Access denied on ${local}: "
    }

    It 'answers not-found for an error of the ObjectNotFound category' {
        $result = Invoke-Work -Payload @{ ComputerName = $local } -Work {
            # Like every work block, it stops at the first error.
            $ErrorActionPreference = 'Stop'
            Get-Item -LiteralPath (Join-Path ([IO.Path]::GetTempPath()) 'wizard-no-such-file')
        }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match "^On ${local}: "
    }

    It 'answers script for any other failure, with the exception and where it happened' {
        $result = Invoke-Work -Payload @{ ComputerName = $local } -Work { throw 'the block broke' }
        $result.code | Should -Be 'script'
        $result.message | Should -Be "Test-Work.ps1 failed on ${local}: the block broke"
        $result.details | Should -Match 'RuntimeException: the block broke'
    }

    It 'answers script when the block returns no result' {
        $result = Invoke-Work -Payload @{ ComputerName = $local } -Work { 'text, not a result' }
        $result.code | Should -Be 'script'
        $result.message | Should -Be "Test-Work.ps1 returned nothing on $local."
    }

    It 'takes the last dictionary the block returns and drops what else it wrote to the pipeline' {
        $result = Invoke-Work -Payload @{ ComputerName = $local } -Work { 'noise'; @{ ok = $false; code = 'script'; message = 'first'; details = '' }; 42; @{ ok = $true; log = @('last') } }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be @('last')
    }

    It 'answers script for a payload that is not base64 of JSON' {
        $result = Invoke-Work -Base64 'not base64!' -Work { @{ ok = $true; log = @() } }
        $result.code | Should -Be 'script'
        $result.message | Should -Match '^Test-Work.ps1 failed on \(unknown computer\): '
    }

    It 'writes every character outside ASCII as a JSON escape, so that any console code page keeps it' {
        $text = "Dienst f$([char]0xFC)r $([char]0x670D)$([char]0x52A1) " + [char]::ConvertFromUtf32(0x1F680) + " `0 tab`t"
        $output = Invoke-WithConsoleCaptured {
            Invoke-WizardWork -Payload ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((ConvertTo-Json @{ ComputerName = $local; Text = $text } -Compress)))) -ScriptName 'Test-Work.ps1' -Work {
                param($data)
                @{ ok = $true; text = $data.Text; log = @($data.Text) }
            }
        }
        $output.Stdout | Should -Match '\\u00fc'
        $output.Stdout | Should -Match '\\ud83d\\ude80'
        $result = Assert-WizardResult -Stdout $output.Stdout -OtherOutput $output.OtherOutput
        $result.text | Should -BeExactly $text
        @($result.log) | Should -Be @($text)
    }

    It 'keeps one-element and empty arrays as arrays' {
        $payload = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((ConvertTo-Json @{ ComputerName = $local } -Compress)))
        $output = Invoke-WithConsoleCaptured {
            Invoke-WizardWork -Payload $payload -ScriptName 'Test-Work.ps1' -Work { @{ ok = $true; one = @('a'); none = @(); log = @('x') } }
        }
        $output.Stdout | Should -Match '"one":\["a"\]'
        $output.Stdout | Should -Match '"none":\[\]'
        $output.Stdout | Should -Match '"log":\["x"\]'
        (Assert-WizardResult -Stdout $output.Stdout -OtherOutput $output.OtherOutput).ok | Should -BeTrue
    }
}
