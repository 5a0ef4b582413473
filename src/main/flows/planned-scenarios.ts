import type { FlowSummary } from '../../shared/run-contract';

/**
 * Recovery scenarios of the guides (seed 004 for Orchestrator) that have
 * no flow in this version. The start page lists them so an operator sees the whole map and is
 * told plainly to follow the documented procedure for these.
 */
const NOT_YET = 'this version of the wizard does not guide it yet; follow the documented procedure.';

export const plannedScenarios: FlowSummary[] = [
  {
    id: 'recover-orchestrator-database',
    title: 'Recover the Orchestrator database',
    scenario: 'The Orchestrator database or its SQL Server is lost.',
    summary:
      'Restore the service master key where needed and the database, then point the management server, every runbook server and the web components at it.',
    source: 'Orchestrator: "Recover a database"',
    available: false,
    unavailableReason: NOT_YET,
  },
];
