BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Test-PathExists.ps1' {
    It 'answers true for a file and for a folder' {
        $file = Join-Path $TestDrive 'web.config'
        Set-Content -LiteralPath $file -Value '<configuration />'
        (Invoke-WizardScript 'Test-PathExists.ps1' @{ Path = $file }).exists | Should -BeTrue
        (Invoke-WizardScript 'Test-PathExists.ps1' @{ Path = $TestDrive }).exists | Should -BeTrue
    }

    It 'answers false for a path that does not exist' {
        $result = Invoke-WizardScript 'Test-PathExists.ps1' @{ Path = (Join-Path $TestDrive 'missing') }
        $result.ok | Should -BeTrue
        $result.exists | Should -BeFalse
    }

    It 'takes wildcard characters literally' {
        New-Item -ItemType File -Path (Join-Path $TestDrive 'file1.txt') | Out-Null
        (Invoke-WizardScript 'Test-PathExists.ps1' @{ Path = (Join-Path $TestDrive 'file[1].txt') }).exists | Should -BeFalse
        (Invoke-WizardScript 'Test-PathExists.ps1' @{ Path = (Join-Path $TestDrive '*.txt') }).exists | Should -BeFalse
    }

    It 'runs its block on the other computer through remoting' {
        Mock -ModuleName WizardScript Invoke-Command { & $ScriptBlock @ArgumentList }
        (Invoke-WizardScript 'Test-PathExists.ps1' @{ Path = $TestDrive } -ComputerName 'SCSM02').exists | Should -BeTrue
        Should -Invoke -ModuleName WizardScript Invoke-Command -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'SCSM02' }
    }
}
