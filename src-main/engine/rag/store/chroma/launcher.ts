import { createRequire } from 'node:module';
import { AppError } from '@shared/errors';

/** The name of chromadb's native bindings package for this platform (as chromadb's own loader picks it). */
export function bindingPackage(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const target =
    platform === 'linux' && (arch === 'x64' || arch === 'arm64')
      ? `linux-${arch}-gnu`
      : platform === 'darwin' && (arch === 'x64' || arch === 'arm64')
        ? `darwin-${arch}`
        : platform === 'win32' && arch === 'arm64'
          ? 'win32-arm64-msvc'
          : undefined;
  if (!target) {
    throw new AppError('UNAVAILABLE', `A local Chroma server cannot run on ${platform}/${arch}.`, {
      hint: 'Use pgvector for this knowledge base, or set a Chroma server URL in Settings.',
    });
  }
  return `chromadb-js-bindings-${target}`;
}

/** What the launcher needs: where to resolve the bindings from, which package, and the CLI arguments. */
export function launcherInput(
  path: string,
  port: number,
): { from: string; binding: string; argv: string[] } {
  const binding = bindingPackage();
  const require = createRequire(import.meta.url);
  let from: string;
  try {
    from = require.resolve('chromadb');
    createRequire(from).resolve(binding);
  } catch (cause) {
    throw new AppError('UNAVAILABLE', `The local Chroma server is not installed (${binding}).`, {
      hint: 'Reinstall Agent Factory, or use pgvector / a Chroma server URL in Settings.',
      cause,
    });
  }
  return {
    from,
    binding,
    argv: ['chroma', 'run', '--path', path, '--host', '127.0.0.1', '--port', String(port)],
  };
}
