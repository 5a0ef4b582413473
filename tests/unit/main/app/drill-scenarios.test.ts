import { describe, expect, it } from 'vitest';
import { drillScenarios } from '../../../../src/main/app/drill-scenarios';
import { buildInitialState, DRILL_SPARE_DESCRIPTION } from '../../../../src/main/host/drill/initial-state';
import { sampleManifest } from '../../support/harness';

const outline = (manifest = sampleManifest()) =>
  Object.fromEntries(
    drillScenarios(manifest).map((scenario) => [
      scenario.id,
      scenario.steps.map((step) =>
        step.kind === 'failure' ? `failure: ${step.faults.map((fault) => fault.kind).join(', ')}` : step.flowId,
      ),
    ]),
  );

describe('the disaster scenarios, from the recovery guides', () => {
  it('lists every scenario with its procedures in the guides’ order', () => {
    expect(outline()).toEqual({
      'primary-lost-promote': [
        'failure: computer-unreachable',
        'promote-management-server',
        'install-additional-management-server',
      ],
      'primary-lost-rebuild': [
        'encryption-key',
        'failure: server-rebuilt',
        'encryption-key',
        'restore-management-server',
        'import-management-packs',
      ],
      'dw-server-lost': ['encryption-key', 'failure: server-rebuilt', 'encryption-key', 'restore-dw-management-server'],
      'sm-sql-lost': ['failure: database-server-rebuilt', 'restore-databases', 'import-management-packs'],
      'orchestrator-sql-lost': [
        'backup-orchestrator',
        'failure: database-server-rebuilt',
        'recover-orchestrator-database',
      ],
      'runbook-server-unreachable': ['failure: computer-unreachable', 'recover-orchestrator-database'],
    });
  });

  it('names the site’s own servers, and the spare computer for a new additional management server', () => {
    const [promote] = drillScenarios(sampleManifest());
    expect(promote?.available).toBe(true);
    expect(promote?.steps.map((step) => step.signIn)).toEqual(['SCSM02', 'SCSM02', 'SCSM04']);
    const rebuild = drillScenarios(sampleManifest()).find((scenario) => scenario.id === 'primary-lost-rebuild');
    expect(
      rebuild?.steps.slice(0, 3).map((step) => (step.kind === 'procedure' ? step.expectedAnswers : undefined)),
    ).toEqual([{ server: 'SCSM01', action: 'backup' }, undefined, { server: 'SCSM01', action: 'restore' }]);
  });

  it('says why a site without the servers a scenario needs cannot rehearse it', () => {
    const manifest = sampleManifest();
    manifest.servers = manifest.servers.filter((server) => !server.roles.includes('sm-additional-management-server'));
    const promote = drillScenarios(manifest).find((scenario) => scenario.id === 'primary-lost-promote');
    expect(promote).toMatchObject({
      available: false,
      steps: [],
      unavailableReason:
        'This site cannot rehearse it: the site needs a primary and an additional Service Manager management server.',
    });
  });

  it('offers every computer of the simulated site to sign in on, the spares with what they are', () => {
    const state = buildInitialState(sampleManifest());
    const scsm04 = state.computers.find((computer) => computer.name === 'SCSM04');
    expect(scsm04?.description).toBe(DRILL_SPARE_DESCRIPTION);
    expect(state.computers.find((computer) => computer.name === 'SCSM01')?.description).toMatch(/primary/i);
    expect(state.computers.every((computer) => computer.description)).toBe(true);
  });
});
