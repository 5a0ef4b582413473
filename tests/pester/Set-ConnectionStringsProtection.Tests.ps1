BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    # The script starts aspnet_regiis.exe itself with the command line the wizard wrote, so a program
    # stands in for it where the script looks for it, under a Windows folder of the test's own: a
    # shell script on Linux and macOS, and on Windows the same behaviour compiled by csc.exe.
    $windowsFolder = $env:windir
    $env:windir = Join-Path $TestDrive 'Windows'
    $tool = Join-Path $env:windir 'Microsoft.NET\Framework64\v4.0.30319\aspnet_regiis.exe'
    New-Item -ItemType Directory -Path (Split-Path $tool) -Force | Out-Null
    $fixtures = Join-Path $PSScriptRoot '..\fixtures\aspnet-regiis'
    if ($WizardOnWindows) {
        $csc = Join-Path $windowsFolder 'Microsoft.NET\Framework64\v4.0.30319\csc.exe'
        & $csc /nologo "/out:$tool" (Join-Path $fixtures 'AspnetRegiis.cs') | Out-Null
    } else {
        Copy-Item -LiteralPath (Join-Path $fixtures 'aspnet-regiis.sh') -Destination $tool
        & chmod +x $tool
    }

    $banner = @('Microsoft (R) ASP.NET RegIIS version 4.0.30319.0', 'Administration utility to install and uninstall ASP.NET on the local machine.', 'Copyright (C) Microsoft Corporation.  All rights reserved.')
    $plain = "<?xml version=`"1.0`"?>`r`n<configuration>`r`n  <connectionStrings>`r`n    <add name=`"OrchestratorDb`" connectionString=`"Server=SQL01;Database=Orchestrator`" />`r`n  </connectionStrings>`r`n</configuration>`r`n"
    $encrypted = "<?xml version=`"1.0`"?>`r`n<configuration>`r`n  <connectionStrings configProtectionProvider=`"RsaProtectedConfigurationProvider`">`r`n    <EncryptedData />`r`n  </connectionStrings>`r`n</configuration>`r`n"
    $env:FAKE_REGIIS_PLAIN = Join-Path $TestDrive 'plain.config'
    $env:FAKE_REGIIS_ENCRYPTED = Join-Path $TestDrive 'encrypted.config'
    [IO.File]::WriteAllText($env:FAKE_REGIIS_PLAIN, $plain)
    [IO.File]::WriteAllText($env:FAKE_REGIIS_ENCRYPTED, $encrypted)
    $env:FAKE_REGIIS_LOG = Join-Path $TestDrive 'aspnet_regiis-calls.txt'

    # Each call's arguments as the program received them.
    function Get-RegiisCalls {
        if (-not (Test-Path -LiteralPath $env:FAKE_REGIIS_LOG)) { return ,@() }
        $calls = New-Object System.Collections.Generic.List[object]
        $current = New-Object System.Collections.Generic.List[string]
        foreach ($line in [IO.File]::ReadAllLines($env:FAKE_REGIIS_LOG)) {
            if ($line -eq '--') { $calls.Add($current.ToArray()); $current.Clear() } else { $current.Add($line) }
        }
        return ,$calls.ToArray()
    }

    # The command line as the wizard writes it (the folder quoted, since it holds no quote here).
    function New-RegiisArguments([string]$switch, [string]$folder) { "$switch connectionStrings `"$folder`"" }
}

AfterAll {
    $env:windir = $windowsFolder
    foreach ($name in 'FAKE_REGIIS_PLAIN', 'FAKE_REGIIS_ENCRYPTED', 'FAKE_REGIIS_LOG', 'FAKE_REGIIS_FAIL_EXIT') {
        Remove-Item -LiteralPath "env:$name" -ErrorAction SilentlyContinue
    }
}

Describe 'Set-ConnectionStringsProtection.ps1' {
    BeforeEach {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $config = Join-Path $folder 'web.config'
        Remove-Item -LiteralPath $env:FAKE_REGIIS_LOG -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath env:FAKE_REGIIS_FAIL_EXIT -ErrorAction SilentlyContinue
    }

    It 'decrypts an encrypted section with aspnet_regiis -pdf, and logs the tool''s words' {
        [IO.File]::WriteAllText($config, $encrypted)
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = "$folder\"; Action = 'decrypt'; Arguments = (New-RegiisArguments '-pdf' $folder) }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be (@("connectionStrings in $config is encrypted with RsaProtectedConfigurationProvider.") + $banner +
            @('Decrypting configuration section...', 'Succeeded!', "connectionStrings in $config is now plain text."))
        $calls = Get-RegiisCalls
        $calls.Count | Should -Be 1
        $calls[0] | Should -Be @('-pdf', 'connectionStrings', $folder)
    }

    It 'encrypts a plain section with aspnet_regiis -pef' {
        [IO.File]::WriteAllText($config, $plain)
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'encrypt'; Arguments = (New-RegiisArguments '-pef' $folder) }
        @($result.log)[-1] | Should -Be "connectionStrings in $config is now encrypted with RsaProtectedConfigurationProvider."
        $calls = Get-RegiisCalls
        $calls.Count | Should -Be 1
        $calls[0] | Should -Be @('-pef', 'connectionStrings', $folder)
    }

    It 'does nothing to a section already as asked: <action>' -TestCases @(
        @{ action = 'decrypt'; content = 'plain'; said = 'is already plain text' }
        @{ action = 'encrypt'; content = 'encrypted'; said = 'is already encrypted with RsaProtectedConfigurationProvider' }
    ) {
        [IO.File]::WriteAllText($config, (Get-Variable -Name $content -ValueOnly))
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = $action; Arguments = (New-RegiisArguments '-pdf' $folder) }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be @("connectionStrings in $config on $env:COMPUTERNAME $said.")
        (Get-RegiisCalls).Count | Should -Be 0
    }

    It 'answers script when the tool ends with exit code <exitCode> and says Failed!' -TestCases @(
        @{ exitCode = 1 }
        @{ exitCode = 0 }
    ) {
        [IO.File]::WriteAllText($config, $encrypted)
        $env:FAKE_REGIIS_FAIL_EXIT = "$exitCode"
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'decrypt'; Arguments = (New-RegiisArguments '-pdf' $folder) }
        $result.code | Should -Be 'script'
        # The tool's words on both of its streams: what it printed, then what it wrote to stderr.
        $result.message | Should -Match "^aspnet_regiis -pdf connectionStrings failed for .* \(exit code $exitCode\): .*Decrypting configuration section\.\.\. Failed! .*Bad Data\.$"
        $result.details | Should -Match 'Failed to decrypt'
    }

    It 'answers not-found for <case>' -TestCases @(
        @{ case = 'a folder without web.config'; content = $null; said = 'There is no web.config' }
        @{ case = 'a web.config without connectionStrings'; content = '<configuration><appSettings /></configuration>'; said = 'has no connectionStrings section' }
    ) {
        if ($content) { [IO.File]::WriteAllText($config, $content) }
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'decrypt'; Arguments = (New-RegiisArguments '-pdf' $folder) }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match $said
    }

    It 'answers not-found where the .NET Framework 4 ASP.NET tools are missing' {
        [IO.File]::WriteAllText($config, $encrypted)
        Rename-Item -LiteralPath $tool -NewName 'aspnet_regiis.exe.moved'
        try {
            $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'decrypt'; Arguments = (New-RegiisArguments '-pdf' $folder) }
        } finally {
            Rename-Item -LiteralPath "$tool.moved" -NewName 'aspnet_regiis.exe'
        }
        $result.code | Should -Be 'not-found'
        $result.message | Should -Match 'aspnet_regiis.exe is missing'
    }

    It 'refuses an action other than decrypt or encrypt' {
        [IO.File]::WriteAllText($config, $encrypted)
        $result = Invoke-WizardScript 'Set-ConnectionStringsProtection.ps1' @{ Folder = $folder; Action = 'remove'; Arguments = '' }
        $result.code | Should -Be 'script'
        (Get-RegiisCalls).Count | Should -Be 0
    }
}
