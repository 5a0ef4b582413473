import { START_CHANNELS, START_DATA_ID } from '../../shared/start-data';
import { dispatch, type HandlerTable } from './dispatch';

/**
 * The renderer's page with the answers to the Start page's first calls written into it as data
 * (see START_CHANNELS), through the same dispatch as the calls themselves.
 */
export async function pageWithStartData(page: Buffer, handlers: HandlerTable): Promise<Buffer> {
  const answers = await Promise.all(
    START_CHANNELS.map(async (channel) => [channel, await dispatch(handlers, channel, undefined)] as const),
  );
  // Inside a script element only "</script" (and "<!--") could end it early: no "<" is left.
  const json = JSON.stringify(Object.fromEntries(answers)).replace(/</g, '\\u003c');
  const block = `<script type="application/json" id="${START_DATA_ID}">${json}</script>`;
  const html = page.toString('utf8');
  // The page's module script runs after the whole page is parsed, so a page without a head still works.
  const at = html.includes('</head>') ? html.indexOf('</head>') : html.length;
  return Buffer.from(`${html.slice(0, at)}${block}${html.slice(at)}`, 'utf8');
}
