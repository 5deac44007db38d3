import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { LocalModelDtype } from '@shared/api/models';
import { AppError } from '@shared/errors';
import { missingModelFiles, onnxFileOf, type LocalDtype } from '../embed/models';

/** Which weights to use when a folder holds several and none was asked for. */
export const DTYPE_PREFERENCE: readonly LocalDtype[] = ['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'];

/** Longest input a user model gets, whatever its config allows (CPU time grows with the square). */
export const MAX_TOKENS_CAP = 512;

export interface FolderFacts {
  dtype: LocalDtype;
  maxTokens: number;
}

function readJson(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch (error) {
    throw new AppError('VALIDATION', `${path} is not valid JSON.`, { hint: 'Download the model files again.', cause: error });
  }
}

const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1e6 ? Math.floor(v) : undefined);

/**
 * The longest input of a model: sentence-transformers' max_seq_length when the folder has it, else
 * the tokenizer's model_max_length or the config's max_position_embeddings, capped.
 */
export function maxTokensOf(dir: string): number {
  const candidates = [
    positive(readJson(join(dir, 'sentence_bert_config.json'))?.max_seq_length),
    positive(readJson(join(dir, 'tokenizer_config.json'))?.model_max_length),
    positive(readJson(join(dir, 'config.json'))?.max_position_embeddings),
  ].filter((n): n is number => n !== undefined);
  return Math.min(MAX_TOKENS_CAP, ...candidates);
}

/** The dtype of the weights in `dir`: `wanted` when its file is there, else the preferred one present. */
export function dtypeOf(dir: string, wanted?: LocalDtype): LocalDtype | undefined {
  if (wanted) return existsSync(join(dir, onnxFileOf(wanted))) ? wanted : undefined;
  return DTYPE_PREFERENCE.find((d) => existsSync(join(dir, onnxFileOf(d))));
}

/**
 * Checks that `dir` is a transformers.js model folder and reads what the registry needs. Errors
 * name the missing file(s); nothing is loaded here (the dimension is measured by the worker).
 */
export function inspectModelFolder(dir: string, wanted?: LocalDtype): FolderFacts {
  const issue = (message: string) => [{ path: ['path'], message }];
  if (!isAbsolute(dir)) {
    throw new AppError('VALIDATION', `"${dir}" is not an absolute path.`, {
      hint: 'Give the full path of the model folder.',
      issues: issue('Give an absolute path'),
    });
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AppError('NOT_FOUND', `There is no folder at ${dir}.`, {
      hint: 'Check the path; it must be the folder that holds config.json and tokenizer.json.',
      issues: issue('No such folder'),
    });
  }
  const dtype = dtypeOf(dir, wanted);
  if (!dtype) {
    const what = wanted ? onnxFileOf(wanted) : `onnx/model*.onnx (one of ${LocalModelDtype.options.join(', ')})`;
    throw new AppError('VALIDATION', `${dir} has no ${what}.`, {
      hint: 'Use an ONNX export of the model for transformers.js (e.g. a Xenova/ or onnx-community/ repository), or choose another dtype.',
      issues: issue(`Missing ${what}`),
    });
  }
  const missing = missingModelFiles(dir, dtype);
  if (missing.length) {
    throw new AppError('VALIDATION', `${dir} is missing ${missing.join(', ')}.`, {
      hint: 'A model folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model*.onnx.',
      issues: issue(`Missing ${missing.join(', ')}`),
    });
  }
  return { dtype, maxTokens: maxTokensOf(dir) };
}
