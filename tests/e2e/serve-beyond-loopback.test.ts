import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket, type ClientOptions } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWsClient, webSocketUrl, type WsClient } from '@shared/client/ws-client';
import { CLI, requireBuild, runCli, tempDataDir } from '../helpers/serve';

/** A self-signed certificate for 127.0.0.1 and localhost, made by openssl for this test. */
function testCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key };
}

/** `serve` with extra arguments; resolves with its URL line, or rejects with its exit code and stderr. */
function startServeWith(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const proc = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', (line) => resolve(line.trim()));
    void exited.then((code) => reject(Object.assign(new Error(`serve exited with ${code}:\n${stderr}`), { code, stderr })));
  });
  return {
    url,
    exited,
    stderr: () => stderr,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

/** The app's client over wss://, trusting the test's certificate. */
function tlsClient(origin: string, credential: string, ca: Buffer): WsClient {
  class TrustingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { ca } satisfies ClientOptions);
    }
  }
  return createWsClient({ url: webSocketUrl(origin, credential), WebSocket: TrustingWebSocket, reconnect: false });
}

describe('serve beyond loopback', () => {
  const dataDir = tempDataDir('af-serve-remote-');
  const opensslPresent = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  beforeAll(() => requireBuild());
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses --host 0.0.0.0 without TLS or --behind-proxy, with a clear error and a non-zero exit', async () => {
    const served = startServeWith(dataDir, ['--host', '0.0.0.0']);
    const failure = await served.url.then(
      (line) => {
        void served.stop();
        throw new Error(`serve started: ${line}`);
      },
      (error: { code: number | null; stderr: string }) => error,
    );
    expect(failure.code).not.toBe(0);
    expect(failure.code).not.toBeNull();
    expect(failure.stderr).toContain('Error (CONFIG): Refusing to listen on 0.0.0.0 without TLS');
    expect(failure.stderr).toContain('--tls-cert');
  });

  it('refuses half a TLS configuration', async () => {
    const result = await runCli(dataDir, ['serve', '--host', '0.0.0.0', '--tls-cert', '/nonexistent.pem']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('TLS needs both --tls-cert and --tls-key');
  });

  it.skipIf(!opensslPresent)('with TLS: an API key works over wss://, the per-start token does not', async () => {
    const { cert, key } = testCertificate(dataDir);
    // The key is made before the server starts (beyond loopback, the CLI's token would be refused).
    const made = await runCli(dataDir, ['keys', 'create', 'remote-reader', '--scope', 'read']);
    expect(made.code).toBe(0);
    const secret = made.stdout.trim();
    expect(secret).toMatch(/^af_[0-9a-f]{8}_/);
    expect(made.stderr).toContain('not shown again');

    const token = 'per-start-token-for-this-test-000000000';
    const served = startServeWith(dataDir, ['--host', '0.0.0.0', '--tls-cert', cert, '--tls-key', key], { AGENT_FACTORY_TOKEN: token });
    try {
      const url = new URL(await served.url);
      expect(url.protocol).toBe('https:');
      expect(url.searchParams.get('token')).toBeNull();
      expect(served.stderr()).toContain('only API keys are accepted');
      const ca = readFileSync(cert);

      const withKey = tlsClient(url.origin, secret, ca);
      await withKey.ready();
      expect(await withKey.call('agents.list', {})).toEqual([]);
      await expect(withKey.call('settings.get', {})).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('admin scope') });
      withKey.close();

      const withToken = tlsClient(url.origin, token, ca);
      await withToken.ready();
      await expect(withToken.call('agents.list', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      expect(withToken.status).toBe('unauthorized');

      // Plain ws:// to the TLS port is not spoken at all.
      const plain = new WebSocket(`ws://127.0.0.1:${url.port}/api/ws?token=${secret}`);
      await expect(new Promise((resolve, reject) => plain.once('open', resolve).once('error', reject))).rejects.toBeDefined();
    } finally {
      expect(await served.stop()).toBe(0);
    }

    // The calls made with the key were audited (read afterwards with the engine in this process).
    const audit = await runCli(dataDir, ['--json', 'keys', 'audit', '--key', 'remote-reader']);
    expect(audit.code).toBe(0);
    const entries = JSON.parse(audit.stdout) as Array<{ method: string; outcome: string }>;
    expect(entries.map((e) => [e.method, e.outcome])).toEqual([
      ['settings.get', 'forbidden'],
      ['agents.list', 'ok'],
    ]);
    expect(audit.stdout).not.toContain(secret);
  });

  it('lists and revokes keys from the CLI, and rejects an unknown scope', async () => {
    const list = JSON.parse((await runCli(dataDir, ['keys', 'list', '--json'])).stdout) as Array<{ name: string; revokedAt: string | null; prefix: string }>;
    const reader = list.find((k) => k.name === 'remote-reader');
    expect(reader ?? list).toMatchObject({ revokedAt: null, prefix: expect.stringMatching(/^af_/) });
    expect((await runCli(dataDir, ['keys', 'revoke', 'remote-reader'])).stdout).toContain('Revoked "remote-reader"');
    const after = JSON.parse((await runCli(dataDir, ['keys', 'list', '--json'])).stdout) as Array<{ name: string; revokedAt: string | null }>;
    expect(after.find((k) => k.name === 'remote-reader')?.revokedAt).not.toBeNull();
    const bad = await runCli(dataDir, ['keys', 'create', 'x', '--scope', 'root']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--scope must be one of read, run, admin, metrics');
  });
});
