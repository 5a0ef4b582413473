BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    $displayName = 'System Center Data Access Service'
}

Describe 'Start-ServiceAndWait.ps1' {
    It 'starts a stopped service and waits the given time for it to run' {
        $service = New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'Stopped'
        Use-FakeServices -ModuleName WizardScript @($service)
        $result = Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 90 }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be @("Starting $displayName (OMSDK); waiting up to 90 seconds.", "$displayName is running.")
        @($service.Calls) | Should -Be @('start', 'wait Running 90s')
        $service.Status | Should -Be 'Running'
    }

    It 'leaves a running service alone' {
        $service = New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'Running'
        Use-FakeServices -ModuleName WizardScript @($service)
        $result = Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 90 }
        @($result.log) | Should -Be @("$displayName is already running.")
        @($service.Calls).Count | Should -Be 0
    }

    It 'waits for a service that is still stopping before it starts it' {
        $service = New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'StopPending'
        Use-FakeServices -ModuleName WizardScript @($service)
        (Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 30 }).ok | Should -BeTrue
        @($service.Calls) | Should -Be @('wait Stopped 30s', 'start', 'wait Running 30s')
    }

    It 'only waits for a service that is already starting' {
        $service = New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'StartPending'
        Use-FakeServices -ModuleName WizardScript @($service)
        (Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 30 }).ok | Should -BeTrue
        @($service.Calls) | Should -Be @('wait Running 30s')
    }

    It 'answers timeout with the status it was left in when the service does not start in time' {
        $service = New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'Stopped' -Settles 'StartPending'
        Use-FakeServices -ModuleName WizardScript @($service)
        $result = Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 5 }
        $result.code | Should -Be 'timeout'
        $result.message | Should -Be "$displayName did not start within 5 seconds (status: StartPending)."
        $result.details | Should -Match 'Time out has expired'
    }

    It 'answers not-found for a display name that no service has' {
        Use-FakeServices -ModuleName WizardScript @(New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'Stopped')
        $result = Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = 'System Center Data Access'; TimeoutSeconds = 5 }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match "no service with the display name 'System Center Data Access'"
    }

    It 'answers access-denied when the account may not start the service' {
        $service = New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'Stopped' -Refuses
        Use-FakeServices -ModuleName WizardScript @($service)
        $result = Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 5 }
        $result.code | Should -Be 'access-denied'
        $result.message | Should -Match "^Access denied when starting $displayName"
    }

    It 'answers script when the service control manager fails otherwise' {
        $service = New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'Stopped'
        $service | Add-Member -Force -MemberType ScriptMethod -Name Start -Value {
            throw (New-Object InvalidOperationException 'Cannot start service OMSDK on computer ''.''.', (New-Object ComponentModel.Win32Exception 1058))
        }
        Use-FakeServices -ModuleName WizardScript @($service)
        $result = Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 5 }
        $result.code | Should -Be 'script'
        $result.message | Should -Match 'Cannot start service OMSDK'
    }

    It 'starts the service on another computer through remoting' {
        $service = New-FakeService -Name 'OMSDK' -DisplayName $displayName -Status 'Stopped'
        Use-FakeServices -ModuleName WizardScript @($service)
        Mock -ModuleName WizardScript Invoke-Command { & $ScriptBlock @ArgumentList }
        (Invoke-WizardScript 'Start-ServiceAndWait.ps1' @{ DisplayName = $displayName; TimeoutSeconds = 60 } -ComputerName 'SCSM02').ok | Should -BeTrue
        Should -Invoke -ModuleName WizardScript Invoke-Command -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'SCSM02' -and $ArgumentList[1] -eq 'Start' }
        $service.Status | Should -Be 'Running'
    }
}
