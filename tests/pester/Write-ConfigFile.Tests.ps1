BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Write-ConfigFile.ps1' {
    BeforeEach {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $file = Join-Path $folder 'web.config'
        [IO.File]::WriteAllText($file, '<configuration old="yes" />')
    }

    It 'replaces the content with exactly the bytes given and leaves nothing beside it' {
        $bytes = [byte[]](@(0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("<configuration new=`"$([char]0xE9)`" />`r`n"))
        $result = Invoke-WizardScript 'Write-ConfigFile.ps1' @{ Path = $file; ContentBase64 = [Convert]::ToBase64String($bytes) }
        $result.ok | Should -BeTrue
        @($result.log) | Should -Be @("Wrote $file on $env:COMPUTERNAME ($($bytes.Length) bytes).")
        [IO.File]::ReadAllBytes($file) | Should -Be $bytes
        @(Get-ChildItem -LiteralPath $folder -Force | ForEach-Object { $_.Name }) | Should -Be @('web.config')
    }

    It 'answers not-found rather than create a file that does not exist' {
        $missing = Join-Path $folder 'missing.config'
        $result = Invoke-WizardScript 'Write-ConfigFile.ps1' @{ Path = $missing; ContentBase64 = 'PGEvPg==' }
        $result.code | Should -Be 'not-found'
        Test-Path -LiteralPath $missing | Should -BeFalse
    }

    It 'answers script for content that is not base64, and leaves the file as it was' {
        $result = Invoke-WizardScript 'Write-ConfigFile.ps1' @{ Path = $file; ContentBase64 = 'not base64!' }
        $result.code | Should -Be 'script'
        [IO.File]::ReadAllText($file) | Should -Be '<configuration old="yes" />'
    }
}
