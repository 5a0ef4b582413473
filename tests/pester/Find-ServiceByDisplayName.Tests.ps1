BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Find-ServiceByDisplayName.ps1' {
    BeforeEach {
        Use-FakeServices @(
            New-FakeService -Name 'OMSDK' -DisplayName 'System Center Data Access Service' -Status 'Running'
            New-FakeService -Name 'HealthService' -DisplayName 'Microsoft Monitoring Agent' -Status 'Stopped'
            New-FakeService -Name 'omcfg' -DisplayName 'System Center Management Configuration' -Status 'StartPending'
        )
    }

    It 'finds the service by its exact display name, with its name and status' {
        $result = Invoke-WizardScript 'Find-ServiceByDisplayName.ps1' @{ DisplayName = 'Microsoft Monitoring Agent' }
        $result.found | Should -BeTrue
        $result.service.name | Should -Be 'HealthService'
        $result.service.displayName | Should -Be 'Microsoft Monitoring Agent'
        $result.service.status | Should -Be 'Stopped'
        # Without a name: -Name and -DisplayName would take it as a wildcard pattern.
        Should -Invoke Get-Service -Times 1 -Exactly -ParameterFilter { $PesterBoundParameters.Count -eq 0 }
    }

    It 'answers found = false for a name that no service has' {
        $result = Invoke-WizardScript 'Find-ServiceByDisplayName.ps1' @{ DisplayName = 'System Center Orchestrator Runbook Service' }
        $result.ok | Should -BeTrue
        $result.found | Should -BeFalse
    }

    It 'takes the name literally, not as a wildcard pattern' {
        (Invoke-WizardScript 'Find-ServiceByDisplayName.ps1' @{ DisplayName = 'System Center*' }).found | Should -BeFalse
        (Invoke-WizardScript 'Find-ServiceByDisplayName.ps1' @{ DisplayName = 'System Center Data Access Servic?' }).found | Should -BeFalse
    }
}
