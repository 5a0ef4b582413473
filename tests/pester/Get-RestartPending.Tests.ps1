BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    $sessionManager = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Session Manager'
    $servicing = 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'
    $windowsUpdate = 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
}

Describe 'Get-RestartPending.ps1' {
    It 'answers no restart pending when no key says so' {
        Use-FakeRegistry @{ $sessionManager = New-FakeRegistryKey -Values @{ PendingFileRenameOperations = @{ Kind = 'MultiString'; Value = [string[]]@('', '') } } }
        $result = Invoke-WizardScript 'Get-RestartPending.ps1'
        $result.pending | Should -BeFalse
        @($result.reasons).Count | Should -Be 0
        @($result.log) | Should -Be @("$env:COMPUTERNAME does not wait for a restart.")
    }

    It 'names each reason a restart is pending' {
        Use-FakeRegistry @{
            $servicing = New-FakeRegistryKey
            $windowsUpdate = New-FakeRegistryKey
            $sessionManager = New-FakeRegistryKey -Values @{ PendingFileRenameOperations = @{ Kind = 'MultiString'; Value = [string[]]@('\??\C:\old.dll', '') } }
        }
        $result = Invoke-WizardScript 'Get-RestartPending.ps1'
        $result.pending | Should -BeTrue
        @($result.reasons) | Should -Be @(
            'Windows servicing (Component Based Servicing) waits for a restart.'
            'Windows Update waits for a restart.'
            'Files are waiting to be replaced at the next restart (PendingFileRenameOperations).'
        )
        @($result.log) | Should -Be @($result.reasons)
    }

    It 'answers with one reason as a list of one' {
        Use-FakeRegistry @{ $windowsUpdate = New-FakeRegistryKey; $sessionManager = New-FakeRegistryKey }
        $result = Invoke-WizardScript 'Get-RestartPending.ps1'
        $result.pending | Should -BeTrue
        @($result.reasons) | Should -Be @('Windows Update waits for a restart.')
    }
}
