import { pino, type Logger } from 'pino';
import type { Env } from './env.ts';

/** Structured JSON logs. Secrets never reach them: these paths are redacted wherever they appear. */
export function createLogger(level: Env['logLevel']): Logger {
  return pino({
    level,
    redact: {
      paths: ['*.password', '*.secret', '*.client_secret', '*.authorization', '*.headers.authorization', '*.headers.cookie', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}
