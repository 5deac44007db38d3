import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  dataDir: string;
  level?: string;
  /** Pretty, human-readable lines on stderr (development). */
  pretty?: boolean;
  /** Keys whose values never reach a log. */
  redact?: string[];
}

/**
 * Structured JSON logs to a rotating file in `<dataDir>/logs` (pino-roll: daily or 10 MB, 7 files
 * kept), plus pretty output on stderr in development. Runs the transports off the main thread.
 */
export function createLogger(options: LoggerOptions): Logger {
  const dir = join(options.dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const targets: pino.TransportTargetOptions[] = [
    {
      target: 'pino-roll',
      level: options.level ?? 'info',
      options: { file: join(dir, 'agent-factory'), extension: '.log', frequency: 'daily', size: '10m', limit: { count: 7 }, mkdir: true },
    },
  ];
  if (options.pretty) targets.push({ target: 'pino-pretty', level: options.level ?? 'debug', options: { destination: 2 } });
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: ['apiKey', '*.apiKey', 'headers.authorization', '*.headers.authorization', 'token', ...(options.redact ?? [])], censor: '[redacted]' },
    },
    pino.transport({ targets }),
  );
}

/** A logger that drops everything (tests, and code paths before the data folder is known). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
