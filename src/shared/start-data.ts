import type { InvokeChannel } from './channels';

/**
 * The answers to the calls the Start page makes first, written by the host into the page it
 * serves (Electron's app:// page, the browser host's page at the printed address), so the
 * procedures show in React's first render instead of one round trip and one render later. Each
 * answer serves its call once; every later call goes to the host.
 */
export const START_DATA_ID = 'wizard-start-data';
export const START_CHANNELS = [
  'app:info',
  'site:current',
  'flows:list',
  'runs:unfinished',
] as const satisfies readonly InvokeChannel[];
