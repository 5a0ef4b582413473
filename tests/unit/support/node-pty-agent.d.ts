/** node-pty's Windows command-line writer, which its package ships without types. */
declare module 'node-pty/lib/windowsPtyAgent' {
  export function argsToCommandLine(file: string, args: string | readonly string[]): string;
}
