BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Export-ManagementPacks.ps1' {
    BeforeEach {
        Use-FakeServiceManager
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        Mock -ModuleName WizardScript Get-SCSMManagementPack {
            [pscustomobject]@{ Name = 'System.Library'; Version = [version]'7.5.8501.0'; Sealed = $true }
            [pscustomobject]@{ Name = 'Contoso.Library'; Version = [version]'1.0.0.3'; Sealed = $false }
            [pscustomobject]@{ Name = "Contoso.Odd'Name"; Version = [version]'1.0.0.1'; Sealed = $false }
        }
        Mock -ModuleName WizardScript Export-SCSMManagementPack { }
    }

    It 'exports only the unsealed packs into the folder, one file each' {
        $result = Invoke-WizardScript 'Export-ManagementPacks.ps1' @{ Folder = $folder }
        $result.ok | Should -BeTrue
        @($result.managementPacks).Count | Should -Be 2
        $result.managementPacks[0].id | Should -Be 'Contoso.Library'
        $result.managementPacks[0].version | Should -Be '1.0.0.3'
        $result.managementPacks[0].file | Should -Be (Join-Path $folder 'Contoso.Library.xml')
        $result.managementPacks[1].file | Should -Be (Join-Path $folder "Contoso.Odd'Name.xml")
        Should -Invoke -ModuleName WizardScript Export-SCSMManagementPack -Times 2 -Exactly -ParameterFilter { $Path -eq $folder }
        Should -Invoke -ModuleName WizardScript Export-SCSMManagementPack -Times 0 -Exactly -ParameterFilter { $ManagementPack.Sealed }
    }

    It 'answers not-found for a folder that does not exist, before it loads Service Manager' {
        $result = Invoke-WizardScript 'Export-ManagementPacks.ps1' @{ Folder = (Join-Path $TestDrive 'missing') }
        $result.code | Should -Be 'not-found'
        Should -Invoke -ModuleName WizardScript Export-SCSMManagementPack -Times 0 -Exactly
    }

    It 'answers script with Service Manager''s words when an export fails' {
        Mock -ModuleName WizardScript Export-SCSMManagementPack { throw 'Access to the path is denied.' }
        $result = Invoke-WizardScript 'Export-ManagementPacks.ps1' @{ Folder = $folder }
        $result.code | Should -Be 'script'
        $result.message | Should -Match 'Access to the path is denied'
    }
}
