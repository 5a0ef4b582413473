BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    $displayName = 'System Center Management Configuration'
}

Describe 'Stop-ServiceAndWait.ps1' {
    It 'stops a running service and waits the given time for it to stop' {
        $service = New-FakeService -Name 'omcfg' -DisplayName $displayName -Status 'Running'
        Use-FakeServices -ModuleName WizardScript @($service)
        $result = Invoke-WizardScript 'Stop-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 120 }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be @("Stopping $displayName (omcfg); waiting up to 120 seconds.", "$displayName is stopped.")
        @($service.Calls) | Should -Be @('stop', 'wait Stopped 120s')
    }

    It 'leaves a stopped service alone' {
        $service = New-FakeService -Name 'omcfg' -DisplayName $displayName -Status 'Stopped'
        Use-FakeServices -ModuleName WizardScript @($service)
        @((Invoke-WizardScript 'Stop-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 120 }).log) | Should -Be @("$displayName is already stopped.")
        @($service.Calls).Count | Should -Be 0
    }

    It 'waits for a service that is still starting before it stops it' {
        $service = New-FakeService -Name 'omcfg' -DisplayName $displayName -Status 'StartPending'
        Use-FakeServices -ModuleName WizardScript @($service)
        (Invoke-WizardScript 'Stop-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 30 }).ok | Should -BeTrue
        @($service.Calls) | Should -Be @('wait Running 30s', 'stop', 'wait Stopped 30s')
    }

    It 'refuses, naming them, while services that depend on it run' {
        $dependents = @(
            New-FakeService -Name 'OMSDK' -DisplayName 'System Center Data Access Service' -Status 'Running'
            New-FakeService -Name 'cshost' -DisplayName 'Microsoft Monitoring Agent' -Status 'Stopped'
        )
        $service = New-FakeService -Name 'omcfg' -DisplayName $displayName -Status 'Running' -DependentServices $dependents
        Use-FakeServices -ModuleName WizardScript @($service)
        $result = Invoke-WizardScript 'Stop-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 30 }
        $result.code | Should -Be 'script'
        $result.message | Should -Be "$displayName was not stopped because services that depend on it are running: System Center Data Access Service. Stop them first."
        @($service.Calls).Count | Should -Be 0
    }

    It 'answers timeout when the service does not stop in time' {
        $service = New-FakeService -Name 'omcfg' -DisplayName $displayName -Status 'Running' -Settles 'StopPending'
        Use-FakeServices -ModuleName WizardScript @($service)
        $result = Invoke-WizardScript 'Stop-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 10 }
        $result.code | Should -Be 'timeout'
        $result.message | Should -Be "$displayName did not stop within 10 seconds (status: StopPending)."
    }

    It 'answers not-found for a display name that no service has' {
        Use-FakeServices -ModuleName WizardScript @()
        (Invoke-WizardScript 'Stop-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 10 }).code | Should -Be 'not-found'
    }

    It 'answers access-denied when the account may not stop the service' {
        Use-FakeServices -ModuleName WizardScript @(New-FakeService -Name 'omcfg' -DisplayName $displayName -Status 'Running' -Refuses)
        $result = Invoke-WizardScript 'Stop-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 10 }
        $result.code | Should -Be 'access-denied'
        $result.message | Should -Match "^Access denied when stopping $displayName"
    }
}
