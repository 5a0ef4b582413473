BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    $local = Get-WizardLocalComputer
    $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
    $dnsName = if ($ip.DomainName) { "$($ip.HostName).$($ip.DomainName)" } else { $ip.HostName }

    # An assembly that says it is Orchestrator's, as those of the web components do.
    $assembly = Join-Path $TestDrive 'Microsoft.SystemCenter.Orchestrator.WebApi.dll'
    Add-Type -OutputAssembly $assembly -OutputType Library -TypeDefinition @'
[assembly: System.Reflection.AssemblyProduct("System Center Orchestrator")]
[assembly: System.Reflection.AssemblyFileVersion("10.22.1068.0")]
[assembly: System.Reflection.AssemblyInformationalVersion("10.22.1068.0")]
namespace WizardPester { public class OrchestratorWebApi { } }
'@

    function New-InstallFolder([string]$component, [switch]$WithAssembly) {
        $install = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $folder = Join-Path $install $component
        New-Item -ItemType Directory -Path (Join-Path $folder 'bin') | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'web.config') -Value '<configuration />'
        if ($WithAssembly) { Copy-Item -LiteralPath $assembly -Destination (Join-Path $folder 'bin') }
        $install
    }
    function New-Site([string]$name, [string]$physicalPath, [object[]]$bindings) {
        [pscustomobject]@{
            Name = $name; PhysicalPath = $physicalPath; applicationPool = 'DefaultAppPool'
            bindings = [pscustomobject]@{ Collection = @($bindings | ForEach-Object { [pscustomobject]@{ protocol = $_[0]; bindingInformation = $_[1] } }) }
        }
    }
}

Describe 'Find-OrchestratorWebComponents.ps1' {
    BeforeEach {
        Mock Get-Module { [pscustomobject]@{ Name = 'WebAdministration' } } -ParameterFilter { $Name -eq 'WebAdministration' -and $ListAvailable }
        Mock Import-Module { } -ParameterFilter { $Name -eq 'WebAdministration' }
        Use-FakeRegistry @{}
    }

    It 'finds the 2022 Web API, its version, and the IIS application serving it' {
        $install = New-InstallFolder 'WebApi' -WithAssembly
        # IIS keeps the path as configured, environment variables and all (and on Windows a final
        # backslash, which elsewhere would be part of the name).
        $env:WIZARD_PESTER_ORCHESTRATOR = $install
        $configured = '%WIZARD_PESTER_ORCHESTRATOR%' + [IO.Path]::DirectorySeparatorChar + 'WebApi' + $(if ($WizardOnWindows) { '\' })
        Mock Get-Website { New-Site 'Default Web Site' 'C:\inetpub\wwwroot' @(@('net.tcp', '808:*'), @('http', '*:81:')) }
        Mock Get-WebApplication { [pscustomobject]@{ path = '/Orchestrator2022'; PhysicalPath = $configured; applicationPool = 'OrchestratorAppPool' } } -ParameterFilter { $Site -eq 'Default Web Site' }

        $result = Invoke-WizardScript 'Find-OrchestratorWebComponents.ps1' @{ InstallDirectory = $install }
        $result.found | Should -BeTrue
        $result.kind | Should -Be 'web-api'
        $result.productVersion | Should -Be '10.22.1068.0'
        $result.folder | Should -Be (Join-Path $install 'WebApi')
        $result.configFile | Should -Be (Join-Path (Join-Path $install 'WebApi') 'web.config')
        $result.appPool | Should -Be 'OrchestratorAppPool'
        $result.applicationUrl | Should -Be "http://${dnsName}:81/Orchestrator2022/"
        @($result.log) | Should -Be @("Found the Orchestrator web-api 10.22.1068.0 in $($result.folder) on $env:COMPUTERNAME, served by the IIS application pool OrchestratorAppPool at $($result.applicationUrl).")
    }

    It 'finds the 2016/2019 web service at the root of a site, with its version from Programs and Features' {
        $install = New-InstallFolder 'Web Service'
        Mock Get-Website { New-Site 'Orchestrator Web Service' (Join-Path $install 'Web Service') @(, @('https', '10.0.0.5:443:orchestrator.contoso.com')) }
        Mock Get-WebApplication { }
        Use-FakeRegistry @{
            'HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall' = New-FakeRegistryKey -SubKeys ([ordered]@{
                '{1}' = New-FakeRegistryKey -Values @{ DisplayName = 'Microsoft Visual C++ Redistributable'; DisplayVersion = '14.38.33130.0' }
                '{2}' = New-FakeRegistryKey -Values @{ DisplayName = 'System Center Orchestrator 2019 Web Service'; DisplayVersion = '10.19.40.0' }
                '{3}' = New-FakeRegistryKey -Values @{ DisplayName = 'System Center Orchestrator 2019 Runbook Designer'; DisplayVersion = 'not a version' }
            })
        }

        $result = Invoke-WizardScript 'Find-OrchestratorWebComponents.ps1' @{ InstallDirectory = $install }

        $result.kind | Should -Be 'web-service'
        $result.productVersion | Should -Be '10.19.40.0'
        $result.appPool | Should -Be 'DefaultAppPool'
        $result.applicationUrl | Should -Be 'https://orchestrator.contoso.com/'
    }

    It 'prefers the Web API where an upgrade left the old web service folder' {
        $install = New-InstallFolder 'WebApi'
        New-Item -ItemType Directory -Path (Join-Path $install 'Web Service') | Out-Null
        Set-Content -LiteralPath (Join-Path $install 'Web Service\web.config') -Value '<configuration />'
        Mock Get-Website { New-Site 'Default Web Site' (Join-Path $install 'WebApi') @(, @('http', '[2001:db8::5]:80:')) }
        Mock Get-WebApplication { }
        $result = Invoke-WizardScript 'Find-OrchestratorWebComponents.ps1' @{ InstallDirectory = $install }
        $result.kind | Should -Be 'web-api'
        $result.productVersion | Should -Be 'unknown'
        $result.applicationUrl | Should -Be "http://$dnsName/"
    }

    It 'answers found = false where neither component is installed' {
        $result = Invoke-WizardScript 'Find-OrchestratorWebComponents.ps1' @{ InstallDirectory = (Join-Path $TestDrive 'no-orchestrator') }
        $result.ok | Should -BeTrue
        $result.found | Should -BeFalse
        Should -Invoke Get-Module -Times 0 -Exactly
    }

    It 'answers not-found when no IIS site or application serves the folder' {
        $install = New-InstallFolder 'WebApi'
        Mock Get-Website { New-Site 'Default Web Site' 'C:\inetpub\wwwroot' @(, @('http', '*:80:')) }
        Mock Get-WebApplication { [pscustomobject]@{ path = '/Other'; PhysicalPath = "C:\Other|bad"; applicationPool = 'Other' } }
        $result = Invoke-WizardScript 'Find-OrchestratorWebComponents.ps1' @{ InstallDirectory = $install }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match 'no IIS site or application serves'
    }

    It 'answers not-found when the site has no http or https binding' {
        $install = New-InstallFolder 'WebApi'
        Mock Get-Website { New-Site 'Orchestrator' (Join-Path $install 'WebApi') @(, @('net.pipe', '*')) }
        Mock Get-WebApplication { }
        $result = Invoke-WizardScript 'Find-OrchestratorWebComponents.ps1' @{ InstallDirectory = $install }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match 'has no http or https binding'
    }

    It 'answers script for a binding not of the form address:port:host' {
        $install = New-InstallFolder 'WebApi'
        Mock Get-Website { New-Site 'Orchestrator' (Join-Path $install 'WebApi') @(, @('http', 'garbled')) }
        Mock Get-WebApplication { }
        $result = Invoke-WizardScript 'Find-OrchestratorWebComponents.ps1' @{ InstallDirectory = $install }
        $result.code | Should -Be 'script'
        $result.details | Should -Be 'garbled'
    }

    It 'answers not-found where the IIS module is not installed' {
        $install = New-InstallFolder 'WebApi'
        Mock Get-Module { } -ParameterFilter { $Name -eq 'WebAdministration' -and $ListAvailable }
        $result = Invoke-WizardScript 'Find-OrchestratorWebComponents.ps1' @{ InstallDirectory = $install }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match 'WebAdministration is not installed'
    }
}

AfterAll {
    Remove-Item -Path Env:\WIZARD_PESTER_ORCHESTRATOR -ErrorAction SilentlyContinue
}
