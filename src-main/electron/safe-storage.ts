import { safeStorage } from 'electron';
import type { SecretStorageFacts } from '../engine/config/secret-policy';
import type { SecretCipher } from '../engine/config/secrets';

/**
 * What safeStorage offers, asked after `ready` (before it, Linux and Windows answer "unavailable"),
 * and a cipher over it: the async API where this Electron has it (the sync one is removed in
 * Electron 46). The engine decides what to do with them (secretPolicy); this only adapts.
 */
export async function desktopSecretStorage(): Promise<{ facts: SecretStorageFacts; cipher?: SecretCipher }> {
  const platform = process.platform;
  const storage = safeStorage as Partial<typeof safeStorage>;
  let backend: string | undefined;
  if (platform === 'linux' && typeof storage.getSelectedStorageBackend === 'function') {
    try {
      backend = storage.getSelectedStorageBackend();
    } catch {
      backend = undefined;
    }
  }
  const hasAsync = typeof storage.isAsyncEncryptionAvailable === 'function';
  const asyncAvailable = hasAsync ? await safeStorage.isAsyncEncryptionAvailable().catch(() => false) : undefined;
  const syncAvailable = !hasAsync && typeof storage.isEncryptionAvailable === 'function' ? safeStorage.isEncryptionAvailable() : undefined;
  const facts: SecretStorageFacts = {
    platform,
    ...(backend ? { backend } : {}),
    ...(asyncAvailable !== undefined ? { asyncAvailable } : {}),
    ...(syncAvailable !== undefined ? { syncAvailable } : {}),
  };
  const label = `safeStorage:${backend ?? (platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : platform)}`;
  if (asyncAvailable) {
    return {
      facts,
      cipher: {
        backend: label,
        encrypt: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
        decrypt: async (sealed) => (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result,
      },
    };
  }
  if (syncAvailable) {
    return {
      facts,
      cipher: {
        backend: label,
        encrypt: async (plain) => safeStorage.encryptString(plain).toString('base64'),
        decrypt: async (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
      },
    };
  }
  return { facts };
}
