/**
 * Splits a Windows command line the way CommandLineToArgvW does (the algorithm Wine reproduces,
 * which the Microsoft C runtime shares for everything the wizard's quoting produces), so tests
 * can check on any platform that a quoted command line reads back as the intended argv.
 */
export function commandLineToArgv(commandLine: string): string[] {
  const text = [...commandLine];
  const argv: string[] = [];
  let index = 0;

  // The program name: up to the next quote if it starts with one, else up to white space; no escapes.
  let program = '';
  if (text[0] === '"') {
    index = 1;
    while (index < text.length && text[index] !== '"') program += text[index++];
    if (index < text.length) index += 1;
  } else {
    while (index < text.length && !isBlank(text[index])) program += text[index++];
  }
  argv.push(program);

  while (index < text.length && isBlank(text[index])) index += 1;
  if (index >= text.length) return argv;

  let current = '';
  let backslashes = 0;
  // Counts the quotes met in a row; odd while inside a quoted part, as in Wine's qcount.
  let quotes = 0;
  while (index < text.length) {
    const character = text[index] as string;
    if (isBlank(character) && quotes === 0) {
      argv.push(current);
      current = '';
      backslashes = 0;
      while (index < text.length && isBlank(text[index])) index += 1;
      if (index >= text.length) return argv;
      continue;
    }
    if (character === '\\') {
      current += '\\';
      backslashes += 1;
      index += 1;
      continue;
    }
    if (character === '"') {
      if (backslashes % 2 === 0) {
        // An even number of backslashes: half of them, and the quote opens or closes a quoted part.
        current = current.slice(0, current.length - backslashes / 2);
        quotes += 1;
      } else {
        // An odd number: half of them, and a literal quote.
        current = current.slice(0, current.length - (backslashes + 1) / 2) + '"';
      }
      backslashes = 0;
      index += 1;
      // Consecutive quotes: every third one is a literal quote.
      while (text[index] === '"') {
        quotes += 1;
        if (quotes === 3) {
          current += '"';
          quotes = 0;
        }
        index += 1;
      }
      if (quotes === 2) quotes = 0;
      continue;
    }
    current += character;
    backslashes = 0;
    index += 1;
  }
  argv.push(current);
  return argv;
}

function isBlank(character: string | undefined): boolean {
  return character === ' ' || character === '\t';
}
