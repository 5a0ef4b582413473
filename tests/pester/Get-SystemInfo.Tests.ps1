BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Get-SystemInfo.ps1' {
    It 'reports the computer, its DNS name, whether the wizard runs elevated, and the Windows version' {
        if (-not $WizardOnWindows) {
            Set-ItResult -Skipped -Because 'the elevation check (WindowsPrincipal) exists only on Windows'
            return
        }
        Mock Get-CimInstance { [pscustomobject]@{ Caption = 'Microsoft Windows Server 2022 Standard'; Version = '10.0.20348' } } -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' }
        $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
        $elevated = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
        $result = Invoke-WizardScript 'Get-SystemInfo.ps1'
        $result.computerName | Should -Be $env:COMPUTERNAME
        $result.fqdn | Should -Be $(if ($ip.DomainName) { "$($ip.HostName).$($ip.DomainName)" } else { $ip.HostName })
        $result.isElevated | Should -Be $elevated
        $result.osVersion | Should -Be 'Microsoft Windows Server 2022 Standard 10.0.20348'
    }
}
