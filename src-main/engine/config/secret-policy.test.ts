import { describe, expect, it } from 'vitest';
import { HEADLESS_SECRET_POLICY, secretPolicy, secretStorageView } from './secret-policy';

const base = { userOptedInPlain: false } as const;

describe('secretPolicy (how the desktop app stores API keys)', () => {
  it('encrypts with the async API when this Electron has it and the keychain is there', () => {
    expect(secretPolicy({ ...base, platform: 'darwin', asyncAvailable: true })).toEqual({ mode: 'encrypt', api: 'async' });
    expect(secretPolicy({ ...base, platform: 'win32', asyncAvailable: true, syncAvailable: true })).toEqual({ mode: 'encrypt', api: 'async' });
    expect(secretPolicy({ ...base, platform: 'linux', backend: 'gnome_libsecret', asyncAvailable: true })).toEqual({ mode: 'encrypt', api: 'async' });
    expect(secretPolicy({ ...base, platform: 'linux', backend: 'kwallet5', asyncAvailable: true })).toMatchObject({ mode: 'encrypt' });
  });

  it('falls back to the sync API only where the async one does not exist', () => {
    expect(secretPolicy({ ...base, platform: 'win32', syncAvailable: true })).toEqual({ mode: 'encrypt', api: 'sync' });
    // The async API exists but says no: the sync one is not a way around it.
    expect(secretPolicy({ ...base, platform: 'win32', asyncAvailable: false, syncAvailable: true }).mode).toBe('session-only');
  });

  it('treats Linux basic_text (a key hard-coded in Electron) as no keychain: session only, with the remedy', () => {
    const policy = secretPolicy({ ...base, platform: 'linux', backend: 'basic_text', asyncAvailable: true, syncAvailable: true });
    expect(policy.mode).toBe('session-only');
    expect(policy.reason).toMatch(/basic_text/);
    expect(policy.reason).toMatch(/not written to disk/);
    expect(policy.remedy).toContain('--password-store=gnome-libsecret');
    expect(policy.remedy).toContain('--password-store=kwallet5');
  });

  it('stores plain text only when the user opted in, and says so', () => {
    const policy = secretPolicy({ platform: 'linux', backend: 'basic_text', asyncAvailable: true, userOptedInPlain: true });
    expect(policy.mode).toBe('plain');
    expect(policy.reason).toMatch(/You chose to store keys in plain text/);
    // The opt-in changes nothing where the keychain encrypts.
    expect(secretPolicy({ platform: 'darwin', asyncAvailable: true, userOptedInPlain: true }).mode).toBe('encrypt');
  });

  it('keeps keys for the session when the keychain is missing or locked, naming it', () => {
    expect(secretPolicy({ ...base, platform: 'linux', backend: 'gnome_libsecret', asyncAvailable: false })).toMatchObject({
      mode: 'session-only',
      reason: expect.stringContaining('gnome_libsecret'),
      remedy: expect.stringContaining('Unlock or start the keyring'),
    });
    expect(secretPolicy({ ...base, platform: 'linux', backend: 'unknown', asyncAvailable: true }).mode).toBe('session-only');
    expect(secretPolicy({ ...base, platform: 'linux', asyncAvailable: true }).mode).toBe('session-only');
    expect(secretPolicy({ ...base, platform: 'darwin', asyncAvailable: false }).reason).toContain('macOS Keychain');
    expect(secretPolicy({ ...base, platform: 'win32' }).reason).toContain('Windows DPAPI');
  });

  it('offers the opt-in only in the desktop app, and only when keys are not encrypted', () => {
    const facts = { platform: 'linux', backend: 'basic_text', asyncAvailable: true };
    const session = secretPolicy({ ...facts, userOptedInPlain: false });
    expect(secretStorageView(session, facts, false)).toMatchObject({ mode: 'session-only', backend: 'basic_text', canOptInPlain: true, allowPlainText: false });
    expect(secretStorageView({ mode: 'encrypt', api: 'async' }, { platform: 'darwin', asyncAvailable: true }, false).canOptInPlain).toBe(false);
    expect(secretStorageView(HEADLESS_SECRET_POLICY, undefined, false)).toMatchObject({ mode: 'plain', canOptInPlain: false, reason: expect.stringContaining('0600') });
  });
});
