import { lazy } from 'react';

/**
 * The pages after Start, loaded when first shown: the Start page must be usable at once, and
 * nothing on it needs their code.
 */
export const FlowPage = lazy(() => import('./flow-page').then((module) => ({ default: module.FlowPage })));
export const SummaryPage = lazy(() => import('./summary-page').then((module) => ({ default: module.SummaryPage })));
export const ProgressPage = lazy(() => import('./progress-page').then((module) => ({ default: module.ProgressPage })));
export const CompletionPage = lazy(() =>
  import('./completion-page').then((module) => ({ default: module.CompletionPage })),
);
