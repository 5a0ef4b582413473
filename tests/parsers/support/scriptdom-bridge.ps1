# Microsoft's T-SQL parser (ScriptDom) for the wizard's tests, as one long-lived process: each line
# on stdin is a request {"id":N,"parsers":[170,110],"texts":["<UTF-16 code units in hex>", ...]},
# each line on stdout its answer (scriptdom-bridge.cs). Runs under PowerShell 7 only: the ScriptDom
# assembly from NuGet targets .NET 8. A request that fails gets {"id":N,"error":"..."}.
param(
    [Parameter(Mandatory = $true)][string]$AssemblyPath
)
$ErrorActionPreference = 'Stop'
Add-Type -Path $AssemblyPath
# The assembly was built against .NET 8 and this PowerShell runs a later .NET; the compiler's
# warning about that is expected.
Add-Type -TypeDefinition (Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot 'scriptdom-bridge.cs')) `
    -ReferencedAssemblies $AssemblyPath, 'System.Collections' -IgnoreWarnings -WarningAction SilentlyContinue
[Console]::Out.WriteLine('{"ready":true}')
while ($null -ne ($line = [Console]::In.ReadLine())) {
    $id = -1
    try {
        $request = ConvertFrom-Json -InputObject $line
        $id = [long]$request.id
        [Console]::Out.WriteLine([ScriptDomBridge]::Answer($id, [int[]]$request.parsers, [string[]]$request.texts))
    } catch {
        $message = $_.Exception.Message -replace '[^\x20-\x7e]', ' ' -replace '["\\]', "'"
        [Console]::Out.WriteLine('{"id":' + $id + ',"error":"' + $message + '"}')
    }
}
