BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    # Processes are real: the PowerShell running these tests is one. Their owners come from CIM, mocked.
    $me = Get-Process -Id $PID
    $ownerOf = { [pscustomobject]@{ ReturnValue = 0; Domain = 'CONTOSO'; User = 'svc-scsm' } }
}

Describe 'Find-Process.ps1' {
    BeforeEach {
        Mock Get-CimInstance { [pscustomobject]@{ ProcessId = [int]($Filter -replace '\D', '') } } -ParameterFilter { $ClassName -eq 'Win32_Process' }
        Mock Invoke-CimMethod $ownerOf -ParameterFilter { $MethodName -eq 'GetOwner' }
    }

    It 'lists the processes of that name with their ids and owners' {
        $result = Invoke-WizardScript 'Find-Process.ps1' @{ ProcessName = $me.ProcessName }
        $found = @($result.processes | Where-Object { $_.id -eq $PID })
        $found.Count | Should -Be 1
        $found[0].name | Should -Be $me.ProcessName
        $found[0].user | Should -Be 'CONTOSO\svc-scsm'
        Should -Invoke Get-CimInstance -ParameterFilter { $Filter -eq "ProcessId = $PID" } -Times 1 -Exactly
    }

    It 'takes the name with or without .exe' {
        $result = Invoke-WizardScript 'Find-Process.ps1' @{ ProcessName = "$($me.ProcessName).exe" }
        @($result.processes | Where-Object { $_.id -eq $PID }).Count | Should -Be 1
    }

    It 'lists a single process as a list of one' {
        $output = Invoke-WithConsoleCaptured {
            $payload = ConvertTo-Json @{ ComputerName = (Get-WizardLocalComputer); ProcessName = $me.ProcessName } -Compress
            & (Join-Path $WizardScriptsDir 'Find-Process.ps1') -Payload ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($payload)))
        }
        $output.Stdout | Should -Match '"processes":\[\{'
    }

    It 'leaves the owner out where the process will not say' {
        Mock Invoke-CimMethod { [pscustomobject]@{ ReturnValue = 2 } } -ParameterFilter { $MethodName -eq 'GetOwner' }
        $result = Invoke-WizardScript 'Find-Process.ps1' @{ ProcessName = $me.ProcessName }
        $mine = @($result.processes | Where-Object { $_.id -eq $PID })[0]
        $mine.PSObject.Properties.Name | Should -Not -Contain 'user'
    }

    It 'answers null for the owner where CIM fails' {
        Mock Get-CimInstance { throw (New-Object UnauthorizedAccessException 'Access denied') } -ParameterFilter { $ClassName -eq 'Win32_Process' }
        $result = Invoke-WizardScript 'Find-Process.ps1' @{ ProcessName = $me.ProcessName }
        $mine = @($result.processes | Where-Object { $_.id -eq $PID })[0]
        $mine.user | Should -BeNullOrEmpty
        $mine.PSObject.Properties.Name | Should -Contain 'user'
    }

    It 'answers an empty list for a name no process has, taking wildcards literally' {
        $result = Invoke-WizardScript 'Find-Process.ps1' @{ ProcessName = 'p*' }
        $result.ok | Should -BeTrue
        @($result.processes).Count | Should -Be 0
        $result.PSObject.Properties.Name | Should -Contain 'processes'
    }
}
