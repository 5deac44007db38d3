import { rm } from 'node:fs/promises';
import { basename, join, resolve, isAbsolute } from 'node:path';
import { LocalModelName, type LocalModel } from '@shared/api/models';
import { AppError } from '@shared/errors';
import type { Bus } from '../../bus/bus';
import { measureLocalModel } from '../embed/local';
import type { LocalDtype } from '../embed/models';
import { downloadHubModel } from './download';
import { inspectModelFolder } from './folder';
import { nameTaken, type LocalModelRegistry, type UserModel } from './registry';
import { isStrictlyInside } from '../../system/inside';

export interface LocalModelServiceDeps {
  registry: LocalModelRegistry;
  bus: Bus;
  /** Downloads go to `<dataDir>/models/<owner>/<name>`. */
  dataDir: string;
  /** Names of the knowledge bases that embed with a local model. */
  usersOf: (model: string) => Promise<string[]>;
  /** Closes the embedders (worker processes) of a model before it is removed. */
  release: (model: string) => Promise<void>;
  /** The Hugging Face hub address (HF_ENDPOINT, default https://huggingface.co). */
  endpoint: () => string;
}

/** Lists, adds (a folder, or a download from the hub) and removes local embedding models. */
export class LocalModelService {
  private readonly downloads = new Map<string, AbortController>();

  constructor(private readonly deps: LocalModelServiceDeps) {}

  list(): LocalModel[] {
    return this.deps.registry.list();
  }

  /** Registers a model folder: checks its files, loads it once to measure the dimension. */
  async addFolder(input: { path: string; name?: string | undefined; dtype?: LocalDtype | undefined }): Promise<LocalModel> {
    const dir = resolve(input.path);
    const facts = inspectModelFolder(isAbsolute(input.path) ? dir : input.path, input.dtype);
    const name = this.newName(input.name ?? basename(dir), 'folder');
    return this.register({ name, source: 'folder', dir, ...facts });
  }

  /** Downloads a model from the hub into the data folder, with progress events, then registers it. */
  async download(
    input: { repo: string; name?: string | undefined; dtype?: LocalDtype | undefined; revision: string },
    signal?: AbortSignal,
  ): Promise<LocalModel> {
    const { repo } = input;
    const name = this.newName(input.name ?? repo.split('/')[1]!, 'download');
    if (this.downloads.has(repo)) {
      throw new AppError('CONFLICT', `${repo} is already being downloaded.`, { hint: 'Wait for it to finish, or cancel it.' });
    }
    const target = join(this.modelsRoot(), ...repo.split('/'));
    const owner = this.deps.registry.list().find((m) => resolve(m.dir) === target);
    if (owner) {
      throw new AppError('CONFLICT', `${repo} is already downloaded, as "${owner.name}".`, { hint: 'Use that model, or remove it first.' });
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.downloads.set(repo, controller);
    try {
      const { dtype } = await downloadHubModel({
        endpoint: this.deps.endpoint(),
        repo,
        revision: input.revision,
        dtype: input.dtype,
        target,
        signal: controller.signal,
        onProgress: (p) => this.deps.bus.publish('models.download.progress', { repo, ...p }),
      });
      try {
        const facts = inspectModelFolder(target, dtype);
        return await this.register({ name, source: 'download', dir: target, repo, ...facts });
      } catch (error) {
        await rm(target, { recursive: true, force: true });
        throw error;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.downloads.delete(repo);
    }
  }

  cancel(repo: string): boolean {
    const controller = this.downloads.get(repo);
    controller?.abort();
    return controller !== undefined;
  }

  /** Forgets a user model; refused while a knowledge base uses it. Downloaded files are deleted. */
  async remove(name: string): Promise<boolean> {
    const model = this.deps.registry.find(name);
    if (!model) return false;
    if (model.source === 'builtin') {
      throw new AppError('VALIDATION', `${name} ships with the app and cannot be removed.`, { hint: 'Only models you added can be removed.' });
    }
    const users = await this.deps.usersOf(name);
    if (users.length) {
      throw new AppError('CONFLICT', `${name} is used by ${users.map((u) => `"${u}"`).join(', ')}.`, {
        hint: 'Switch those knowledge bases to another embedder (or delete them) first.',
      });
    }
    await this.deps.release(name);
    this.deps.registry.remove(name);
    if (model.source === 'download' && this.isUnderModelsRoot(model.dir)) await rm(model.dir, { recursive: true, force: true });
    return true;
  }

  /** Aborts downloads in progress (engine shutdown). */
  close(): void {
    for (const controller of this.downloads.values()) controller.abort();
  }

  private async register(model: Omit<UserModel, 'dimensions' | 'addedAt'>): Promise<LocalModel> {
    const dimensions = await measureLocalModel(
      { name: model.name, repo: model.dir, dtype: model.dtype, maxTokens: model.maxTokens },
      { modelsDir: this.deps.registry.modelsDir },
    );
    const record: UserModel = { ...model, dimensions, addedAt: new Date().toISOString() };
    this.deps.registry.add(record);
    return record;
  }

  private newName(candidate: string, from: 'folder' | 'download'): string {
    const parsed = LocalModelName.safeParse(candidate);
    if (!parsed.success) {
      throw new AppError('VALIDATION', `"${candidate}" cannot be a model name.`, {
        hint: `Give a name of letters, digits, ".", "-" or "_"${from === 'folder' ? ' (the folder name was used)' : ''}.`,
        issues: [{ path: ['name'], message: parsed.error.issues[0]?.message ?? 'Invalid name' }],
      });
    }
    if (this.deps.registry.find(parsed.data)) throw nameTaken(parsed.data);
    return parsed.data;
  }

  private modelsRoot(): string {
    return resolve(this.deps.dataDir, 'models');
  }

  private isUnderModelsRoot(dir: string): boolean {
    return isStrictlyInside(this.modelsRoot(), resolve(dir));
  }
}
