import type { DrillScenario, DrillScenarioStep } from '../../shared/drill-contract';
import {
  findDatabase,
  serversWithRole,
  sqlServerDisplayName,
  type ManifestServer,
  type SiteManifest,
} from '../../shared/manifest';
import { DRILL_SPARE_COMPUTER } from '../host/drill/initial-state';

/**
 * The disaster scenarios a drill rehearses: what has happened, and the procedures the recovery
 * guides give for it, in their order and with why. They are built from the site's manifest, so a
 * drill from a kit names the site's own servers. A scenario whose servers the site lacks says so.
 */

const IMPLEMENT = 'Implement Service Manager disaster recovery';
const SM_2016 = 'Disaster recovery for System Center 2016 - Service Manager';
const OVERVIEW = 'Disaster Recovery Scenarios Overview';
const ORCHESTRATOR = 'Orchestrator: Recover a database';

type Procedure = Extract<DrillScenarioStep, { kind: 'procedure' }>;
type Failure = Extract<DrillScenarioStep, { kind: 'failure' }>;

const procedure = (step: Omit<Procedure, 'kind' | 'beforeFailure'> & { beforeFailure?: boolean }): Procedure => ({
  kind: 'procedure',
  beforeFailure: false,
  ...step,
});
const failure = (step: Omit<Failure, 'kind'>): Failure => ({ kind: 'failure', ...step });

interface Definition {
  id: string;
  title: string;
  sources: string[];
  /** The scenario's situation and steps, or why this site cannot rehearse it. */
  build(manifest: SiteManifest): { situation: string; steps: DrillScenarioStep[] } | string;
}

const first = (manifest: SiteManifest, role: ManifestServer['roles'][number]) => serversWithRole(manifest, role)[0];

/** The key backup the guides ask for on every management server, done before the failure as a real site would have. */
function keyBackupBeforeFailure(server: string): Procedure {
  return procedure({
    flowId: 'encryption-key',
    title: `Before the failure: back up ${server}’s encryption key to the recovery kit`,
    why: `The guides ask for every management server’s encryption key to be backed up, as each server’s key is its own. Choose ${server} and Backup; keep the password: the restore asks for it.`,
    signIn: server,
    expectedAnswers: { server, action: 'backup' },
    beforeFailure: true,
  });
}

function keyRestore(server: string): Procedure {
  return procedure({
    flowId: 'encryption-key',
    title: `Restore ${server}’s encryption key`,
    why: `The key comes back before Setup runs, never after: Setup on a server without its key cannot read what the database keeps encrypted. Choose ${server}, Restore, and the key file backed up before the failure.`,
    signIn: server,
    expectedAnswers: { server, action: 'restore' },
  });
}

function rebuilt(server: string, what: string): Failure {
  return failure({
    title: `${server} fails and is rebuilt under the same name`,
    why: `The guides recover a management server on a new computer given the failed one’s name: Windows and the installation media are back on ${server}; ${what}, its encryption key and its services are gone.`,
    faults: [{ kind: 'server-rebuilt', computer: server }],
    signIn: server,
  });
}

const DEFINITIONS: Definition[] = [
  {
    id: 'primary-lost-promote',
    title: 'The primary management server is lost: promote an additional one',
    sources: [SM_2016, IMPLEMENT, OVERVIEW],
    build(manifest) {
      const primary = first(manifest, 'sm-primary-management-server');
      const additional = first(manifest, 'sm-additional-management-server');
      if (!primary || !additional)
        return 'the site needs a primary and an additional Service Manager management server.';
      return {
        situation: `${primary.netbiosName}, the management server that runs the workflows, has failed and does not answer. No replacement computer is ready yet, so ${additional.netbiosName}, an additional management server, takes over its role; a new additional server joins when a computer is available.`,
        steps: [
          failure({
            title: `${primary.netbiosName} stops answering`,
            why: 'The failure the scenario rehearses: the primary management server is off the network.',
            faults: [{ kind: 'computer-unreachable', computer: primary.netbiosName }],
            signIn: additional.netbiosName,
          }),
          procedure({
            flowId: 'promote-management-server',
            title: `Promote ${additional.netbiosName}`,
            why: `Promoting is the quicker way back when no replacement computer can be brought up soon. Choose ${additional.netbiosName}: its services stop, its Health Service State folder goes, p_PromoteActiveWorkflowServer names it the workflow server, its services start.`,
            signIn: additional.netbiosName,
            expectedAnswers: { server: additional.netbiosName },
          }),
          procedure({
            flowId: 'install-additional-management-server',
            title: `Install an additional management server on ${DRILL_SPARE_COMPUTER}`,
            why: `Once a replacement computer is available, the management group gets its second management server back. ${DRILL_SPARE_COMPUTER} is the drill’s spare computer, with Windows and the media only: sign in on it, and Setup joins it to the management group with the existing database.`,
            signIn: DRILL_SPARE_COMPUTER,
          }),
        ],
      };
    },
  },
  {
    id: 'primary-lost-rebuild',
    title: 'The primary management server is lost: rebuild it under the same name',
    sources: [SM_2016, IMPLEMENT, OVERVIEW],
    build(manifest) {
      const primary = first(manifest, 'sm-primary-management-server');
      if (!primary) return 'the site needs a primary Service Manager management server.';
      const name = primary.netbiosName;
      return {
        situation: `${name}, the management server that runs the workflows, has failed. No additional server is to take over: ${name} is rebuilt on a new computer under the same name, its key restored, Setup run against the existing database, and the site’s unsealed management packs imported.`,
        steps: [
          keyBackupBeforeFailure(name),
          rebuilt(name, 'Service Manager'),
          keyRestore(name),
          procedure({
            flowId: 'restore-management-server',
            title: `Restore the management server on ${name} with Setup.exe`,
            why: 'Setup installs the management server on the rebuilt computer with Use an existing database: the management group and its data are in the ServiceManager database.',
            signIn: name,
            expectedAnswers: { server: name },
          }),
          procedure({
            flowId: 'import-management-packs',
            title: 'Import the unsealed management packs from the kit',
            why: 'Unsealed management packs are the site’s own customizations: once the management server is back, the ones exported to the kit are imported.',
            signIn: name,
          }),
        ],
      };
    },
  },
  {
    id: 'dw-server-lost',
    title: 'The data warehouse management server is lost',
    sources: [SM_2016, IMPLEMENT, OVERVIEW],
    build(manifest) {
      const dw = first(manifest, 'dw-management-server');
      if (!dw) return 'the site has no data warehouse management server.';
      const name = dw.netbiosName;
      return {
        situation: `${name}, the data warehouse management server, has failed. The guides give one way back for it, never a promotion: a new computer with the same name, its own encryption key restored, then Setup against the existing data warehouse databases.`,
        steps: [
          keyBackupBeforeFailure(name),
          rebuilt(name, 'the data warehouse management server'),
          keyRestore(name),
          procedure({
            flowId: 'restore-dw-management-server',
            title: `Restore the data warehouse management server on ${name}`,
            why: 'Setup installs the data warehouse management server with the existing Staging and Configuration database, the original reporting server URL and the same accounts; Setup’s own wizard takes the values page by page.',
            signIn: name,
            expectedAnswers: { server: name },
          }),
        ],
      };
    },
  },
  {
    id: 'sm-sql-lost',
    title: 'The Service Manager SQL Server is lost',
    sources: [IMPLEMENT, SM_2016, OVERVIEW],
    build(manifest) {
      const db = findDatabase(manifest, 'ServiceManager');
      if (!db) return 'the site manifest names no ServiceManager database.';
      const server = sqlServerDisplayName(db);
      return {
        situation: `The computer that hosts the ${db.name} database, ${server}, has failed. It is rebuilt with the same computer name and the same instance name, as the guides require, and the database is restored from the recovery kit.`,
        steps: [
          failure({
            title: `${server} is rebuilt: SQL Server without the site’s databases`,
            why: 'The failure the scenario rehearses: Windows and SQL Server were reinstalled under the same names, with system databases only, CLR off and none of the site’s logins.',
            faults: [{ kind: 'database-server-rebuilt', server }],
          }),
          procedure({
            flowId: 'restore-databases',
            title: `Restore ${db.name} on ${server}`,
            why: 'The database is restored under the original instance name, then the permissions script made with the kit runs: a restored database brings back its users, not the server logins they belong to.',
          }),
          procedure({
            flowId: 'import-management-packs',
            title: 'Import the unsealed management packs from the kit',
            why: 'The database comes back as it was when its backup was taken; unsealed management packs changed since then are in the kit. Packs already there at the same version are skipped.',
          }),
        ],
      };
    },
  },
  {
    id: 'orchestrator-sql-lost',
    title: 'The Orchestrator SQL Server is lost',
    sources: [ORCHESTRATOR],
    build(manifest) {
      const db = findDatabase(manifest, 'Orchestrator');
      if (!db) return 'the site manifest names no Orchestrator database.';
      const server = sqlServerDisplayName(db);
      return {
        situation: `${server}, the SQL Server of the Orchestrator database, has failed and is reinstalled under the same name. Its new service master key cannot open the database’s encryption key: the key backed up beforehand must be restored first.`,
        steps: [
          procedure({
            flowId: 'backup-orchestrator',
            title: `Before the failure: back up ${server}’s service master key and the Orchestrator database`,
            why: 'The service master key is backed up once per SQL Server, then the database. Keep the key file’s password: the recovery asks for it.',
            beforeFailure: true,
          }),
          failure({
            title: `${server} is rebuilt with a new service master key`,
            why: 'The failure the scenario rehearses: SQL Server reinstalled under the same name, without the Orchestrator database, with a service master key of its own.',
            faults: [{ kind: 'database-server-rebuilt', server }],
          }),
          procedure({
            flowId: 'recover-orchestrator-database',
            title: `Recover the Orchestrator database on ${server}`,
            why: 'On the same server with a changed service master key, the key backed up before the failure is restored first: choose the same server with a changed service master key. Then the database, DBSetup on the management server and every runbook server, and the web components.',
          }),
        ],
      };
    },
  },
  {
    id: 'runbook-server-unreachable',
    title: 'A runbook server does not answer during the recovery',
    sources: [ORCHESTRATOR],
    build(manifest) {
      const db = findDatabase(manifest, 'Orchestrator');
      const runbook = serversWithRole(manifest, 'orchestrator-runbook-server')
        .filter((server) => !server.roles.includes('orchestrator-management-server'))
        .at(-1);
      if (!db || !runbook) return 'the site needs an Orchestrator database and a runbook server of its own.';
      const server = sqlServerDisplayName(db);
      const name = runbook.netbiosName;
      return {
        situation: `The Orchestrator database must be restored from the kit’s backup onto ${server}, whose service master key is unchanged. While the recovery runs, ${name} is off the network.`,
        steps: [
          failure({
            title: `${name} stops answering`,
            why: 'The failure the scenario rehearses: one runbook server of many is powered off or cut off.',
            faults: [{ kind: 'computer-unreachable', computer: name }],
          }),
          procedure({
            flowId: 'recover-orchestrator-database',
            title: `Recover the Orchestrator database on ${server}, then bring ${name} back`,
            why: `Every runbook server needs the Data Store Configuration utility run against the restored database. The checks warn that ${name} does not answer: acknowledge it. Its step fails while the other servers finish; restart ${name} from the drill panel, as someone at the server would, and select Retry: only its step runs again.`,
          }),
        ],
      };
    },
  },
];

export function drillScenarios(manifest: SiteManifest): DrillScenario[] {
  return DEFINITIONS.map((definition) => {
    const built = definition.build(manifest);
    const common = { id: definition.id, title: definition.title, sources: definition.sources };
    if (typeof built === 'string') {
      return {
        ...common,
        situation: '',
        available: false,
        unavailableReason: `This site cannot rehearse it: ${built}`,
        steps: [],
      };
    }
    return { ...common, ...built, available: true };
  });
}
