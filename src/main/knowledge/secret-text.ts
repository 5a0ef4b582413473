/**
 * How a known secret is kept out of free text: what a tool writes, an error message, a journal
 * record. Where the wizard places a secret itself (an argument, a parameter, a literal) it is
 * masked by its position instead; this is for text nobody structured.
 *
 * The rule: an occurrence is masked when it stands as a whole token (no letter, digit, mark or
 * underscore right before or after it), and a secret of EMBEDDED_SECRET_MIN characters or more
 * is masked wherever it occurs, even inside a word. A shorter secret inside a longer word is
 * left: a password "CON" must not turn "CONTOSO" into "********TOSO", which would mangle what the
 * operator and an auditor read while telling anyone who compares the two words the password.
 */
export const EMBEDDED_SECRET_MIN = 8;

/** What stands wherever a secret would: in the plan, the journal, tool output and errors. */
export const SECRET_MASK = '********';

const WORD = /[\p{L}\p{M}\p{N}_]/u;

export function maskSecretsInText(text: string, secrets: readonly string[]): string {
  const covered = new Array<boolean>(text.length).fill(false);
  for (const secret of secrets) {
    if (secret === '') continue;
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
      const end = at + secret.length;
      const before = Array.from(text.slice(Math.max(0, at - 2), at)).at(-1) ?? '';
      const after = Array.from(text.slice(end, end + 2))[0] ?? '';
      if (secret.length >= EMBEDDED_SECRET_MIN || (!WORD.test(before) && !WORD.test(after))) {
        covered.fill(true, at, end);
      }
    }
  }
  // One mask per run of covered characters, so overlapping secrets leave no piece of either.
  let masked = '';
  for (let index = 0; index < text.length; index += 1) {
    if (!covered[index]) masked += text[index];
    else if (index === 0 || !covered[index - 1]) masked += SECRET_MASK;
  }
  return masked;
}
