import { HostError } from '../failures';
import { kitIndexSchema, type KitIndex } from './kit-index';

/** The kit index as text on disk, and back: one reading for the real kit and the drill's. */

export function kitIndexText(index: KitIndex): string {
  return `${JSON.stringify(kitIndexSchema.parse(index), null, 2)}\n`;
}

/** The index's text as the schema reads it; HostError('unsupported') saying why when it is not one. */
export function parseKitIndex(where: string, text: string): KitIndex {
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new HostError('unsupported', `${where} is not JSON: it is not a kit index.`, String(error));
  }
  const parsed = kitIndexSchema.safeParse(json);
  if (!parsed.success) {
    throw new HostError('unsupported', `${where} is not a valid kit index.`, parsed.error.message);
  }
  return parsed.data;
}
