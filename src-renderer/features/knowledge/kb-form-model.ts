import {
  KnowledgeBaseInput,
  KnowledgeBasePatch,
  type KnowledgeBase,
  type VectorStoreKind,
} from '@shared/api/knowledge';
import type { EmbedderConfig, EmbedderConfigInput } from '@shared/entities/rag';
import { issuesFromZod, type FieldIssue } from '@shared/errors';
import { groupIssues, type GroupedIssues } from '../../api/issues';

export type EmbedderProvider = EmbedderConfig['provider'];

/** What the knowledge-base form edits. Numbers stay text until saved, so a box can be empty. */
export interface KbFormValues {
  name: string;
  description: string;
  storeKind: VectorStoreKind;
  provider: EmbedderProvider;
  model: string;
  /** Requested vector size for remote embedders; empty to use (or measure) the model's own. */
  dimensions: string;
  maxTokens: string;
  overlapTokens: string;
}

export type KbField = keyof KbFormValues;

const defaults = KnowledgeBaseInput.parse({ name: 'x' });

/** The local model that ships with the app (more come from `models.local.list`). */
export const shippedLocalModel = defaults.embedder.model;

export const embedderProviders: { value: EmbedderProvider; label: string; modelHint: string }[] = [
  { value: 'local', label: 'Local (built in, offline)', modelHint: shippedLocalModel },
  { value: 'ollama', label: 'Ollama', modelHint: 'nomic-embed-text' },
  { value: 'openai', label: 'OpenAI', modelHint: 'text-embedding-3-small' },
  { value: 'openai-compatible', label: 'OpenAI-compatible', modelHint: 'text-embedding' },
];

export const emptyKbValues: KbFormValues = {
  name: '',
  description: '',
  storeKind: defaults.storeKind,
  provider: defaults.embedder.provider,
  model: defaults.embedder.model,
  dimensions: '',
  maxTokens: String(defaults.chunking.maxTokens),
  overlapTokens: String(defaults.chunking.overlapTokens),
};

export function valuesFromKb(kb: KnowledgeBase): KbFormValues {
  const e = kb.embedder;
  return {
    name: kb.name,
    description: kb.description,
    storeKind: kb.storeKind,
    provider: e.provider,
    model: e.model,
    dimensions: e.provider !== 'local' && e.dimensions ? String(e.dimensions) : '',
    maxTokens: String(kb.chunking.maxTokens),
    overlapTokens: String(kb.chunking.overlapTokens),
  };
}

/** A number box's value: an empty box is undefined, anything else a number (NaN if not one). */
const numberOf = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function embedderOf(values: KbFormValues): EmbedderConfigInput {
  if (values.provider === 'local') return { provider: 'local', model: values.model };
  const dimensions = numberOf(values.dimensions);
  return {
    provider: values.provider,
    model: values.model,
    ...(dimensions === undefined ? {} : { dimensions }),
  };
}

export function toKbInput(values: KbFormValues): KnowledgeBaseInput {
  return {
    name: values.name,
    description: values.description,
    storeKind: values.storeKind,
    embedder: embedderOf(values),
    chunking: {
      maxTokens: numberOf(values.maxTokens) ?? Number.NaN,
      overlapTokens: numberOf(values.overlapTokens) ?? Number.NaN,
    },
  };
}

/** What changed against the knowledge base: only those fields are sent. */
export function toKbPatch(values: KbFormValues, base: KnowledgeBase): KnowledgeBasePatch {
  const input = toKbInput(values);
  const was = toKbInput(valuesFromKb(base));
  const patch: KnowledgeBasePatch = {};
  if (input.name !== was.name) patch.name = input.name;
  if (input.description !== was.description) patch.description = input.description;
  if (input.storeKind !== was.storeKind) patch.storeKind = input.storeKind;
  if (JSON.stringify(input.embedder) !== JSON.stringify(was.embedder))
    patch.embedder = input.embedder;
  if (JSON.stringify(input.chunking) !== JSON.stringify(was.chunking))
    patch.chunking = input.chunking;
  return patch;
}

/** Maps an issue path (from the input, or `patch.…` from kb.update) to the form field it is about. */
export function kbFieldOf(path: readonly (string | number)[]): KbField | null {
  const [head, next] = path[0] === 'patch' ? path.slice(1) : path;
  if (head === 'name' || head === 'description' || head === 'storeKind') return head;
  if (head === 'embedder')
    return next === 'dimensions' ? 'dimensions' : next === 'provider' ? 'provider' : 'model';
  if (head === 'chunking') return next === 'overlapTokens' ? 'overlapTokens' : 'maxTokens';
  return null;
}

export function groupKbIssues(issues: readonly FieldIssue[]): GroupedIssues<KbField> {
  return groupIssues(issues, kbFieldOf);
}

/** Validates with the contract's own schemas, before anything is sent. */
export function validateKb(values: KbFormValues, base?: KnowledgeBase): GroupedIssues<KbField> {
  const parsed = base
    ? KnowledgeBasePatch.safeParse(toKbPatch(values, base))
    : KnowledgeBaseInput.safeParse(toKbInput(values));
  const grouped = groupKbIssues(parsed.success ? [] : issuesFromZod(parsed.error));
  for (const field of ['maxTokens', 'overlapTokens', 'dimensions'] as const) {
    const n = numberOf(values[field]);
    if (n !== undefined && !Number.isInteger(n)) grouped.fields[field] = 'Enter a whole number';
  }
  if (values.maxTokens.trim() === '') grouped.fields.maxTokens = 'Enter the chunk size in tokens';
  if (values.overlapTokens.trim() === '') grouped.fields.overlapTokens = 'Enter 0 for no overlap';
  return grouped;
}

export function hasKbIssues(grouped: GroupedIssues<KbField>): boolean {
  return Object.keys(grouped.fields).length > 0 || grouped.other.length > 0;
}

/** The store kind and the embedder are fixed once a knowledge base holds vectors. */
export const embeddingLocked = (kb: KnowledgeBase | undefined) => !!kb && kb.counts.chunks > 0;
