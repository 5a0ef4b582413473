BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    $setupKey = 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'
}

Describe 'Read-RegistryValue.ps1' {
    BeforeEach {
        Use-FakeRegistry @{
            $setupKey = New-FakeRegistryKey -Values @{
                InstallDirectory = 'C:\Program Files\Microsoft System Center\Service Manager\'
                Expanded = @{ Kind = 'ExpandString'; Value = 'C:\Windows\Temp' }
                Names = @{ Kind = 'MultiString'; Value = [string[]]@('SCSM01', 'SCSM02') }
                Release = @{ Kind = 'DWord'; Value = [int]528449 }
                Large = @{ Kind = 'DWord'; Value = [int]-2 }
                Quad = @{ Kind = 'QWord'; Value = [long]5000000000 }
                Blob = @{ Kind = 'Binary'; Value = [byte[]](1, 2) }
            }
        }
    }

    It 'reads <name> from <key>' -TestCases @(
        @{ key = 'HKLM\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'; name = 'InstallDirectory'; value = 'C:\Program Files\Microsoft System Center\Service Manager\' }
        @{ key = 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'; name = 'Expanded'; value = 'C:\Windows\Temp' }
        @{ key = 'hklm\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'; name = 'Names'; value = "SCSM01`nSCSM02" }
        @{ key = 'HKLM\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'; name = 'Release'; value = 528449 }
        @{ key = 'HKLM\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'; name = 'Quad'; value = 5000000000 }
    ) {
        $result = Invoke-WizardScript 'Read-RegistryValue.ps1' @{ Key = $key; ValueName = $name }
        $result.found | Should -BeTrue
        $result.value | Should -Be $value
        Should -Invoke Get-Item -Times 1 -Exactly -ParameterFilter { $LiteralPath -eq "Registry::$setupKey" }
    }

    It 'reads a REG_DWORD as the unsigned number it is' {
        (Invoke-WizardScript 'Read-RegistryValue.ps1' @{ Key = "HKLM\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup"; ValueName = 'Large' }).value |
            Should -Be 4294967294
    }

    It 'answers found = false for a value or a key that does not exist' {
        $value = Invoke-WizardScript 'Read-RegistryValue.ps1' @{ Key = 'HKLM\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'; ValueName = 'Missing' }
        $value.found | Should -BeFalse
        $key = Invoke-WizardScript 'Read-RegistryValue.ps1' @{ Key = 'HKLM\SOFTWARE\Microsoft\System Center\2010\Nothing'; ValueName = 'InstallDirectory' }
        $key.ok | Should -BeTrue
        $key.found | Should -BeFalse
    }

    It 'refuses a value kind it does not read' {
        $result = Invoke-WizardScript 'Read-RegistryValue.ps1' @{ Key = 'HKLM\SOFTWARE\Microsoft\System Center\2010\Service Manager\Setup'; ValueName = 'Blob' }
        $result.code | Should -Be 'script'
        $result.message | Should -Match 'is a Binary value'
    }

    It 'refuses <key>, which is not a registry key path' -TestCases @(
        @{ key = 'HKLM:\SOFTWARE\Microsoft' }
        @{ key = 'SOFTWARE\Microsoft' }
        @{ key = 'HKLM' }
    ) {
        $result = Invoke-WizardScript 'Read-RegistryValue.ps1' @{ Key = $key; ValueName = 'x' }
        $result.code | Should -Be 'script'
        $result.message | Should -Be "$key is not a registry key path such as HKLM\SOFTWARE\Microsoft."
        Should -Invoke Get-Item -Times 0 -Exactly
    }
}
