import type { ModelRef } from '@shared/entities/model';
import type { Judge } from '@shared/entities/eval';
import type { AgentService } from '../agents/service';
import type { LlmProvider } from '../llm/provider';
import type { EmbedderProvider } from '../memory/service';
import type { ScorerDeps } from './assertions/index';

/**
 * What the scorers use from the engine: the local embedder (`similar`) and a judge (`llm-rubric`)
 * — a model, or an agent's model with its instructions — asked at temperature 0, without tools.
 */
export function createScorers(deps: { embedder: EmbedderProvider; providerFor(model: ModelRef): LlmProvider; agents: AgentService }): ScorerDeps {
  return {
    async embed(texts) {
      const embedder = await deps.embedder();
      return (await embedder.embed(texts)).map((v) => Array.from(v));
    },
    async judge(prompt, judge: Judge | undefined) {
      if (!judge) throw new Error('No judge: give the assertion or the suite a `judge` (a model or an agent).');
      let model: ModelRef;
      let system = prompt.system;
      if ('agent' in judge) {
        const agent = await deps.agents.resolve(judge.agent);
        model = agent.model;
        if (agent.systemPrompt) system = `${agent.systemPrompt}\n\n${prompt.system}`;
      } else {
        model = judge.model;
      }
      let text = '';
      const stream = deps.providerFor(model).chat({
        model: model.model,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: prompt.user },
        ],
        tools: [],
        temperature: 0,
      });
      for await (const event of stream) {
        if (event.type === 'text-delta') text += event.text;
      }
      return text;
    },
  };
}
