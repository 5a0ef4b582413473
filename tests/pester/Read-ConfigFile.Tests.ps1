BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
}

Describe 'Read-ConfigFile.ps1' {
    It 'returns the bytes as base64 with their count, byte order mark included' {
        $file = Join-Path $TestDrive 'web.config'
        $bytes = [byte[]](@(0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("<configuration>`r`n  <connectionStrings />`r`n</configuration>`r`n"))
        [IO.File]::WriteAllBytes($file, $bytes)
        $result = Invoke-WizardScript 'Read-ConfigFile.ps1' @{ Path = $file }
        $result.size | Should -Be $bytes.Length
        [Convert]::FromBase64String($result.contentBase64) | Should -Be $bytes
    }

    It 'reads an empty file' {
        $file = Join-Path $TestDrive 'empty.config'
        [IO.File]::WriteAllBytes($file, [byte[]]@())
        $result = Invoke-WizardScript 'Read-ConfigFile.ps1' @{ Path = $file }
        $result.size | Should -Be 0
        $result.contentBase64 | Should -BeExactly ''
    }

    It 'gives only the size of a file over 4 MB' {
        $file = Join-Path $TestDrive 'large.config'
        $stream = [IO.File]::Create($file)
        try { $stream.SetLength(4MB + 1) } finally { $stream.Dispose() }
        $result = Invoke-WizardScript 'Read-ConfigFile.ps1' @{ Path = $file }
        $result.size | Should -Be (4MB + 1)
        $result.contentBase64 | Should -BeNullOrEmpty
    }

    It 'answers not-found for a file that does not exist, and for a folder' {
        (Invoke-WizardScript 'Read-ConfigFile.ps1' @{ Path = (Join-Path $TestDrive 'missing.config') }).code | Should -Be 'not-found'
        (Invoke-WizardScript 'Read-ConfigFile.ps1' @{ Path = $TestDrive }).code | Should -Be 'not-found'
    }
}
