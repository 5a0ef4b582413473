BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Restart-WebAppPool.ps1' {
    BeforeEach {
        # IIS and its WebAdministration module: the module is there, and these pools are.
        Mock Get-Module { [pscustomobject]@{ Name = 'WebAdministration' } } -ParameterFilter { $Name -eq 'WebAdministration' -and $ListAvailable }
        Mock Import-Module { } -ParameterFilter { $Name -eq 'WebAdministration' }
        Mock Get-ChildItem { @([pscustomobject]@{ Name = 'DefaultAppPool' }, [pscustomobject]@{ Name = 'Orchestrator2022AppPool' }) } -ParameterFilter { $Path -eq 'IIS:\AppPools' }
        Mock Get-WebAppPoolState { [pscustomobject]@{ Value = 'Started' } }
        Mock Restart-WebAppPool { }
        Mock Start-WebAppPool { }
    }

    It 'recycles a running pool' {
        $result = Invoke-WizardScript 'Restart-WebAppPool.ps1' @{ AppPool = 'Orchestrator2022AppPool' }
        @($result.log) | Should -Be @("Recycled the application pool Orchestrator2022AppPool on $env:COMPUTERNAME.")
        Should -Invoke Restart-WebAppPool -Times 1 -Exactly -ParameterFilter { $Name -eq 'Orchestrator2022AppPool' }
        Should -Invoke Start-WebAppPool -Times 0 -Exactly
        Should -Invoke Import-Module -Times 1 -Exactly -ParameterFilter { $Name -eq 'WebAdministration' }
    }

    It 'starts a stopped pool instead, which reads the configuration all the same' {
        Mock Get-WebAppPoolState { [pscustomobject]@{ Value = 'Stopped' } } -ParameterFilter { $Name -eq 'Orchestrator2022AppPool' }
        $result = Invoke-WizardScript 'Restart-WebAppPool.ps1' @{ AppPool = 'Orchestrator2022AppPool' }
        @($result.log) | Should -Be @("Started the application pool Orchestrator2022AppPool on $env:COMPUTERNAME, which was stopped.")
        Should -Invoke Start-WebAppPool -Times 1 -Exactly -ParameterFilter { $Name -eq 'Orchestrator2022AppPool' }
        Should -Invoke Restart-WebAppPool -Times 0 -Exactly
    }

    It 'answers not-found for a pool that does not exist, taking the name literally' {
        $result = Invoke-WizardScript 'Restart-WebAppPool.ps1' @{ AppPool = 'Orchestrator*' }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Be "There is no IIS application pool named 'Orchestrator*' on $env:COMPUTERNAME."
        Should -Invoke Restart-WebAppPool -Times 0 -Exactly
    }

    It 'answers not-found where the IIS module is not installed' {
        Mock Get-Module { } -ParameterFilter { $Name -eq 'WebAdministration' -and $ListAvailable }
        $result = Invoke-WizardScript 'Restart-WebAppPool.ps1' @{ AppPool = 'DefaultAppPool' }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match 'WebAdministration is not installed'
    }

    It 'answers script when IIS refuses to recycle' {
        Mock Restart-WebAppPool { throw 'Object reference not set to an instance of an object.' }
        $result = Invoke-WizardScript 'Restart-WebAppPool.ps1' @{ AppPool = 'DefaultAppPool' }
        $result.code | Should -Be 'script'
    }
}
