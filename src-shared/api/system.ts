import { z } from 'zod';
import { SecretName, Settings, SettingsView } from '../entities/settings';
import { method } from './define';

export const DoctorCheck = z.object({
  name: z.string(),
  status: z.enum(['ok', 'warn', 'error', 'skipped']),
  detail: z.string(),
  /** How to fix it, when status is not ok. */
  fix: z.string().optional(),
});
export type DoctorCheck = z.infer<typeof DoctorCheck>;

export const systemMethods = {
  'system.info': method(
    z.object({}).strict().default({}),
    z.object({ version: z.string(), database: z.string(), dataDir: z.string(), mode: z.enum(['electron', 'headless', 'cli']) }),
  ),
  'system.doctor': method(z.object({}).strict().default({}), z.array(DoctorCheck)),
  'settings.get': method(z.object({}).strict().default({}), SettingsView),
  'settings.update': method(
    z.object({ patch: Settings.omit({ version: true }).partial() }).strict(),
    SettingsView,
  ),
  'secrets.set': method(
    z.object({ name: SecretName, value: z.string().max(10_000).nullable() }).strict(),
    z.object({ name: SecretName, set: z.boolean() }),
  ),
};

export const systemEvents = {
  'settings.changed': SettingsView,
};
