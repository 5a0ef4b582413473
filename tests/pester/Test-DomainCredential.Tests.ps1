BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    $password = 'Pa55-w0rd;for/the`pester$(tests)'
    $principalContext = 'System.DirectoryServices.AccountManagement.PrincipalContext'

    # The domain, as PrincipalContext asks it: the test says whether it accepts the password. (A mock
    # reads the test's variables where the script has none of that name: hence $fakeDomain, never $domain.)
    function New-FakeDomain([scriptblock]$Validate) {
        $context = [pscustomobject]@{ Checked = New-Object System.Collections.Generic.List[string]; Disposed = 0; Validate = $Validate }
        $context | Add-Member -MemberType ScriptMethod -Name ValidateCredentials -Value { param($user, $secret) $this.Checked.Add("$user|$secret"); & $this.Validate }
        $context | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.Disposed++ }
        $context
    }

    function Assert-NoPassword($result) {
        (ConvertTo-Json -InputObject $result -Depth 5) | Should -Not -Match ([regex]::Escape($password))
    }
}

Describe 'Test-DomainCredential.ps1' {
    It 'answers accepted when the domain accepts the password' {
        $fakeDomain = New-FakeDomain { $true }
        Mock New-Object { $fakeDomain } -ParameterFilter { $TypeName -eq $principalContext -and "$($ArgumentList[0])" -eq 'Domain' -and $ArgumentList[1] -eq 'CONTOSO' }
        $result = Invoke-WizardScript 'Test-DomainCredential.ps1' @{ Domain = 'CONTOSO'; User = 'svc-scsm'; Password = $password }
        $result.accepted | Should -BeTrue
        @($result.log) | Should -Be @('The domain CONTOSO accepted the password of CONTOSO\svc-scsm.')
        @($fakeDomain.Checked) | Should -Be @("svc-scsm|$password")
        $fakeDomain.Disposed | Should -Be 1
        Assert-NoPassword $result
    }

    It 'answers not accepted, and says so, when the domain refuses the password' {
        $fakeDomain = New-FakeDomain { $false }
        Mock New-Object { $fakeDomain } -ParameterFilter { $TypeName -eq $principalContext }
        $result = Invoke-WizardScript 'Test-DomainCredential.ps1' @{ Domain = 'CONTOSO'; User = 'svc-scsm'; Password = $password }
        $result.ok | Should -BeTrue
        $result.accepted | Should -BeFalse
        # Why it refused is read from the account in the domain, which only a real domain answers.
        $result.reason | Should -Be 'The domain CONTOSO did not accept the password of CONTOSO\svc-scsm. (The wizard could not read the account to say why.)'
        $fakeDomain.Disposed | Should -Be 1
        Assert-NoPassword $result
    }

    It 'answers not accepted for an empty password, without asking the domain' {
        Mock New-Object { throw 'the domain was not to be asked' } -ParameterFilter { $TypeName -eq $principalContext }
        $result = Invoke-WizardScript 'Test-DomainCredential.ps1' @{ Domain = 'CONTOSO'; User = 'svc-scsm'; Password = '' }
        $result.accepted | Should -BeFalse
        $result.reason | Should -Be 'The password for CONTOSO\svc-scsm is empty.'
        Should -Invoke New-Object -Times 0 -Exactly -ParameterFilter { $TypeName -eq $principalContext }
    }

    It 'answers not accepted, with the cause, when the domain cannot be reached' {
        Mock New-Object { throw (New-Object InvalidOperationException 'The server could not be contacted.') } -ParameterFilter { $TypeName -eq $principalContext }
        $result = Invoke-WizardScript 'Test-DomainCredential.ps1' @{ Domain = 'CONTOSO'; User = 'svc-scsm'; Password = $password }
        $result.accepted | Should -BeFalse
        $result.reason | Should -Be "The domain CONTOSO could not be reached from ${env:COMPUTERNAME}: The server could not be contacted."
        Assert-NoPassword $result
    }

    It 'answers not accepted, with the cause, when the domain fails to check the password' {
        $fakeDomain = New-FakeDomain { throw (New-Object InvalidOperationException 'The LDAP server is unavailable.') }
        Mock New-Object { $fakeDomain } -ParameterFilter { $TypeName -eq $principalContext }
        $result = Invoke-WizardScript 'Test-DomainCredential.ps1' @{ Domain = 'CONTOSO'; User = 'svc-scsm'; Password = $password }
        $result.accepted | Should -BeFalse
        $result.reason | Should -Be 'The domain CONTOSO could not check the password of CONTOSO\svc-scsm: The LDAP server is unavailable.'
        $fakeDomain.Disposed | Should -Be 1
        Assert-NoPassword $result
    }
}
