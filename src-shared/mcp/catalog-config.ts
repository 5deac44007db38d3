import type { ApprovalMode, CatalogEntry, StdioTransport } from '../entities/mcp';

/**
 * What the user gave for each requirement of a catalog entry, by its index in `entry.requires`:
 * the folders of a `path`, the value of a `value` (one, or none), nothing for a `secret`.
 */
export type CatalogAnswers = ReadonlyArray<readonly string[] | undefined>;

/** The entry's arguments with the given folders and values appended (each after its flag). */
export function catalogArgs(entry: CatalogEntry, answers: CatalogAnswers): string[] {
  const args = [...entry.transport.args];
  entry.requires.forEach((need, i) => {
    if (need.kind === 'secret') return;
    for (const value of answers[i] ?? []) args.push(...(need.flag ? [need.flag] : []), value);
  });
  return args;
}

/**
 * The server config for a catalog entry, as both the engine's catalog and the UI build it:
 * folders and values appended to the arguments (after their flag), folders also granted as roots,
 * keys referred to by secret name (the value goes to the secret store, never the config).
 */
export function catalogServerConfig(
  entry: CatalogEntry,
  answers: CatalogAnswers,
  choices: { name: string; approval: ApprovalMode },
): {
  name: string;
  transport: StdioTransport;
  enabled: boolean;
  autoStart: boolean;
  approval: { default: ApprovalMode; tools: Record<string, ApprovalMode> };
  secretEnv: Record<string, string>;
  secretHeaders: Record<string, string>;
  roots: string[];
} {
  const secretEnv: Record<string, string> = {};
  const roots: string[] = [];
  entry.requires.forEach((need, i) => {
    if (need.kind === 'secret') secretEnv[need.env] = need.secret;
    if (need.kind === 'path') roots.push(...(answers[i] ?? []));
  });
  return {
    name: choices.name,
    transport: { ...entry.transport, args: catalogArgs(entry, answers) },
    enabled: true,
    autoStart: true,
    approval: { default: choices.approval, tools: {} },
    secretEnv,
    secretHeaders: {},
    roots,
  };
}
