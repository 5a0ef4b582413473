import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlowDescription, FlowId } from '../../../../src/shared/run-contract';

/**
 * The store against a host whose answers the test gives one by one, in the order a slow site or
 * a quick operator would: the host stands in for main, the store's logic is what runs.
 */
interface HeldCall {
  channel: string;
  payload: unknown;
  answer: (value: unknown) => void;
}
const held: HeldCall[] = [];
vi.mock('../../../../src/renderer/src/wizard-api', () => ({
  wizardApi: {
    call: (channel: string, payload: unknown) => new Promise((answer) => held.push({ channel, payload, answer })),
    on: () => () => undefined,
  },
}));
const { useWizardStore } = await import('../../../../src/renderer/src/store/wizard-store');
const { loadPageRules } = await import('../../../../src/renderer/src/store/flow-answers');

const FLOW: FlowId = 'verify-kit';
const settle = async () => {
  for (let round = 0; round < 10; round += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

async function answer(channel: string, value: unknown): Promise<void> {
  await settle();
  const index = held.findIndex((call) => call.channel === channel);
  if (index < 0)
    throw new Error(`no ${channel} call is waiting (waiting: ${held.map((call) => call.channel).join(', ')})`);
  const [call] = held.splice(index, 1);
  call?.answer(value);
  await settle();
}

function description(site: string): FlowDescription {
  return {
    id: FLOW,
    title: 'Verify the recovery kit',
    summary: '',
    pages: [
      {
        id: 'kit',
        title: 'Recovery kit',
        description: '',
        fields: [
          { name: 'kitFolder', label: 'Kit folder', kind: 'text' },
          { name: 'note', label: 'Note', kind: 'text' },
        ],
        lookup: { id: 'kit-files', inputs: [], required: true, pendingMessage: 'Reading the kit…' },
      },
    ],
    defaults: { kitFolder: `\\\\${site}\\RecoveryKit`, note: `read on ${site}` },
  } as unknown as FlowDescription;
}

describe('the Start page when the site changes under it', () => {
  beforeEach(async () => {
    held.length = 0;
    await loadPageRules();
    useWizardStore.getState().startOver();
    await settle();
    held.length = 0;
  });

  it('reads the chosen procedure again, keeping only what the operator typed', async () => {
    const store = useWizardStore.getState();
    store.selectFlow(FLOW);
    await answer('flow:describe', description('OLD'));
    // Typed on the first page, then Back to Start: still the operator's.
    useWizardStore.getState().setAnswer('note', 'typed by the operator');
    useWizardStore.getState().siteChanged();
    await answer('flow:describe', description('NEW'));
    expect(useWizardStore.getState().answers[FLOW]).toEqual({
      kitFolder: '\\\\NEW\\RecoveryKit',
      note: 'typed by the operator',
    });
  });

  it('drops what was read of the old site when it arrives after the change', async () => {
    useWizardStore.getState().selectFlow(FLOW);
    await answer('flow:describe', description('OLD'));
    await settle();
    // The read-ahead asks the old site; the site changes before it answers.
    expect(held.some((call) => call.channel === 'flow:lookup')).toBe(true);
    useWizardStore.getState().siteChanged();
    await answer('flow:lookup', { ok: true, message: 'read on the old site' });
    await answer('flow:describe', description('NEW'));
    await answer('flow:lookup', { ok: false, message: 'the new site has no kit there' });
    const state = useWizardStore.getState();
    expect(state.answers[FLOW]?.kitFolder).toBe('\\\\NEW\\RecoveryKit');
    expect(state.readAhead).toMatchObject({ flowId: FLOW, running: false, read: [] });
    expect(Object.values(state.lookups).map((entry) => entry?.result?.message)).toEqual([
      'the new site has no kit there',
    ]);
  });

  it('applies the new defaults when the old description is answered after the change', async () => {
    useWizardStore.getState().selectFlow(FLOW);
    useWizardStore.getState().siteChanged();
    await answer('flow:describe', description('OLD'));
    await answer('flow:describe', description('NEW'));
    expect(useWizardStore.getState().answers[FLOW]?.kitFolder).toBe('\\\\NEW\\RecoveryKit');
    expect(useWizardStore.getState().descriptions[FLOW]?.defaults.note).toBe('read on NEW');
  });
});
