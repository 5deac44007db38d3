import { isAbsolute } from 'node:path';
import type { AutomationConfig, AutomationTrigger } from '@shared/entities/automation';
import { AppError } from '@shared/errors';
import type { AgentService } from '../agents/service';
import type { AutomationRepository } from './repository';
import { parseTrigger } from './schedule';

export interface CheckedConfig {
  agentId: string;
  /** The triggers as stored: `after` names resolved to ids (so a rename does not break them). */
  triggers: AutomationTrigger[];
}

function invalid(message: string, path: (string | number)[], hint: string): AppError {
  return new AppError('VALIDATION', message, { hint, issues: [{ path, message }] });
}

/**
 * What the schema cannot check: the agent exists (and the pinned revision), cron expressions parse,
 * watched folders are absolute, `after` names another automation that exists.
 */
export async function validateConfig(
  config: AutomationConfig,
  deps: { agents: AgentService; automations: AutomationRepository; self?: string },
): Promise<CheckedConfig> {
  const agent = await deps.agents.resolve(config.agent);
  if (config.agentRevision !== null && config.agentRevision > agent.revision) {
    throw invalid(`"${agent.name}" has no revision ${config.agentRevision} (its latest is ${agent.revision}).`, ['agentRevision'], 'Pin an existing revision, or none to use the latest.');
  }
  const triggers: AutomationTrigger[] = [];
  for (const [i, trigger] of config.triggers.entries()) {
    if (trigger.kind === 'cron' || trigger.kind === 'every' || trigger.kind === 'at') {
      try {
        triggers.push(parseTrigger(trigger) as AutomationTrigger);
      } catch (error) {
        if (error instanceof AppError) throw new AppError('VALIDATION', error.message, { hint: error.hint, issues: [{ path: ['triggers', i, 'expr'], message: error.message }] });
        throw error;
      }
      continue;
    }
    if (trigger.kind === 'watch' && !isAbsolute(trigger.path)) {
      throw invalid(`The watched folder "${trigger.path}" is not an absolute path.`, ['triggers', i, 'path'], 'Give the full path, e.g. /home/me/Inbox.');
    }
    if (trigger.kind === 'after') {
      const other = (await deps.automations.get(trigger.automation)) ?? (await deps.automations.byName(trigger.automation));
      if (!other) throw invalid(`No automation named "${trigger.automation}" to run after.`, ['triggers', i, 'automation'], 'Name an existing automation.');
      if (other.id === deps.self) throw invalid('An automation cannot run after itself.', ['triggers', i, 'automation'], 'Use an every or cron trigger to repeat it.');
      triggers.push({ ...trigger, automation: other.id });
      continue;
    }
    triggers.push(trigger);
  }
  if (triggers.filter((t) => t.kind === 'webhook').length > 1) throw invalid('One webhook trigger is enough.', ['triggers'], 'Remove the second webhook trigger.');
  if (config.permissions.approval === 'allow-listed' && !config.permissions.allowTools.length) {
    throw invalid('Allow-listed permissions need at least one tool.', ['permissions', 'allowTools'], 'List tools as server:tool (or server:*), or choose deny.');
  }
  return { agentId: agent.id, triggers };
}
