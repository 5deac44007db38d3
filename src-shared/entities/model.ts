import { z } from 'zod';

export const ProviderKind = z.enum(['ollama', 'openai', 'openai-compatible', 'anthropic']);
export type ProviderKind = z.infer<typeof ProviderKind>;

/** Which model an agent talks to. */
export const ModelRef = z.object({
  provider: ProviderKind,
  model: z.string().trim().min(1, 'Choose a model').max(200),
});
export type ModelRef = z.infer<typeof ModelRef>;
