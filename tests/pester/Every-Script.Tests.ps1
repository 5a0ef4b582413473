# Every script the wizard ships has its own test file beside this one.
Describe 'The Pester suite' {
    It 'has a test file for <name>' -TestCases @(
        Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot '..\..\assets\scripts') -File |
            Where-Object { $_.Extension -in '.ps1', '.psm1' } |
            ForEach-Object { @{ name = $_.Name; tests = Join-Path $PSScriptRoot "$($_.BaseName).Tests.ps1" } }
    ) {
        Test-Path -LiteralPath $tests -PathType Leaf | Should -BeTrue
    }
}
