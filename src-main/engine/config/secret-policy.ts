import type { SecretStorageMode, SecretStorageView } from '@shared/entities/settings';

/**
 * What the desktop shell learned about the OS's secret storage, once the app is ready (before
 * `ready`, Electron's safeStorage answers "unavailable" on Linux and Windows).
 */
export interface SecretStorageFacts {
  /** `process.platform`. */
  platform: string;
  /** `safeStorage.getSelectedStorageBackend()` on Linux (`basic_text`, `gnome_libsecret`, `kwallet5`…). */
  backend?: string;
  /** `safeStorage.isAsyncEncryptionAvailable()`; undefined when this Electron has no async API. */
  asyncAvailable?: boolean;
  /** The deprecated `safeStorage.isEncryptionAvailable()` (removed in Electron 46); undefined when absent. */
  syncAvailable?: boolean;
}

export interface SecretPolicyInput extends SecretStorageFacts {
  /** The user chose, in Settings, to store keys in plain text when they cannot be encrypted. */
  userOptedInPlain: boolean;
}

export interface SecretPolicy {
  mode: SecretStorageMode;
  /** Which safeStorage API encrypts, in mode `encrypt`. */
  api?: 'async' | 'sync';
  /** Why keys are not encrypted (modes `session-only` and `plain`). */
  reason?: string;
  /** What the user can do about it. */
  remedy?: string;
}

const LINUX_REMEDY =
  'Start Agent Factory with --password-store=gnome-libsecret (GNOME, Xfce, Cinnamon and other desktops with a Secret Service such as gnome-keyring or KeePassXC) or --password-store=kwallet5 (KDE), or provide the keys through environment variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, OPENAI_COMPATIBLE_API_KEY).';
const OTHER_REMEDY =
  'Restart Agent Factory once the keychain is available, or provide the keys through environment variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, OPENAI_COMPATIBLE_API_KEY).';
const ENV_HINT = 'Keys from environment variables are never stored.';

function unavailableReason(facts: SecretStorageFacts): { reason: string; remedy: string } {
  if (facts.platform === 'linux') {
    if (facts.backend === 'basic_text') {
      return {
        reason:
          'No OS keyring was found, so Electron would encrypt with its basic_text backend, whose key is hard-coded in Electron: anyone who can read the data folder could read the keys.',
        remedy: LINUX_REMEDY,
      };
    }
    if (!facts.backend || facts.backend === 'unknown') {
      return { reason: 'The OS keyring could not be determined.', remedy: LINUX_REMEDY };
    }
    return {
      reason: `The OS keyring (${facts.backend}) is not available: it may be locked, or its service is not running.`,
      remedy: `Unlock or start the keyring and restart Agent Factory. ${LINUX_REMEDY}`,
    };
  }
  const keychain = facts.platform === 'darwin' ? 'The macOS Keychain' : facts.platform === 'win32' ? 'Windows DPAPI' : 'OS encryption';
  return { reason: `${keychain} is not available to Agent Factory.`, remedy: OTHER_REMEDY };
}

/**
 * How the desktop app stores API keys. Encrypted with the OS keychain when it is really there (the
 * async safeStorage API when this Electron has it); otherwise the keys are kept for the session
 * only, unless the user opted in to plain storage. Linux's `basic_text` backend counts as no
 * keychain: its key is the same in every Electron app.
 */
export function secretPolicy(input: SecretPolicyInput): SecretPolicy {
  const weakBackend = input.platform === 'linux' && (input.backend === 'basic_text' || !input.backend || input.backend === 'unknown');
  if (!weakBackend) {
    if (input.asyncAvailable === true) return { mode: 'encrypt', api: 'async' };
    if (input.asyncAvailable === undefined && input.syncAvailable === true) return { mode: 'encrypt', api: 'sync' };
  }
  const { reason, remedy } = unavailableReason(input);
  if (input.userOptedInPlain) {
    return {
      mode: 'plain',
      reason: `${reason} You chose to store keys in plain text, in a file only your user account can read.`,
      remedy,
    };
  }
  return {
    mode: 'session-only',
    reason: `${reason} Keys you enter are kept until Agent Factory quits, and not written to disk. ${ENV_HINT}`,
    remedy,
  };
}

/** What a headless engine (CLI, `serve`) does: no keychain, a 0600 file. */
export const HEADLESS_SECRET_POLICY: SecretPolicy = {
  mode: 'plain',
  reason:
    'The CLI and serve have no access to the OS keychain: keys are stored in plain text in secrets.json, readable only by your user account (0600 on Linux and macOS).',
  remedy: 'Prefer environment variables on shared machines, or set keys from the desktop app, which encrypts them.',
};

/** The policy as Settings shows it. */
export function secretStorageView(policy: SecretPolicy, facts: SecretStorageFacts | undefined, allowPlainText: boolean): SecretStorageView {
  return {
    mode: policy.mode,
    ...(facts?.backend ? { backend: facts.backend } : {}),
    ...(policy.reason ? { reason: policy.reason } : {}),
    ...(policy.remedy ? { remedy: policy.remedy } : {}),
    // Only the desktop app can switch: headless engines always store plain text.
    canOptInPlain: facts !== undefined && policy.mode !== 'encrypt',
    allowPlainText,
  };
}
