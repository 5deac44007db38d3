import { z } from 'zod';
import { AgentInput, type Agent } from '@shared/entities/agent';
import { AppError, parseOrThrow } from '@shared/errors';
import type { AgentService } from './service';
import { freeAgentName } from './templates';

export const AGENT_FILE_FORMAT = 'agent-factory/agent';
export const AGENT_FILE_VERSION = 1;

/**
 * The current file: a header (with the exported revision) and the agent's definition (no id or
 * dates). Version 1 files without the builder's settings (tool policies, knowledge, delegates,
 * memory) read with their defaults.
 */
export const AgentFile = z
  .object({
    format: z.literal(AGENT_FILE_FORMAT),
    version: z.literal(AGENT_FILE_VERSION),
    exportedAt: z.string().optional(),
    /** The revision of the agent that was exported (informational; the import starts its own history). */
    revision: z.number().int().nonnegative().optional(),
    agent: AgentInput,
  })
  .strict();
export type AgentFile = z.infer<typeof AgentFile>;

/** Turns a file of version `n` into version `n + 1`. */
export type AgentFileUpgrade = (file: Record<string, unknown>) => Record<string, unknown>;

/** Upgrades by the version they read; add one here whenever AGENT_FILE_VERSION goes up. */
export const AGENT_FILE_UPGRADES: Readonly<Record<number, AgentFileUpgrade>> = {};

const Header = z.object({ format: z.string(), version: z.number().int().nonnegative() });

export function exportAgent(agent: Agent): { fileName: string; json: string; file: AgentFile } {
  const { id: _id, revision, createdAt: _c, updatedAt: _u, ...definition } = agent;
  const file: AgentFile = { format: AGENT_FILE_FORMAT, version: AGENT_FILE_VERSION, exportedAt: new Date().toISOString(), revision, agent: definition };
  const slug = agent.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'agent';
  return { fileName: `${slug}.agent.json`, json: `${JSON.stringify(file, null, 2)}\n`, file };
}

/**
 * Reads an exported agent file: checks the header, upgrades an older version step by step, then
 * validates it. Every problem is a VALIDATION error that says what is wrong and where.
 */
export function parseAgentFile(json: string, upgrades: Readonly<Record<number, AgentFileUpgrade>> = AGENT_FILE_UPGRADES, current = AGENT_FILE_VERSION): AgentFile {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new AppError('VALIDATION', `The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Choose a file exported from Agent Factory (*.agent.json).',
    });
  }
  const header = Header.safeParse(raw);
  if (!header.success || header.data.format !== AGENT_FILE_FORMAT) {
    throw new AppError('VALIDATION', `This is not an Agent Factory agent file (expected "format": "${AGENT_FILE_FORMAT}" and a "version").`, {
      hint: 'Choose a file exported from Agent Factory (*.agent.json).',
    });
  }
  let version = header.data.version;
  if (version > current) {
    throw new AppError('VALIDATION', `The file is version ${version}, made by a newer Agent Factory; this one reads up to version ${current}.`, {
      hint: 'Update Agent Factory, then import it again.',
    });
  }
  let file = raw as Record<string, unknown>;
  while (version < current) {
    const upgrade = upgrades[version];
    if (!upgrade) throw new AppError('VALIDATION', `Agent files of version ${version} can no longer be read.`);
    file = { ...upgrade(file), version: version + 1 };
    version++;
  }
  return parseOrThrow(AgentFile, file, 'agent file');
}

/** Creates an agent from an exported file; a taken name gets a number unless `name` is given. */
export async function importAgent(agents: AgentService, json: string, name?: string): Promise<Agent> {
  const file = parseAgentFile(json);
  return agents.create({ ...file.agent, name: name ?? (await freeAgentName(agents, file.agent.name)) }, { keepMissing: true });
}
