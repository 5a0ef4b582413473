BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    $pack = Join-Path $TestDrive 'Contoso.Incident.Customizations.mp'
    Set-Content -LiteralPath $pack -Value '<ManagementPack />'
}

Describe 'Import-ManagementPackFile.ps1' {
    BeforeEach {
        Use-FakeServiceManager
        Mock -ModuleName WizardScript Import-SCSMManagementPack { }
    }

    It 'imports the file into Service Manager' {
        $result = Invoke-WizardScript 'Import-ManagementPackFile.ps1' @{ Path = $pack }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be @("Imported $pack into Service Manager on $env:COMPUTERNAME.")
        Should -Invoke -ModuleName WizardScript Import-SCSMManagementPack -Times 1 -Exactly -ParameterFilter { $Fullname -eq $pack }
    }

    It 'answers not-found for a file that does not exist, before it loads Service Manager' {
        $result = Invoke-WizardScript 'Import-ManagementPackFile.ps1' @{ Path = (Join-Path $TestDrive 'missing.mp') }
        $result.code | Should -Be 'not-found'
        Should -Invoke -ModuleName WizardScript Import-SCSMManagementPack -Times 0 -Exactly
    }

    It 'answers script with Service Manager''s words when the import fails' {
        Mock -ModuleName WizardScript Import-SCSMManagementPack { throw 'Verification failed with 1 errors: the management pack references Contoso.Library, which is not imported.' }
        $result = Invoke-WizardScript 'Import-ManagementPackFile.ps1' @{ Path = $pack }
        $result.code | Should -Be 'script'
        $result.message | Should -Match 'which is not imported'
    }
}
