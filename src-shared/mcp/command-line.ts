/**
 * A command line as a POSIX shell would need it typed, for showing to the user (never executed).
 * The engine's launch approval and the UI both show this text.
 */
export function displayCommandLine(command: string, args: readonly string[]): string {
  const quote = (part: string) =>
    /^[A-Za-z0-9_@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`;
  return [command, ...args].map(quote).join(' ');
}
