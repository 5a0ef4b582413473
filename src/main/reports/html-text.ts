import { escapeText } from '../../shared/validation/display-escape';

/**
 * Every value the report shows goes through here: first the one escape form of the plan and the
 * pages (display-escape.ts: a character that cannot be seen or that changes lines reads
 * `{U+XXXX}`), then HTML's own, so that no answer, name or output line can become markup, and
 * what the report shows is what the plan showed.
 */

const HTML_SPECIAL = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeMarkup(text: string): string {
  return text.replace(HTML_SPECIAL, (character) => ENTITIES[character] ?? character);
}

/** A value on one line, as element content or inside a quoted attribute. */
export function htmlText(value: string): string {
  return escapeMarkup(escapeText(value));
}

/** Text already in the plan's form (plan-format.ts escaped it), which only needs HTML's escaping. */
export function preformatted(text: string): string {
  return escapeMarkup(text);
}
