BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    $windowsOnly = 'the refusals read drive letters and shares as Windows does, which only Windows does'

    # The script deletes only full Windows paths (C:\... or \\server\share\...). On Windows the tree
    # is a real folder; elsewhere .NET reads C:\... as the name of one folder in the current folder,
    # so the tree is made under that name there, and the script walks and deletes a real tree all the same.
    function New-TreePath([string]$name) {
        if ($WizardOnWindows) { return Join-Path $TestDrive $name }
        [Environment]::CurrentDirectory = $TestDrive
        "C:\wizard-pester\$name"
    }
    function Get-OnDisk([string]$path) { [IO.Path]::Combine($TestDrive, $path) }
}

AfterAll {
    [Environment]::CurrentDirectory = $PWD.ProviderPath
}

Describe 'Remove-DirectoryTree.ps1' {
    It 'deletes the folder and all in it, counting the files, without following links out of it' {
        $path = New-TreePath 'tree'
        $root = if ($WizardOnWindows) { $path } else { Get-OnDisk $path }
        $deeper = [IO.Path]::Combine($root, 'sub', 'deeper')
        [IO.Directory]::CreateDirectory($deeper) | Out-Null
        [IO.File]::WriteAllText([IO.Path]::Combine($root, 'a.txt'), 'a')
        [IO.File]::WriteAllText([IO.Path]::Combine($root, 'sub', 'b.txt'), 'b')
        $readOnly = [IO.Path]::Combine($deeper, 'c.txt')
        [IO.File]::WriteAllText($readOnly, 'c')
        [IO.File]::SetAttributes($readOnly, [IO.FileAttributes]::ReadOnly)
        $outside = Join-Path $TestDrive 'outside'
        New-Item -ItemType Directory -Path $outside | Out-Null
        Set-Content -LiteralPath (Join-Path $outside 'keep.txt') -Value 'not in the tree'
        $link = [IO.Path]::Combine($root, 'link')
        if ($WizardOnWindows) { New-Item -ItemType Junction -Path $link -Target $outside | Out-Null } else { & ln -s $outside $link }

        $result = Invoke-WizardScript 'Remove-DirectoryTree.ps1' @{ Path = $path }

        $result.ok | Should -BeTrue
        $result.filesRemoved | Should -Be 3
        @($result.log) | Should -Be @("Deleted $([IO.Path]::GetFullPath($path)) on $env:COMPUTERNAME (3 files).")
        [IO.Directory]::Exists($root) | Should -BeFalse
        Get-Content -LiteralPath (Join-Path $outside 'keep.txt') | Should -Be 'not in the tree'
    }

    It 'answers not-found for a folder that does not exist' {
        $result = Invoke-WizardScript 'Remove-DirectoryTree.ps1' @{ Path = (New-TreePath 'missing') }
        $result.code | Should -Be 'not-found'
    }

    It 'refuses <path>, which is not a full path' -TestCases @(
        @{ path = 'Temp\Service Manager' }
        @{ path = '/var/tmp/Service Manager' }
        @{ path = 'C:Temp\Service Manager' }
    ) {
        $result = Invoke-WizardScript 'Remove-DirectoryTree.ps1' @{ Path = $path }
        $result.code | Should -Be 'script'
        $result.message | Should -Match '^Refusing to delete .*: it is not a full path'
    }

    It 'refuses <path>: <reason>' -TestCases @(
        @{ path = 'C:\'; reason = 'too close to the root' }
        @{ path = 'C:\Temp\..\..\'; reason = 'too close to the root' }
        @{ path = '\\fileserver\backups'; reason = 'the root of a drive or share' }
        @{ path = 'C:\Temp'; reason = 'too close to the root' }
    ) {
        if (-not $WizardOnWindows) { Set-ItResult -Skipped -Because $windowsOnly; return }
        $result = Invoke-WizardScript 'Remove-DirectoryTree.ps1' @{ Path = $path }
        $result.code | Should -Be 'script'
        $result.message | Should -Match ([regex]::Escape($reason))
    }

    It 'answers access-denied when a program holds a file open in the tree' {
        if (-not $WizardOnWindows) { Set-ItResult -Skipped -Because 'only Windows refuses to delete a file a program holds open'; return }
        $path = New-TreePath 'held'
        New-Item -ItemType Directory -Path $path | Out-Null
        $held = [IO.File]::Open((Join-Path $path 'in-use.log'), 'Create', 'ReadWrite', 'None')
        try {
            $result = Invoke-WizardScript 'Remove-DirectoryTree.ps1' @{ Path = $path }
        } finally {
            $held.Dispose()
        }
        $result.code | Should -Be 'access-denied'
        $result.message | Should -Match 'Is a service or program still using it\?'
    }
}
