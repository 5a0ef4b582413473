# What holds for every script the wizard ships: it has its own test file beside this one, and
# Invoke-WizardWork gives each the same answers when remoting fails or the payload is unreadable.
BeforeDiscovery {
    $scripts = @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot '..\..\assets\scripts') -File |
            Where-Object { $_.Extension -in '.ps1', '.psm1' } |
            ForEach-Object { @{ name = $_.Name; baseName = $_.BaseName; isScript = $_.Extension -eq '.ps1' } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')

    function Invoke-Unreadable([string]$name) {
        $output = Invoke-WithConsoleCaptured { & (Join-Path $WizardScriptsDir $name) -Payload 'bm90IEpTT04=' }
        Assert-WizardResult -Stdout $output.Stdout -OtherOutput $output.OtherOutput
    }
}

Describe 'Every script' {
    It 'has a test file for <name>' -TestCases $scripts {
        Test-Path -LiteralPath (Join-Path $PSScriptRoot "$baseName.Tests.ps1") -PathType Leaf | Should -BeTrue
    }

    Context '<name>' -ForEach @($scripts | Where-Object { $_.isScript }) {
        It 'answers <expected> when PowerShell remoting fails with error <errorCode>' -TestCases @(
            @{ errorCode = -2144108526; expected = 'unreachable' }
            @{ errorCode = 5; expected = 'access-denied' }
        ) {
            $global:WizardTransportError = $errorCode
            Mock -ModuleName WizardScript Invoke-Command {
                $exception = New-Object System.Management.Automation.Remoting.PSRemotingTransportException 'Connecting to remote server SCSM02 failed.'
                $exception.ErrorCode = $global:WizardTransportError
                Write-Error -Exception $exception -Category OpenError -ErrorAction Stop
            }
            $result = Invoke-WizardScript $name -ComputerName 'SCSM02'
            $result.code | Should -Be $expected
            $result.message | Should -Match 'SCSM02'
            Should -Invoke -ModuleName WizardScript Invoke-Command -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'SCSM02' }
        }

        It 'answers script for a payload that is not JSON' {
            $result = Invoke-Unreadable $name
            $result.code | Should -Be 'script'
            $result.message | Should -Match ([regex]::Escape("$name failed on (unknown computer): "))
        }
    }
}
