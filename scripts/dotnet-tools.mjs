// The tools that check the wizard's Windows side on any machine with the .NET SDK: PowerShell 7.6.9
// (a dotnet tool), Pester, and Microsoft's T-SQL parser (ScriptDom), all from NuGet. They are
// installed once into `.tools/` (ignored by git) and reused; nothing is installed globally.
// `node scripts/dotnet-tools.mjs` installs them and prints where they are.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PWSH_VERSION = '7.6.9';
export const PESTER_VERSION = '5.7.1';
export const SCRIPTDOM_VERSION = '180.140.0';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_DIR = join(root, '.tools');
const READY_FILE = join(TOOLS_DIR, 'ready.json');
const windows = process.platform === 'win32';

function dotnetAvailable() {
  return spawnSync('dotnet', ['--version'], { stdio: 'ignore', shell: windows }).status === 0;
}

function layout() {
  const packages = join(TOOLS_DIR, 'nuget');
  return {
    pwsh: join(TOOLS_DIR, 'pwsh', windows ? 'pwsh.exe' : 'pwsh'),
    pesterModule: join(packages, 'pester', PESTER_VERSION, 'tools', 'Pester.psd1'),
    scriptDom: join(
      packages,
      'microsoft.sqlserver.transactsql.scriptdom',
      SCRIPTDOM_VERSION,
      'lib',
      'net8.0',
      'Microsoft.SqlServer.TransactSql.ScriptDom.dll',
    ),
    versions: { pwsh: PWSH_VERSION, pester: PESTER_VERSION, scriptDom: SCRIPTDOM_VERSION },
  };
}

/** The installed tools, or why they are not there; never installs anything. */
export function installedDotnetTools() {
  try {
    const ready = JSON.parse(readFileSync(READY_FILE, 'utf8'));
    const tools = layout();
    const complete =
      JSON.stringify(ready.versions) === JSON.stringify(tools.versions) &&
      [tools.pwsh, tools.pesterModule, tools.scriptDom].every((path) => existsSync(path));
    if (complete) return { ok: true, ...tools };
  } catch {
    // Not installed yet, or installed by another version of this script.
  }
  return {
    ok: false,
    reason: dotnetAvailable()
      ? 'PowerShell, Pester and ScriptDom are not installed in .tools/ yet: `npm run test:parsers` installs them.'
      : 'the .NET SDK (`dotnet`) is not on this machine, so PowerShell 7.6.9, Pester and ScriptDom cannot be installed from NuGet.',
  };
}

function step(title, command, args) {
  console.log(`  ${title}`);
  const result = spawnSync(command, args, { encoding: 'utf8', shell: windows });
  if (result.status !== 0) {
    throw new Error(`${title} failed (exit ${result.status}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
}

/** Installs what is missing; returns the tools, or why they cannot be had here. */
export function ensureDotnetTools() {
  const installed = installedDotnetTools();
  if (installed.ok) return installed;
  if (!dotnetAvailable()) return installed;
  const tools = layout();
  console.log(
    `Installing PowerShell ${PWSH_VERSION}, Pester ${PESTER_VERSION} and ScriptDom ${SCRIPTDOM_VERSION} into .tools/ (once).`,
  );
  try {
    rmSync(READY_FILE, { force: true });
    mkdirSync(TOOLS_DIR, { recursive: true });
    if (!existsSync(tools.pwsh)) {
      step(`dotnet tool install PowerShell ${PWSH_VERSION}`, 'dotnet', [
        'tool',
        'install',
        '--tool-path',
        join(TOOLS_DIR, 'pwsh'),
        'PowerShell',
        '--version',
        PWSH_VERSION,
      ]);
    }
    // PackageDownload fetches the packages as they are (Pester is a PowerShell module, ScriptDom an
    // assembly PowerShell loads) without building anything.
    const project = join(TOOLS_DIR, 'download', 'packages.csproj');
    mkdirSync(dirname(project), { recursive: true });
    writeFileSync(
      project,
      `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Pester" Version="[${PESTER_VERSION}]" />
    <PackageDownload Include="Microsoft.SqlServer.TransactSql.ScriptDom" Version="[${SCRIPTDOM_VERSION}]" />
  </ItemGroup>
</Project>
`,
    );
    step('dotnet restore Pester and ScriptDom', 'dotnet', ['restore', project, '--packages', join(TOOLS_DIR, 'nuget')]);
    for (const path of [tools.pwsh, tools.pesterModule, tools.scriptDom]) {
      if (!existsSync(path)) throw new Error(`${path} is missing after the install.`);
    }
    writeFileSync(READY_FILE, `${JSON.stringify({ versions: tools.versions }, null, 2)}\n`);
    return { ok: true, ...tools };
  } catch (error) {
    return { ok: false, reason: `the install from NuGet failed: ${error instanceof Error ? error.message : error}` };
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tools = ensureDotnetTools();
  if (!tools.ok) {
    console.error(`Not installed: ${tools.reason}`);
    process.exit(1);
  }
  console.log(JSON.stringify(tools, null, 2));
}
