import { lazyComponent } from '../lazy-component';
import { useWizardStore } from '../store/wizard-store';

/**
 * The pages after Start, loaded when first shown: the Start page must be usable at once, and
 * nothing on it needs their code. The flow pages also wait for the pages' rules, which they check
 * on every keystroke.
 */
export const FlowPage = lazyComponent(
  async () => (await Promise.all([import('./flow-page'), useWizardStore.getState().loadPageRules()]))[0],
  'FlowPage',
);
export const SummaryPage = lazyComponent(() => import('./summary-page'), 'SummaryPage');
export const ProgressPage = lazyComponent(() => import('./progress-page'), 'ProgressPage');
export const CompletionPage = lazyComponent(() => import('./completion-page'), 'CompletionPage');
