import type { AnswerField } from '../procedure-pages';
import { pathField } from '../validation/text-rules';

/**
 * The Service Manager installation media, as a drive or folder that holds `tool` at this path
 * below it: Setup.exe, or the Encryption Key Backup or Restore Wizard. The tool's path is
 * appended to the answer, so the answer leaves room for it.
 */
export function serviceManagerMediaField(tool: string, missing: string) {
  return {
    schema: pathField({ kind: 'folder', where: 'local-or-unc', appended: tool.length + 1 }, missing),
    label: 'Service Manager media (drive or folder)',
    kind: 'text',
    placeholder: 'e.g. D:\\',
    help: `It must contain ${tool}.`,
  } satisfies AnswerField;
}
