import { sqlStatements, type FileMove } from '../../knowledge/sql/statements';
import { HostError } from '../../knowledge/failures';
import type { SqlStatement } from '../../knowledge/sql/statement';
import * as errors from './sql-server-errors';
import { SIMULATED_TEXTS } from './sql-simulated-texts';
import { literalsOf } from './tsql-batch';

/**
 * The drill's SQL Server answers each statement by its id, so it first makes sure the text is the
 * one knowledge/sql/statements.ts builds for that id: it builds the statement again from the values it was
 * sent (the bound parameters, or the literals where T-SQL takes literals only) and compares. A
 * statement edited by hand, or a builder that changed without the drill, fails here as SQL
 * Server would fail it, instead of passing on its id alone.
 */

type Rebuild = (sent: SqlStatement) => SqlStatement[];

/** A parameter's value as text; undefined when it was not sent. */
export function optionalParamText(sent: SqlStatement, name: string): string | undefined {
  const value = sent.params.find((param) => param.name === name)?.value;
  return value === undefined ? undefined : String(value);
}

/** A parameter's value as text; empty when it was not sent. */
export function paramText(sent: SqlStatement, name: string): string {
  return optionalParamText(sent, name) ?? '';
}

const yesAndNo = [false, true];

/** RESTORE's MOVE @logicalN TO @physicalN, in order, from the parameters sent. */
export function fileMoves(sent: SqlStatement): FileMove[] {
  const moves: FileMove[] = [];
  for (let index = 0; sent.params.some((param) => param.name === `logical${index}`); index += 1) {
    moves.push({ logicalName: paramText(sent, `logical${index}`), physicalName: paramText(sent, `physical${index}`) });
  }
  return moves;
}

/** For each builder, the statements it can build with the values of the one sent (one per option it has). */
const rebuilds: Record<keyof typeof sqlStatements, Rebuild> = {
  serverIdentity: () => [sqlStatements.serverIdentity()],
  listDatabases: () => [sqlStatements.listDatabases()],
  managementGroupInfo: () => [sqlStatements.managementGroupInfo()],
  workflowServer: () => [sqlStatements.workflowServer()],
  procedureExists: (sent) => [sqlStatements.procedureExists(paramText(sent, 'procedure'))],
  promoteActiveWorkflowServer: (sent) => [sqlStatements.promoteActiveWorkflowServer(paramText(sent, 'fqdn'))],
  serverFacts: () => [sqlStatements.serverFacts()],
  databaseStates: () => [sqlStatements.databaseStates()],
  backupHeader: (sent) => [sqlStatements.backupHeader(paramText(sent, 'path'))],
  backupFileList: (sent) => [sqlStatements.backupFileList(paramText(sent, 'path'))],
  verifyBackup: (sent) => [sqlStatements.verifyBackup(paramText(sent, 'path'))],
  pathExists: (sent) => [sqlStatements.pathExists(paramText(sent, 'path'))],
  fixedDrives: () => [sqlStatements.fixedDrives()],
  copyOnlyBackup: (sent) =>
    yesAndNo.map((compression) =>
      sqlStatements.copyOnlyBackup(paramText(sent, 'database'), paramText(sent, 'path'), {
        compression,
        description: optionalParamText(sent, 'description'),
      }),
    ),
  tailLogBackup: (sent) => [
    sqlStatements.tailLogBackup(paramText(sent, 'database'), paramText(sent, 'path'), {
      description: optionalParamText(sent, 'description'),
    }),
  ],
  backupsDescribed: (sent) => [
    sqlStatements.backupsDescribed(paramText(sent, 'database'), paramText(sent, 'description')),
  ],
  restoredSince: (sent) => [
    sqlStatements.restoredSince(
      paramText(sent, 'database'),
      paramText(sent, 'path'),
      Number(paramText(sent, 'ageMilliseconds')),
    ),
  ],
  serverServices: () => [sqlStatements.serverServices()],
  serviceMasterKeyChangedSince: (sent) => [
    sqlStatements.serviceMasterKeyChangedSince(Number(paramText(sent, 'ageMilliseconds'))),
  ],
  recordedScriptBatch: (sent) => [
    sqlStatements.recordedScriptBatch(paramText(sent, 'batch'), paramText(sent, 'marker'), paramText(sent, 'progress')),
  ],
  scriptProgress: (sent) => [sqlStatements.scriptProgress(paramText(sent, 'marker'))],
  restoreDatabase: (sent) =>
    yesAndNo.map((replace) =>
      sqlStatements.restoreDatabase(paramText(sent, 'database'), paramText(sent, 'path'), {
        replace,
        moves: fileMoves(sent),
      }),
    ),
  databaseState: (sent) => [sqlStatements.databaseState(paramText(sent, 'database'))],
  enableClr: () => [sqlStatements.enableClr()],
  renameServer: (sent) => [sqlStatements.renameServer(paramText(sent, 'stale'), paramText(sent, 'current'))],
  localServerName: () => [sqlStatements.localServerName()],
  checkDatabase: (sent) => [sqlStatements.checkDatabase(paramText(sent, 'database'))],
  dropDatabase: (sent) => [sqlStatements.dropDatabase(paramText(sent, 'database'))],
  setDatabaseOffline: (sent) => [sqlStatements.setDatabaseOffline(paramText(sent, 'database'))],
  setDatabaseMultiUser: (sent) => [sqlStatements.setDatabaseMultiUser(paramText(sent, 'database'))],
  databaseSessionHosts: (sent) => [sqlStatements.databaseSessionHosts(paramText(sent, 'database'))],
  backupServiceMasterKey: (sent) => {
    const [path = '', password = ''] = literalsOf(sent.text);
    return [sqlStatements.backupServiceMasterKey(path, password)];
  },
  restoreServiceMasterKey: (sent) => {
    const [path = '', password = ''] = literalsOf(sent.text);
    return yesAndNo.map((force) => sqlStatements.restoreServiceMasterKey(path, password, force));
  },
  // A batch of the kit's permissions script is the script's own text; tsql-batch.ts reads it.
  scriptBatch: (sent) => [sqlStatements.scriptBatch(sent.text)],
  // Preparing the recovery kit: statements without values.
  registeredManagementServers: () => [sqlStatements.registeredManagementServers()],
  registeredDataWarehouseServer: () => [sqlStatements.registeredDataWarehouseServer()],
  workItemRetention: () => [sqlStatements.workItemRetention()],
  orchestratorRunbookServers: () => [sqlStatements.orchestratorRunbookServers()],
  orchestratorManagementServers: () => [sqlStatements.orchestratorManagementServers()],
  orchestratorCheckedOutRunbooks: () => [sqlStatements.orchestratorCheckedOutRunbooks()],
  serverLogins: () => [sqlStatements.serverLogins()],
  serverRoleMembers: () => [sqlStatements.serverRoleMembers()],
  serverPermissions: () => [sqlStatements.serverPermissions()],
  databaseUsers: () => [sqlStatements.databaseUsers()],
  databaseRoles: () => [sqlStatements.databaseRoles()],
  databaseRoleMembers: () => [sqlStatements.databaseRoleMembers()],
  databasePermissions: () => [sqlStatements.databasePermissions()],
};

/** Values for building each statement once, to learn its id: a builder may refuse an empty one. */
const PROBE: SqlStatement = {
  id: '',
  text: '',
  params: ['procedure', 'fqdn', 'path', 'database', 'stale', 'current'].map((name) => ({
    name,
    type: 'nvarchar',
    value: name,
  })),
};

type BuilderName = keyof typeof sqlStatements;

/** Each builder by the id of its statements, found by building it once: the ids live in the builders. */
const builderById = new Map(
  (Object.keys(rebuilds) as BuilderName[]).map((name) => [rebuilds[name](PROBE)[0]?.id ?? '', name]),
);

/**
 * Fails the way SQL Server would when the text is not what the builder of its id makes of these
 * values; refuses to simulate a statement whose builder no longer builds what the drill simulates.
 */
export function checkStatementText(sent: SqlStatement): void {
  const builder = builderById.get(sent.id);
  if (!builder) throw new HostError('unsupported', `The drill does not simulate the statement "${sent.id}".`);
  const candidates = rebuilt(builder, sent);
  const sameText = candidates.find((candidate) => candidate.text === sent.text);
  if (!sameText) {
    const matching = Math.max(0, ...candidates.map((candidate) => commonPrefix(sent.text, candidate.text)));
    throw errors.statementTextDiffers(sent.id, sent.text, matching);
  }
  for (const expected of sameText.params) {
    const param = sent.params.find((candidate) => candidate.name === expected.name);
    if (!param) throw errors.undeclaredVariable(expected.name);
    if (param.type !== expected.type) throw errors.operandTypeClash(param.type, expected.type);
  }
  const text = sent.text.replace(/\s+/g, ' ').trim();
  const unlike = SIMULATED_TEXTS[builder].find((pattern) => !pattern.test(text));
  if (unlike) {
    throw new HostError(
      'unsupported',
      `The drill does not simulate this "${sent.id}" statement: its simulation expects /${unlike.source}/, ` +
        'which knowledge/sql/statements.ts no longer builds. Change sql-simulated-texts.ts and the simulation with the statement.',
    );
  }
}

/** A text no builder can make (a literal holding NUL, which sqlStringLiteral refuses) has no candidates. */
function rebuilt(builder: BuilderName, sent: SqlStatement): SqlStatement[] {
  try {
    return rebuilds[builder](sent);
  } catch {
    return [];
  }
}

function commonPrefix(a: string, b: string): number {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
  return index;
}
