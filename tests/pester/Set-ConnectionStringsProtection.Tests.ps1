BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    # aspnet_regiis.exe where the script looks for it, under a Windows folder of the test's own. The
    # file exists, and a function named by its path, which PowerShell finds before the file, stands in
    # for it on every platform: it records each call and does what $global:AspnetRegiis says. (Pester
    # cannot mock a command whose name is a path: it fails to remove such a mock again.)
    $windowsFolder = $env:windir
    $env:windir = Join-Path $TestDrive 'Windows'
    $tool = Join-Path $env:windir 'Microsoft.NET\Framework64\v4.0.30319\aspnet_regiis.exe'
    New-Item -ItemType File -Path $tool -Force | Out-Null
    $global:AspnetRegiisCalls = New-Object System.Collections.Generic.List[object]
    Set-Item -Path "function:global:$tool" -Value {
        $global:AspnetRegiisCalls.Add(@($args))
        & $global:AspnetRegiis @args
    }

    $banner = @('Microsoft (R) ASP.NET RegIIS version 4.0.30319.0', 'Administration utility to install and uninstall ASP.NET on the local machine.', 'Copyright (C) Microsoft Corporation.  All rights reserved.')
    $plain = "<?xml version=`"1.0`"?>`r`n<configuration>`r`n  <connectionStrings>`r`n    <add name=`"OrchestratorDb`" connectionString=`"Server=SQL01;Database=Orchestrator`" />`r`n  </connectionStrings>`r`n</configuration>`r`n"
    $encrypted = "<?xml version=`"1.0`"?>`r`n<configuration>`r`n  <connectionStrings configProtectionProvider=`"RsaProtectedConfigurationProvider`">`r`n    <EncryptedData />`r`n  </connectionStrings>`r`n</configuration>`r`n"

    # What aspnet_regiis -pdf and -pef do to the file, and what they print.
    $regiis = {
        $switch, $section, $folder = $args
        $config = Join-Path $folder 'web.config'
        if ($switch -eq '-pef') {
            [IO.File]::WriteAllText($config, $encrypted)
            $banner + @('Encrypting configuration section...', 'Succeeded!')
        } else {
            [IO.File]::WriteAllText($config, $plain)
            $banner + @('Decrypting configuration section...', 'Succeeded!')
        }
        $global:LASTEXITCODE = 0
    }
}

AfterAll {
    $env:windir = $windowsFolder
    $global:AspnetRegiis = { Stop-Unmocked 'aspnet_regiis.exe' }
}

Describe 'Set-ConnectionStringsProtection.ps1' {
    BeforeEach {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $config = Join-Path $folder 'web.config'
        $global:AspnetRegiis = $regiis
        $global:AspnetRegiisCalls.Clear()
    }

    It 'decrypts an encrypted section with aspnet_regiis -pdf, and logs the tool''s words' {
        [IO.File]::WriteAllText($config, $encrypted)
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = "$folder\"; Action = 'decrypt' }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be (@("connectionStrings in $config is encrypted with RsaProtectedConfigurationProvider.") + $banner +
            @('Decrypting configuration section...', 'Succeeded!', "connectionStrings in $config is now plain text."))
        $global:AspnetRegiisCalls.Count | Should -Be 1
        $global:AspnetRegiisCalls[0] | Should -Be @('-pdf', 'connectionStrings', $folder)
    }

    It 'encrypts a plain section with aspnet_regiis -pef' {
        [IO.File]::WriteAllText($config, $plain)
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'encrypt' }
        @($result.log)[-1] | Should -Be "connectionStrings in $config is now encrypted with RsaProtectedConfigurationProvider."
        $global:AspnetRegiisCalls.Count | Should -Be 1
        $global:AspnetRegiisCalls[0] | Should -Be @('-pef', 'connectionStrings', $folder)
    }

    It 'does nothing to a section already as asked: <action>' -TestCases @(
        @{ action = 'decrypt'; content = 'plain'; said = 'is already plain text' }
        @{ action = 'encrypt'; content = 'encrypted'; said = 'is already encrypted with RsaProtectedConfigurationProvider' }
    ) {
        [IO.File]::WriteAllText($config, (Get-Variable -Name $content -ValueOnly))
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = $action }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be @("connectionStrings in $config on $env:COMPUTERNAME $said.")
        $global:AspnetRegiisCalls.Count | Should -Be 0
    }

    It 'answers script when the tool ends with exit code <exitCode> and says <last>' -TestCases @(
        @{ exitCode = 1; last = 'Failed!' }
        @{ exitCode = 0; last = 'Failed!' }
    ) {
        [IO.File]::WriteAllText($config, $encrypted)
        $global:AspnetRegiisFailure = @{ Banner = $banner; Last = $last; ExitCode = $exitCode }
        $global:AspnetRegiis = {
            $global:AspnetRegiisFailure.Banner + @('Decrypting configuration section...')
            Write-Error 'Failed to decrypt using provider ''RsaProtectedConfigurationProvider''. Bad Data.'
            $global:AspnetRegiisFailure.Last
            $global:LASTEXITCODE = $global:AspnetRegiisFailure.ExitCode
        }
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'decrypt' }
        $result.code | Should -Be 'script'
        $result.message | Should -Match "^aspnet_regiis -pdf connectionStrings failed for .* \(exit code $exitCode\): .*Bad Data\. Failed!$"
        $result.details | Should -Match 'Failed to decrypt'
    }

    It 'answers not-found for <case>' -TestCases @(
        @{ case = 'a folder without web.config'; content = $null; said = 'There is no web.config' }
        @{ case = 'a web.config without connectionStrings'; content = '<configuration><appSettings /></configuration>'; said = 'has no connectionStrings section' }
    ) {
        if ($content) { [IO.File]::WriteAllText($config, $content) }
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'decrypt' }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match $said
    }

    It 'answers not-found where the .NET Framework 4 ASP.NET tools are missing' {
        [IO.File]::WriteAllText($config, $encrypted)
        Rename-Item -LiteralPath $tool -NewName 'aspnet_regiis.exe.moved'
        try {
            $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'decrypt' }
        } finally {
            Rename-Item -LiteralPath "$tool.moved" -NewName 'aspnet_regiis.exe'
        }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match 'aspnet_regiis.exe is missing'
    }

    It 'refuses an action other than decrypt or encrypt' {
        [IO.File]::WriteAllText($config, $encrypted)
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'remove' }
        $result.code | Should -Be 'script'
        $global:AspnetRegiisCalls.Count | Should -Be 0
    }
}
