import { findServer } from '../../../shared/manifest';
import {
  importManagementPacksPages,
  type ImportManagementPacksAnswers,
} from '../../../shared/procedures/import-management-packs';
import { managementServers } from '../../../shared/procedures/encryption-key';
import type { CheckResult } from '../../../shared/run-contract';
import { AnswerError } from '../../engine/errors';
import type { CheckDefinition, FlowContext, FlowDefinition, StepDefinition } from '../../engine/flow-types';
import { describePowerShell, psCalls } from '../../knowledge/commands';
import {
  compareVersions,
  parseManagementPack,
  planImport,
  type ImportPlan,
  type ManagementPackFile,
} from '../../knowledge/service-manager/management-packs';
import { KIT_CHECKSUM_FILE, KIT_PACK_FOLDER } from '../../knowledge/recovery-kit/layout';
import { kitExpectedChecksum } from '../common/kit-files';
import { joinWindowsPath, windowsBaseName } from '../../knowledge/windows/paths';
import { readingAnswer } from '../common/answer-reads';

/**
 * "Implement Service Manager disaster recovery": after a management server is restored, the unsealed management packs exported into
 * the recovery kit are imported again. Each file is vouched for by the kit's checksum list, and
 * packs are imported after the packs they reference; one failed pack does not stop the others.
 */

type Answers = ImportManagementPacksAnswers;

const MAX_PACK_BYTES = 16 * 1024 * 1024;

interface KitFolder {
  packs: ManagementPackFile[];
  /** Files whose checksum is missing from the list or differs from it. */
  checksumProblems: string[];
  unreadable: string[];
  plan: ImportPlan;
}

/** Reads the folder as it is now: the packs, their checksums against the kit's list, the import order. */
async function readKitFolder(answers: Answers, ctx: FlowContext): Promise<KitFolder> {
  const here = await ctx.host.system.computerName();
  const folder = answers.packFolder.trim();
  const files = await readingAnswer('packFolder', () => ctx.host.files.list(here, folder));
  // A listing of a folder that is not there is empty too: a mistyped path is said as one.
  if (files.length === 0 && !(await readingAnswer('packFolder', () => ctx.host.files.exists(here, folder)))) {
    throw new AnswerError('packFolder', `There is no folder ${folder}, as ${here} sees it: check the path.`);
  }
  const packs: ManagementPackFile[] = [];
  const checksumProblems: string[] = [];
  const unreadable: string[] = [];
  for (const file of files.filter((candidate) => /\.xml$/i.test(candidate.path))) {
    const name = windowsBaseName(file.path);
    const listed = await kitExpectedChecksum(ctx, file.path);
    if (listed === undefined) {
      throw new AnswerError(
        'packFolder',
        `${folder} has no ${KIT_CHECKSUM_FILE} and is in no kit with an index: without the kit's checksums the packs cannot be trusted.`,
      );
    }
    // Listing a folder does not hash it; only the packs are worth hashing.
    const { sha256 } = await ctx.host.files.stat(here, file.path);
    if (listed.sha256 === null) checksumProblems.push(`${name} is not in ${listed.source}`);
    else if (listed.sha256 !== sha256) {
      checksumProblems.push(`${name} differs from ${listed.source} (SHA-256 ${sha256 ?? 'unknown'})`);
    }
    try {
      packs.push(parseManagementPack(file.path, await ctx.host.files.readText(here, file.path, MAX_PACK_BYTES)));
    } catch (error) {
      unreadable.push((error as Error).message);
    }
  }
  const installed = await readingAnswer('server', () => ctx.host.serviceManager.listManagementPacks(answers.server));
  return { packs, checksumProblems, unreadable, plan: planImport(packs, installed) };
}

function folderChecks(kit: KitFolder): CheckResult[] {
  const packs: CheckResult =
    kit.packs.length > 0
      ? { id: 'packs', title: 'The folder holds exported packs', status: 'pass', found: `${kit.packs.length} packs` }
      : {
          id: 'packs',
          title: 'The folder holds exported packs',
          status: 'fail',
          found:
            kit.unreadable.length > 0
              ? 'none of its XML files could be read as a management pack'
              : 'no management pack XML files in it',
          remedy: 'Choose the kit folder that Export-SCSMManagementPack wrote.',
        };
  // No file to compare or order: no check passes on nothing.
  if (kit.packs.length === 0 && kit.unreadable.length === 0) return [packs];
  const results: CheckResult[] = [
    packs,
    kit.checksumProblems.length === 0
      ? { id: 'checksums', title: 'Every pack matches the kit’s checksum', status: 'pass', found: 'all match' }
      : {
          id: 'checksums',
          title: 'Every pack matches the kit’s checksum',
          status: 'fail',
          found: kit.checksumProblems.join('; '),
          remedy: 'A pack changed since the kit was made: take the files from an intact copy of the kit.',
        },
  ];
  if (kit.unreadable.length > 0) {
    results.push({
      id: 'readable',
      title: 'Every pack can be read',
      status: 'fail',
      found: kit.unreadable.join('; '),
      remedy: 'Replace the damaged files from an intact copy of the kit.',
    });
  }
  if (kit.plan.problems.length > 0) {
    results.push({
      id: 'references',
      title: 'Every pack’s references can be met',
      status: 'warn',
      found: kit.plan.problems.map((problem) => `${problem.pack.id}: ${problem.message}`).join('; '),
      remedy: 'These packs are left out; import what they reference first, then run this again.',
    });
  }
  results.push({
    id: 'order',
    title: 'Import order',
    status: 'pass',
    found:
      kit.plan.order.length > 0
        ? kit.plan.order.map((pack) => `${pack.id} ${pack.version}`).join(' → ')
        : 'nothing to import',
  });
  if (kit.plan.skipped.length > 0) {
    results.push({
      id: 'skipped',
      title: 'Already imported at the same version (skipped)',
      status: 'pass',
      found: kit.plan.skipped.map((entry) => `${entry.pack.id} ${entry.pack.version}`).join(', '),
    });
  }
  return results;
}

async function isImported(ctx: FlowContext, server: string, pack: ManagementPackFile): Promise<boolean> {
  const installed = await ctx.host.serviceManager.listManagementPacks(server);
  const found = installed.find((candidate) => candidate.id.toLowerCase() === pack.id.toLowerCase());
  return found !== undefined && compareVersions(found.version, pack.version) >= 0;
}

export const importManagementPacksFlow: FlowDefinition<Answers> = {
  id: 'import-management-packs',
  title: 'Import unsealed management packs',
  scenario: 'A management server or its database was restored and lacks the site’s customizations.',
  summary:
    'Checks the kit’s exported packs against their checksums and imports them with Import-SCSMManagementPack, each after the packs it references.',
  source: 'Implement Service Manager disaster recovery: "Import Service Manager unsealed management packs"',
  answers: importManagementPacksPages.answers,
  secretFields: importManagementPacksPages.secretFields,

  unavailableReason: (manifest) =>
    managementServers(manifest).length === 0 ? 'The manifest lists no Service Manager management server.' : null,

  pages: importManagementPacksPages.pages,

  lookups: {
    'kit-folder': async (raw, ctx) => {
      const kit = await readKitFolder(importManagementPacksPages.answers.parse(raw), ctx);
      const checks = folderChecks(kit);
      const failed = checks.filter((check) => check.status === 'fail');
      return {
        ok: failed.length === 0,
        message:
          failed.length > 0
            ? `The folder cannot be imported as it is: ${failed.map((check) => check.found).join('; ')}.`
            : `${kit.plan.order.length} to import, ${kit.plan.skipped.length} already imported.`,
        checks,
      };
    },
  },

  defaults: async (ctx) => {
    const here = (await ctx.host.system.computerName()).toUpperCase();
    const server = managementServers(ctx.manifest).find((candidate) => candidate.netbiosName.toUpperCase() === here);
    const kit = ctx.manifest.recoveryKitPath;
    return {
      server: server?.netbiosName ?? managementServers(ctx.manifest)[0]?.netbiosName ?? '',
      packFolder: kit ? joinWindowsPath(kit, KIT_PACK_FOLDER) : '',
    };
  },

  summarize: (answers, manifest) => [
    { label: 'Management server', value: findServer(manifest, answers.server)?.fqdn ?? answers.server },
    { label: 'Packs from', value: answers.packFolder.trim() },
  ],

  checks: (answers) => [
    {
      id: 'kit-folder',
      title: 'The kit’s packs are intact and can be ordered',
      run: async (ctx) => {
        const results = folderChecks(await readKitFolder(answers, ctx));
        const worst = results.find((result) => result.status === 'fail') ?? results.find((r) => r.status === 'warn');
        if (worst) return { status: worst.status, found: worst.found, remedy: worst.remedy };
        const order = results.find((result) => result.id === 'order');
        const skipped = results.find((result) => result.id === 'skipped');
        return {
          status: 'pass',
          expected: 'intact packs whose references can be met',
          found: `${order?.found ?? ''}${skipped ? `; already imported: ${skipped.found ?? ''}` : ''}`,
        };
      },
    },
  ],

  steps: async (answers, ctx) => {
    const kit = await readKitFolder(answers, ctx);
    return kit.plan.order.map((pack): StepDefinition => ({
      id: `import-${pack.id.toLowerCase()}`,
      title: `Import ${pack.id} ${pack.version}`,
      commands: [describePowerShell(psCalls.importManagementPack(answers.server, pack.file))],
      continueOnFailure: true,
      isDone: (c) => isImported(c, answers.server, pack),
      run: (c, io) => c.host.serviceManager.importManagementPack(answers.server, pack.file, io),
    }));
  },

  verify: (answers) => [
    {
      id: 'imported',
      title: 'Every pack of the folder is in the management group',
      run: async (ctx) => {
        const kit = await readKitFolder(answers, ctx);
        const missing: string[] = [];
        for (const pack of kit.packs) {
          if (!(await isImported(ctx, answers.server, pack))) missing.push(`${pack.id} ${pack.version}`);
        }
        return missing.length === 0
          ? { status: 'pass', expected: `${kit.packs.length} packs`, found: 'all imported' }
          : {
              status: 'fail',
              expected: `${kit.packs.length} packs`,
              found: `missing: ${missing.join(', ')}`,
              remedy: 'Read each failed step’s message, fix the cause and select Retry.',
            };
      },
    } satisfies CheckDefinition,
  ],
};
