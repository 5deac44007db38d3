/** Whether a path is absolute on POSIX or Windows (the engine requires absolute roots). */
export function isAbsolutePath(path: string): boolean {
  return /^\//.test(path) || /^[A-Za-z]:[\\/]/.test(path) || /^\\\\/.test(path);
}
