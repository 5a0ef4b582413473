import {
  findDatabase,
  findServer,
  SERVER_ROLE_LABELS,
  serversWithRole,
  sqlServerDisplayName,
  type SiteManifest,
} from '../../../shared/manifest';
import {
  promoteManagementServerPages,
  type PromoteManagementServerAnswers,
} from '../../../shared/procedures/promote-management-server';
import { formatSqlServerName } from '../../../shared/sql-server-name';
import { describePowerShell, describeSql, psCalls } from '../../knowledge/commands';
import {
  SERVICE_TIMEOUT_SECONDS,
  SM_CONSOLE_PROCESS,
  SM_SERVICES,
  SM_SETUP_REGISTRY_KEY,
} from '../../knowledge/service-manager/facts';
import { sqlStatements } from '../../knowledge/sql/statements';
import { joinWindowsPath } from '../../knowledge/windows/paths';
import { AnswerError, OperatorError } from '../../engine/errors';
import type { CheckDefinition, FlowContext, FlowDefinition, StepDefinition } from '../../engine/flow-types';
import { excerpt } from '../../../shared/validation/display-escape';
import { readingAnswer } from '../common/answer-reads';
import { sqlTarget } from '../common/sql-connection';
import { describeWorkflowServers, readWorkflowServers, runsTheWorkflows } from './workflow-server';

/**
 * "Implement Service Manager disaster recovery", "Promote a Service Manager management server": an additional management server
 * takes over the workflows of a failed primary. Stop its three services, delete its Health
 * Service State, name it the active workflow server in the ServiceManager database, start the
 * services again.
 */

type Answers = PromoteManagementServerAnswers;

const PROMOTE_PROCEDURE = 'dbo.p_PromoteActiveWorkflowServer';

function chosenServer(answers: Answers, manifest: SiteManifest) {
  const server = findServer(manifest, answers.server);
  if (!server) {
    throw new AnswerError('server', `${excerpt(answers.server)} is not a server of this site's manifest.`);
  }
  return server;
}

async function installDirectory(ctx: FlowContext, computer: string): Promise<string> {
  const value = await ctx.host.registry.readValue(computer, SM_SETUP_REGISTRY_KEY, 'InstallDirectory');
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new OperatorError(
      `${computer} has no InstallDirectory value under ${SM_SETUP_REGISTRY_KEY}: is Service Manager installed there?`,
    );
  }
  return value;
}

function serviceSteps(computer: string, action: 'stop' | 'start'): StepDefinition[] {
  return SM_SERVICES.map((service) => {
    const call = (action === 'stop' ? psCalls.stopService : psCalls.startService)(
      computer,
      service.displayName,
      SERVICE_TIMEOUT_SECONDS,
    );
    const wanted = action === 'stop' ? 'Stopped' : 'Running';
    return {
      id: `${action}-${service.name.toLowerCase()}`,
      title: `${action === 'stop' ? 'Stop' : 'Start'} ${service.displayName}`,
      commands: [describePowerShell(call)],
      isDone: async (ctx) => (await ctx.host.services.find(computer, service.displayName))?.status === wanted,
      run: (ctx, io) =>
        action === 'stop'
          ? ctx.host.services.stop(computer, service.displayName, SERVICE_TIMEOUT_SECONDS, io)
          : ctx.host.services.start(computer, service.displayName, SERVICE_TIMEOUT_SECONDS, io),
    };
  });
}

function serviceChecks(computer: string, wanted: 'Running', idPrefix: string): CheckDefinition[] {
  return SM_SERVICES.map((service) => ({
    id: `${idPrefix}-${service.name.toLowerCase()}`,
    title: `${service.displayName} is running on ${computer}`,
    run: async (ctx) => {
      const found = await ctx.host.services.find(computer, service.displayName);
      return found?.status === wanted
        ? { status: 'pass', expected: wanted, found: found.status }
        : {
            status: 'fail',
            expected: wanted,
            found: found ? found.status : 'not installed',
            remedy: `Start ${service.displayName} in services.msc on ${computer} and look at the Operations Manager event log if it stops again.`,
          };
    },
  }));
}

export const promoteManagementServerFlow: FlowDefinition<Answers> = {
  id: 'promote-management-server',
  title: 'Promote a Service Manager management server',
  scenario: 'The primary Service Manager management server is lost and an additional management server exists.',
  summary:
    'An additional management server takes over the workflows. Install a new additional server later, when a replacement computer is ready.',
  source: 'Implement Service Manager disaster recovery: "Promote a Service Manager management server"',
  answers: promoteManagementServerPages.answers,
  secretFields: promoteManagementServerPages.secretFields,

  unavailableReason: (manifest) =>
    serversWithRole(manifest, 'sm-additional-management-server').length === 0
      ? 'The manifest lists no additional Service Manager management server that could be promoted.'
      : null,

  pages: promoteManagementServerPages.pages,

  // Shown only once the verification passed: the database then names this server.
  completionNote: (answers) =>
    `${answers.server} runs the workflows now, as the ServiceManager database says (see the verification). The manifest names it the primary management server and lists the former primary as an additional one; the previous manifest is kept beside it. Copy the manifest into the recovery kit.`,

  defaults: async ({ manifest }) => {
    const db = findDatabase(manifest, 'ServiceManager');
    const additional = serversWithRole(manifest, 'sm-additional-management-server');
    return {
      server: additional.length === 1 && additional[0] ? additional[0].netbiosName : '',
      sqlServer: db ? sqlServerDisplayName(db) : '',
      database: db?.name ?? 'ServiceManager',
    };
  },

  summarize: (answers, manifest) => [
    {
      label: 'Server to promote',
      value: `${answers.server} (${findServer(manifest, answers.server)?.fqdn ?? 'not in the manifest'})`,
    },
    { label: 'Service Manager database', value: `${answers.sqlServer} / ${answers.database}` },
  ],

  checks: (answers) => [
    {
      id: 'server-role',
      title: 'The server is an additional Service Manager management server',
      run: async (ctx) => {
        const server = findServer(ctx.manifest, answers.server);
        const expected = SERVER_ROLE_LABELS['sm-additional-management-server'];
        if (!server) {
          return {
            status: 'fail',
            expected,
            found: `${answers.server} is not in the manifest`,
            remedy: 'Choose a server from the list.',
          };
        }
        const found = server.roles.map((role) => SERVER_ROLE_LABELS[role]).join(', ');
        if (server.roles.includes('sm-additional-management-server')) return { status: 'pass', expected, found };
        // The run being resumed promoted it and recorded it in the manifest before it was interrupted.
        if (ctx.run?.resumed && server.roles.includes('sm-primary-management-server')) {
          return { status: 'pass', expected, found: `${found}, recorded by this run before it was interrupted` };
        }
        const remedy = server.roles.includes('dw-management-server')
          ? 'The data warehouse management server cannot be promoted. Choose an additional Service Manager management server.'
          : 'Choose an additional Service Manager management server.';
        return { status: 'fail', expected, found, remedy };
      },
    },
    {
      id: 'console-closed',
      title: 'The Service Manager console is closed on the server',
      run: async (ctx) => {
        const processes = await ctx.host.processes.find(answers.server, SM_CONSOLE_PROCESS);
        if (processes.length === 0) return { status: 'pass', expected: 'not running', found: 'not running' };
        return {
          status: 'fail',
          expected: 'not running',
          found: processes.map((p) => `running as process ${p.id}${p.user ? ` for ${p.user}` : ''}`).join('; '),
          remedy: `Close the Service Manager console on ${answers.server} (every signed-in user), or end ${SM_CONSOLE_PROCESS}.exe in Task Manager, then select Check again.`,
        };
      },
    },
    {
      id: 'services-present',
      title: 'The three Service Manager services are installed on the server',
      run: async (ctx) => {
        const found = await Promise.all(SM_SERVICES.map((s) => ctx.host.services.find(answers.server, s.displayName)));
        const missing = SM_SERVICES.filter((_, index) => !found[index]).map((s) => s.displayName);
        const expected = SM_SERVICES.map((s) => s.displayName).join(', ');
        if (missing.length === 0) {
          return {
            status: 'pass',
            expected,
            found: found.map((s) => (s ? `${s.displayName}: ${s.status}` : '')).join(', '),
          };
        }
        return {
          status: 'fail',
          expected,
          found: `missing: ${missing.join(', ')}`,
          remedy: `Check that ${answers.server} is a Service Manager management server.`,
        };
      },
    },
    {
      id: 'install-directory',
      title: 'The Service Manager install folder is registered',
      run: async (ctx) => ({
        status: 'pass',
        expected: `InstallDirectory under ${SM_SETUP_REGISTRY_KEY}`,
        found: await installDirectory(ctx, answers.server),
      }),
    },
    {
      id: 'database-reachable',
      title: 'The Service Manager database answers',
      run: async (ctx) => {
        const target = sqlTarget(answers.sqlServer, answers.database);
        const identity = await ctx.host.sql.execute(target, sqlStatements.serverIdentity());
        return {
          status: 'pass',
          expected: `${formatSqlServerName(target.server)} / ${target.database}`,
          found: `connected to ${String(identity.rows[0]?.serverName ?? formatSqlServerName(target.server))}`,
        };
      },
    },
    {
      id: 'database-procedure',
      title: `The database holds ${PROMOTE_PROCEDURE}`,
      run: async (ctx) => {
        const result = await ctx.host.sql.execute(
          sqlTarget(answers.sqlServer, answers.database),
          sqlStatements.procedureExists(PROMOTE_PROCEDURE),
        );
        return Number(result.rows[0]?.present) === 1
          ? { status: 'pass', expected: 'present', found: 'present' }
          : {
              status: 'fail',
              expected: 'present',
              found: 'missing',
              remedy: 'This does not look like the ServiceManager database: check the database server and name.',
            };
      },
    },
    {
      id: 'database-matches-manifest',
      title: 'The database is the one the manifest names',
      run: async (ctx) => {
        const db = findDatabase(ctx.manifest, 'ServiceManager');
        const expected = db ? `${sqlServerDisplayName(db)} / ${db.name}` : 'a ServiceManager entry in the manifest';
        const found = `${answers.sqlServer} / ${answers.database}`;
        return db && expected.toLowerCase() === found.toLowerCase()
          ? { status: 'pass', expected, found }
          : {
              status: 'warn',
              expected,
              found,
              remedy: 'Continue only if the ServiceManager database has moved since the manifest was written.',
            };
      },
    },
  ],

  steps: async (answers, ctx) => {
    const server = chosenServer(answers, ctx.manifest);
    const computer = server.netbiosName;
    const fqdn = server.fqdn;
    const healthServiceState = joinWindowsPath(
      await readingAnswer('server', () => installDirectory(ctx, computer)),
      'Health Service State',
    );
    const target = sqlTarget(answers.sqlServer, answers.database);
    const promote = sqlStatements.promoteActiveWorkflowServer(fqdn);
    return [
      ...serviceSteps(computer, 'stop'),
      {
        id: 'delete-health-service-state',
        title: 'Delete the Health Service State folder',
        commands: [describePowerShell(psCalls.removeDirectory(computer, healthServiceState))],
        destructive: {
          warning: `Deletes ${healthServiceState} on ${computer} and everything in it. The Microsoft Monitoring Agent builds a new one when it starts.`,
          confirmWord: 'DELETE',
        },
        isDone: async (c) => !(await c.host.files.exists(computer, healthServiceState)),
        run: async (c, io) => {
          // Deleting while any of the services runs would corrupt the agent's state, so check again here.
          const states = await Promise.all(SM_SERVICES.map((s) => c.host.services.find(computer, s.displayName)));
          const running = states
            .filter((s) => s && s.status !== 'Stopped')
            .map((s) => `${s?.displayName} (${s?.status})`);
          if (running.length > 0) {
            throw new OperatorError(
              `Not deleted: these services are not stopped on ${computer}: ${running.join(', ')}.`,
            );
          }
          await c.host.files.removeDirectory(computer, healthServiceState, io);
        },
      },
      {
        id: 'promote-active-workflow-server',
        title: `Make ${fqdn} the active workflow server`,
        commands: [describeSql(target, promote)],
        isDone: async (c) => runsTheWorkflows(await readWorkflowServers(c, target), server),
        run: async (c, io) => {
          io.output(`Running ${PROMOTE_PROCEDURE} on ${formatSqlServerName(target.server)} / ${target.database}...`);
          const result = await c.host.sql.execute(target, promote, io);
          if (result.messages.length === 0) io.output('The procedure completed.');
        },
      },
      {
        id: 'record-primary-in-manifest',
        title: `Record ${computer} as the primary management server in the manifest`,
        commands: [describeSql(target, sqlStatements.workflowServer())],
        isDone: async (c) => findServer(c.manifest, computer)?.roles.includes('sm-primary-management-server') === true,
        run: async (c, io) => {
          const names = await readWorkflowServers(c, target);
          if (!runsTheWorkflows(names, server)) {
            throw new OperatorError(
              `The ServiceManager database names ${describeWorkflowServers(names)} as the server that runs the workflows, not ${computer}: the manifest is left as it is. Run the promotion again (Retry from "Make ${fqdn} the active workflow server") or look at the Operations Manager event log on ${computer}.`,
            );
          }
          io.output(
            `The ServiceManager database names ${describeWorkflowServers(names)} as the server that runs the workflows.`,
          );
          const former = serversWithRole(c.manifest, 'sm-primary-management-server')
            .map((candidate) => candidate.netbiosName)
            .filter((name) => name.toUpperCase() !== computer.toUpperCase());
          await c.manifestStore.recordPrimary(computer);
          io.output(
            `The manifest now names ${computer} the primary management server${
              former.length > 0 ? `; ${former.join(', ')} is listed as an additional management server` : ''
            }. The previous manifest is kept beside it.`,
          );
        },
      },
      ...serviceSteps(computer, 'start'),
    ];
  },

  verify: (answers, ctx) => [
    workflowServerCheck(answers, ctx),
    ...serviceChecks(answers.server, 'Running', 'verify-running'),
  ],
};

/** Completion says which server runs the workflows, as the database itself says it. */
function workflowServerCheck(answers: Answers, ctx: FlowContext): CheckDefinition {
  const server = chosenServer(answers, ctx.manifest);
  const target = sqlTarget(answers.sqlServer, answers.database);
  const expected = `${server.netbiosName} (${server.fqdn})`;
  return {
    id: 'workflow-server',
    title: `The ServiceManager database names ${server.netbiosName} as the server that runs the workflows`,
    run: async (c) => {
      const names = await readWorkflowServers(c, target);
      const found = describeWorkflowServers(names);
      return runsTheWorkflows(names, server)
        ? { status: 'pass', expected, found }
        : {
            status: 'fail',
            expected,
            found,
            remedy: `Run ${PROMOTE_PROCEDURE} again with ${server.fqdn} (Retry), then look at the Operations Manager event log on ${server.netbiosName}.`,
          };
    },
  };
}
