# Runs every *.Tests.ps1 beside this file with the Pester module given, and writes the counts as
# JSON for scripts/test-parsers.mjs. Windows PowerShell 5.1 syntax only: it runs there too.
param(
    [Parameter(Mandatory = $true)][string]$PesterModule,
    [Parameter(Mandatory = $true)][string]$ResultFile
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration

$counts = [ordered]@{
    passed  = $result.PassedCount
    failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    skipped = $result.SkippedCount + $result.NotRunCount
}
[System.IO.File]::WriteAllText($ResultFile, (ConvertTo-Json -InputObject $counts))
