import { randomBytes } from 'node:crypto';

/**
 * The connectionStrings section of a web.config as aspnet_regiis -pef leaves it: an EncryptedData
 * element under RsaProtectedConfigurationProvider. The drill encrypts nothing: the cipher values
 * are random bytes of the right length, and the plain section is kept in the drill's state under
 * the data CipherValue, which is how the simulated computer's key container "decrypts" it.
 */

export interface SectionRange {
  start: number;
  end: number;
}

const SECTION_START = /<connectionStrings(?=[\s/>])/g;
const SECTION_END = /<\/connectionStrings\s*>/g;
const COMMENT = /<!--[^]*?-->/g;
const CIPHER_VALUE = /<CipherValue>([^<]*)<\/CipherValue>/g;

/** The connectionStrings element, start tag to end tag; a commented-out one does not count. */
export function connectionStringsSection(xml: string): SectionRange | undefined {
  const comments = [...xml.matchAll(COMMENT)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const live = (at: number) => !comments.some((comment) => at >= comment.start && at < comment.end);
  const start = [...xml.matchAll(SECTION_START)].find((match) => live(match.index))?.index;
  if (start === undefined) return undefined;
  const tagEnd = xml.indexOf('>', start);
  if (tagEnd === -1) return undefined;
  if (xml.charAt(tagEnd - 1) === '/') return { start, end: tagEnd + 1 };
  const end = [...xml.matchAll(SECTION_END)].find((match) => match.index > tagEnd && live(match.index));
  return end === undefined ? undefined : { start, end: end.index + end[0].length };
}

/** The CipherValue of the section's data (the last one: the first belongs to the encrypted session key). */
export function sectionCipherValue(section: string): string | undefined {
  return [...section.matchAll(CIPHER_VALUE)].at(-1)?.[1]?.trim();
}

/** The section as aspnet_regiis -pef writes it in place of `plain`, indented like the line it starts on. */
export function encryptedSection(
  xml: string,
  range: SectionRange,
  plain: string,
): { section: string; cipherValue: string } {
  const lineStart = xml.lastIndexOf('\n', range.start - 1) + 1;
  const indentation = /^[ \t]*/.exec(xml.slice(lineStart, range.start))?.[0] ?? '';
  const newline = xml.includes('\r\n') ? '\r\n' : '\n';
  // RSA-OAEP of a 2048-bit key gives 256 bytes; AES-256-CBC adds its IV and pads to whole blocks.
  const sessionKey = randomBytes(256).toString('base64');
  const cipherValue = randomBytes(16 + (Math.floor(Buffer.byteLength(plain) / 16) + 1) * 16).toString('base64');
  const lines: [number, string][] = [
    [0, '<connectionStrings configProtectionProvider="RsaProtectedConfigurationProvider">'],
    [1, '<EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element" xmlns="http://www.w3.org/2001/04/xmlenc#">'],
    [2, '<EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc" />'],
    [2, '<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">'],
    [3, '<EncryptedKey xmlns="http://www.w3.org/2001/04/xmlenc#">'],
    [4, '<EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p" />'],
    [4, '<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">'],
    [5, '<KeyName>Rsa Key</KeyName>'],
    [4, '</KeyInfo>'],
    [4, '<CipherData>'],
    [5, `<CipherValue>${sessionKey}</CipherValue>`],
    [4, '</CipherData>'],
    [3, '</EncryptedKey>'],
    [2, '</KeyInfo>'],
    [2, '<CipherData>'],
    [3, `<CipherValue>${cipherValue}</CipherValue>`],
    [2, '</CipherData>'],
    [1, '</EncryptedData>'],
    [0, '</connectionStrings>'],
  ];
  const section = lines
    .map(([depth, line], index) => (index === 0 ? '' : indentation + '  '.repeat(depth)) + line)
    .join(newline);
  return { section, cipherValue };
}

export function replaceRange(xml: string, range: SectionRange, text: string): string {
  return xml.slice(0, range.start) + text + xml.slice(range.end);
}
