import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { LocalModel } from '@shared/api/models';
import { AppError } from '@shared/errors';
import {
  defaultModelsDir,
  isShippedModel,
  LOCAL_MODELS,
  modelFolderOf,
  shippedLocalModel,
  unknownLocalModel,
  type LocalModelLookup,
  type LocalModelSpec,
} from '../embed/models';

/** A model the user added (the file's record). */
export const UserModel = LocalModel.extend({ source: z.enum(['folder', 'download']) });
export type UserModel = z.infer<typeof UserModel>;

const RegistryFile = z.object({ version: z.literal(1), models: z.array(UserModel) });

/**
 * The local embedding models: the shipped ones (read-only) and those the user added, kept in
 * `<dataDir>/models/local-models.json` (written atomically).
 */
export class LocalModelRegistry {
  readonly path: string;
  private models: UserModel[];
  /** Set when the file could not be read (it is then left as is and rewritten on the next change). */
  readonly problem: string | undefined;

  constructor(
    dataDir: string,
    readonly modelsDir: string = defaultModelsDir(),
  ) {
    this.path = join(dataDir, 'models', 'local-models.json');
    const loaded = this.load();
    this.models = loaded.models;
    this.problem = loaded.problem;
  }

  list(): LocalModel[] {
    const shipped = Object.entries(LOCAL_MODELS).map(([name, m]): LocalModel => ({
      name,
      source: 'builtin',
      dir: modelFolderOf(this.modelsDir, m),
      dtype: m.dtype,
      dimensions: m.dimensions,
      maxTokens: m.maxTokens,
    }));
    return [...shipped, ...this.models];
  }

  find(name: string): LocalModel | undefined {
    return this.list().find((m) => m.name === name);
  }

  /** Resolves a name for the embedder and the chunker (VALIDATION listing the models when unknown). */
  readonly lookup: LocalModelLookup = (name) => {
    if (isShippedModel(name)) return shippedLocalModel(name);
    const model = this.models.find((m) => m.name === name);
    if (!model) throw unknownLocalModel(name, this.list().map((m) => m.name));
    const spec: LocalModelSpec = { name, repo: model.dir, dtype: model.dtype, dimensions: model.dimensions, maxTokens: model.maxTokens };
    return spec;
  };

  add(model: UserModel): void {
    if (this.find(model.name)) throw nameTaken(model.name);
    this.save([...this.models, UserModel.parse(model)]);
  }

  remove(name: string): UserModel | undefined {
    const model = this.models.find((m) => m.name === name);
    if (model) this.save(this.models.filter((m) => m !== model));
    return model;
  }

  private load(): { models: UserModel[]; problem?: string } {
    if (!existsSync(this.path)) return { models: [] };
    try {
      return { models: RegistryFile.parse(JSON.parse(readFileSync(this.path, 'utf8'))).models };
    } catch (error) {
      return { models: [], problem: `${this.path} could not be read (${error instanceof Error ? error.message : String(error)}).` };
    }
  }

  private save(models: UserModel[]): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, models }, null, 2)}\n`);
    renameSync(tmp, this.path);
    this.models = models;
  }
}

export function nameTaken(name: string): AppError {
  return new AppError('CONFLICT', `A local model named "${name}" already exists.`, {
    hint: 'Give the model another name, or remove the existing one first.',
    issues: [{ path: ['name'], message: 'This name is already used' }],
  });
}
