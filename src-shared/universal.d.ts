/**
 * The few globals that exist in every runtime the contract runs in (browser, Node, Electron).
 * src-shared is compiled without DOM or Node types so that nothing platform-specific slips in.
 */
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare class URL {
  constructor(url: string, base?: string);
  protocol: string;
  readonly searchParams: { set(name: string, value: string): void; get(name: string): string | null };
  toString(): string;
}
declare const console: {
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
