import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../src/main/app/dispatch';
import { createWizardCore } from '../../../../src/main/app/wizard-core';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../../support/harness';

function core() {
  return createWizardCore({
    host: 'browser',
    version: 'test',
    dataDirectory: tempDirectory('core'),
    drillManifestPath: SAMPLE_MANIFEST_PATH,
    drillSpeed: 1000,
    realModeUnavailableReason: 'not here',
    emit: () => undefined,
  });
}

describe('dispatch', () => {
  it('refuses a channel that is not in the map', async () => {
    expect(await dispatch(core().handlers, 'shell:open', {})).toEqual({
      ok: false,
      error: { message: 'Refused: "shell:open" is not a wizard call.' },
    });
    expect((await dispatch(core().handlers, 'constructor', {})).ok).toBe(false);
  });

  it('refuses a payload that does not match the channel schema, saying what is wrong', async () => {
    const envelope = await dispatch(core().handlers, 'flow:describe', { flowId: 'format-c-drive' });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok)
      expect(envelope.error.message).toMatch(/^Refused: the request for flow:describe is not valid \(flowId: /);
    const abandon = await dispatch(core().handlers, 'run:abandon', { runId: '../../etc/passwd', reason: '' });
    expect(abandon.ok).toBe(false);
    if (!abandon.ok) {
      expect(abandon.error.message).toContain('runId: not a run id');
      expect(abandon.error.message).toContain('reason: say why the run is abandoned');
    }
  });

  it('answers valid calls and turns operator errors into messages', async () => {
    const handlers = core().handlers;
    const flows = await dispatch(handlers, 'flows:list', undefined);
    expect(flows.ok && Array.isArray(flows.value)).toBe(true);
    expect(await dispatch(handlers, 'site:use-real', { manifestPath: '/kit/site.json' })).toEqual({
      ok: false,
      error: { message: 'not here', details: undefined },
    });
    const described = await dispatch(handlers, 'flow:describe', { flowId: 'promote-management-server' });
    expect(described).toMatchObject({
      ok: true,
      value: { defaults: { server: '', sqlServer: 'SQLSM01\\SCSM', database: 'ServiceManager' } },
    });
  });
});
