BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Copy-ConfigFile.ps1' {
    BeforeEach {
        $file = Join-Path $TestDrive 'web.config'
        $copy = Join-Path $TestDrive 'web.config.before-wizard'
        Remove-Item -LiteralPath $copy -ErrorAction SilentlyContinue
        [IO.File]::WriteAllBytes($file, [byte[]](0xEF, 0xBB, 0xBF, 0x3C, 0x61, 0x2F, 0x3E))
    }

    It 'copies the file byte for byte and says so' {
        $result = Invoke-WizardScript 'Copy-ConfigFile.ps1' @{ Path = $file; CopyPath = $copy }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be @("Copied $file to $copy on $env:COMPUTERNAME.")
        [IO.File]::ReadAllBytes($copy) | Should -Be ([IO.File]::ReadAllBytes($file))
    }

    It 'never overwrites an earlier copy' {
        Set-Content -LiteralPath $copy -Value 'the only record of the old file'
        $result = Invoke-WizardScript 'Copy-ConfigFile.ps1' @{ Path = $file; CopyPath = $copy }
        $result.code | Should -Be 'script'
        $result.message | Should -Match 'already exists'
        Get-Content -LiteralPath $copy | Should -Be 'the only record of the old file'
    }

    It 'answers not-found for a file that does not exist' {
        $result = Invoke-WizardScript 'Copy-ConfigFile.ps1' @{ Path = (Join-Path $TestDrive 'missing.config'); CopyPath = $copy }
        $result.code | Should -Be 'not-found'
        Test-Path -LiteralPath $copy | Should -BeFalse
    }

    It 'answers access-denied when the file system refuses the copy' {
        # The tests may run as root, whom Linux refuses nothing: the refusal is the file system's answer, injected.
        Mock Copy-Item { throw (New-Object UnauthorizedAccessException "Access to the path '$Destination' is denied.") }
        $result = Invoke-WizardScript 'Copy-ConfigFile.ps1' @{ Path = $file; CopyPath = $copy }
        $result.code | Should -Be 'access-denied'
        Should -Invoke Copy-Item -Times 1 -Exactly -ParameterFilter { $LiteralPath -eq $file -and $Destination -eq $copy }
    }
}
