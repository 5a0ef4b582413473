BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Get-ManagementPackList.ps1' {
    BeforeEach {
        Use-FakeServiceManager
    }

    It 'lists the imported management packs with their version and whether they are sealed' {
        Mock -ModuleName WizardScript Get-SCSMManagementPack {
            [pscustomobject]@{ Name = 'Microsoft.SystemCenter.Library'; Version = [version]'10.22.1068.0'; Sealed = $true }
            [pscustomobject]@{ Name = 'Contoso.Incident.Customizations'; Version = [version]'1.0.0.3'; Sealed = $false }
        }
        $result = Invoke-WizardScript 'Get-ManagementPackList.ps1'
        $result.ok | Should -BeTrue
        @($result.managementPacks).Count | Should -Be 2
        $result.managementPacks[0].id | Should -Be 'Microsoft.SystemCenter.Library'
        $result.managementPacks[0].version | Should -Be '10.22.1068.0'
        $result.managementPacks[0].sealed | Should -BeTrue
        $result.managementPacks[1].sealed | Should -BeFalse
        Should -Invoke -ModuleName WizardScript Get-Item -Times 1 -Exactly -ParameterFilter { $LiteralPath -eq "Registry::$WizardServiceManagerSetupKey" }
    }

    It 'lists a single management pack as a list of one' {
        Mock -ModuleName WizardScript Get-SCSMManagementPack { [pscustomobject]@{ Name = 'Only.One'; Version = [version]'1.0'; Sealed = $true } }
        $output = Invoke-WithConsoleCaptured { & (Join-Path $WizardScriptsDir 'Get-ManagementPackList.ps1') -Payload ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((ConvertTo-Json @{ ComputerName = (Get-WizardLocalComputer) } -Compress)))) }
        $output.Stdout | Should -Match '"managementPacks":\[\{'
        (Assert-WizardResult -Stdout $output.Stdout -OtherOutput $output.OtherOutput).managementPacks[0].id | Should -Be 'Only.One'
    }

    It 'answers not-found where Service Manager is not installed' {
        Use-FakeRegistry -ModuleName WizardScript @{}
        $result = Invoke-WizardScript 'Get-ManagementPackList.ps1'
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match 'Service Manager is not installed'
    }

    It 'answers not-found where the Service Manager module is missing' {
        Use-FakeRegistry -ModuleName WizardScript @{ $WizardServiceManagerSetupKey = New-FakeRegistryKey -Values @{ InstallDirectory = (Join-Path $TestDrive 'elsewhere') } }
        $result = Invoke-WizardScript 'Get-ManagementPackList.ps1'
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match 'System.Center.Service.Manager.psd1 is missing'
    }

    It 'answers script when Service Manager fails' {
        Mock -ModuleName WizardScript Get-SCSMManagementPack { throw 'The Data Access Service is not running.' }
        $result = Invoke-WizardScript 'Get-ManagementPackList.ps1'
        $result.code | Should -Be 'script'
        $result.message | Should -Match 'The Data Access Service is not running'
    }
}
