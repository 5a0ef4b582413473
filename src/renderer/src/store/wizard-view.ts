import type { PageDescriptor, RunSnapshot } from '../../../shared/run-contract';
import { isPageReady } from './flow-answers';
import { firstUnreadyPage, pageKey, type WizardData, type WizardStep } from './wizard-store';

/** Where a rail entry leads when it can be opened: a page of the flow, or the Summary once every page is ready. */
export type RailTarget = { kind: 'flow-page'; index: number } | { kind: 'summary' };

export interface RailEntry {
  key: string;
  label: string;
  current: boolean;
  target: RailTarget | null;
}

export interface PageHeading {
  title: string;
  description: string;
}

type NavigationState = Pick<WizardData, 'step' | 'selectedFlowId' | 'descriptions'>;
type RailState = NavigationState & Pick<WizardData, 'answers' | 'lookups' | 'pending'>;

export function currentFlowPage(state: NavigationState): PageDescriptor | undefined {
  const { step, selectedFlowId, descriptions } = state;
  if (step.kind !== 'flow-page' || !selectedFlowId) return undefined;
  return descriptions[selectedFlowId]?.pages[step.index];
}

/**
 * The rail: before the run starts (on a page or the Summary) every page of the flow can be opened
 * to review or change it, and the Summary once Next would pass every page.
 */
export function railEntries(state: RailState): RailEntry[] {
  const { step, selectedFlowId, descriptions } = state;
  const pages = selectedFlowId ? (descriptions[selectedFlowId]?.pages ?? []) : [];
  const isStep = (kind: WizardStep['kind']) => step.kind === kind;
  const reviewing = (step.kind === 'flow-page' || step.kind === 'summary') && state.pending === null;
  const summaryOpen = step.kind === 'flow-page' && reviewing && firstUnreadyPage(state) === -1;
  return [
    { key: 'start', label: 'Start', current: isStep('start'), target: null },
    ...pages.map((page, index) => {
      const current = step.kind === 'flow-page' && step.index === index;
      return {
        key: `page-${page.id}`,
        label: page.title,
        current,
        target: reviewing && !current ? { kind: 'flow-page' as const, index } : null,
      };
    }),
    { key: 'summary', label: 'Summary', current: isStep('summary'), target: summaryOpen ? { kind: 'summary' } : null },
    { key: 'progress', label: 'Progress', current: isStep('progress'), target: null },
    { key: 'completion', label: 'Completion', current: isStep('completion'), target: null },
  ];
}

export function pageHeading(state: NavigationState): PageHeading {
  switch (state.step.kind) {
    case 'start':
      return {
        title: 'What do you need to recover?',
        description: 'Choose the procedure and the site. Nothing is changed until you press Run on the Summary page.',
      };
    case 'flow-page': {
      const page = currentFlowPage(state);
      return { title: page?.title ?? 'Flow page', description: page?.description ?? '' };
    }
    case 'summary':
      return {
        title: 'Summary',
        description: 'The checks made against the site and exactly what Run will do. Nothing has been changed yet.',
      };
    case 'progress':
      return {
        title: 'Progress',
        description:
          'Steps run in plan order, several at once where the procedure allows; each is written to the run journal as it finishes.',
      };
    case 'completion':
      return { title: 'Completion', description: 'How the run ended and what the checks found afterwards.' };
  }
}

/** Why Run is still disabled, in the operator's words; empty when the run may start. */
export function runBlockers(
  snapshot: RunSnapshot,
  acknowledgedWarnings: Record<string, true>,
  confirmations: Record<string, string>,
): string[] {
  const blockers: string[] = [];
  const failed = snapshot.checks.filter((check) => check.status === 'fail');
  if (failed.length > 0) {
    blockers.push(`${failed.length === 1 ? 'A check has' : `${failed.length} checks have`} failed.`);
  }
  const unread = snapshot.checks.filter((check) => check.status === 'warn' && !acknowledgedWarnings[check.id]);
  if (unread.length > 0) {
    blockers.push(`${unread.length === 1 ? 'A warning is' : `${unread.length} warnings are`} not marked as read.`);
  }
  for (const step of snapshot.plan) {
    if (!step.destructive || step.alreadyDone) continue;
    if ((confirmations[step.id] ?? '').trim() !== step.destructive.confirmWord) {
      blockers.push(`Type ${step.destructive.confirmWord} to confirm "${step.title}".`);
    }
  }
  if (!['ready', 'failed', 'cancelled'].includes(snapshot.phase)) {
    blockers.push(`This run is ${snapshot.phase} and cannot be started from here.`);
  }
  return blockers;
}

export function isCurrentPageValid(state: WizardData): boolean {
  const { step, selectedFlowId, flows, site, siteChoice, answers, snapshot } = state;
  switch (step.kind) {
    case 'start': {
      const flow = flows.find((candidate) => candidate.id === selectedFlowId);
      // Choosing Real without loading its manifest must not quietly leave the drill site in use.
      return Boolean(flow?.available && site && (siteChoice ?? site.mode) === site.mode);
    }
    case 'flow-page': {
      const page = currentFlowPage(state);
      if (!page || !selectedFlowId) return false;
      return isPageReady(
        selectedFlowId,
        page,
        answers[selectedFlowId] ?? {},
        state.lookups[pageKey(selectedFlowId, page.id)],
      );
    }
    case 'summary':
      return snapshot !== null && runBlockers(snapshot, state.acknowledgedWarnings, state.confirmations).length === 0;
    case 'progress':
    case 'completion':
      return false;
  }
}
