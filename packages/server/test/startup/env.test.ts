import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../src/env.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ port: 3001, endpoint: 'http://localhost:3001', dataDir: './.signet', databaseUrl: undefined, logLevel: 'info' });
  });

  it('derives the endpoint from PORT and strips a trailing slash', () => {
    expect(parseEnv({ PORT: '4000' }).endpoint).toBe('http://localhost:4000');
    expect(parseEnv({ ENDPOINT: 'https://id.example.com/' }).endpoint).toBe('https://id.example.com');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ ENDPOINT: 'not a url' }, 'ENDPOINT'],
    [{ ENDPOINT: 'ftp://id.example.com' }, 'ENDPOINT'],
    [{ ENDPOINT: 'https://id.example.com/base' }, 'ENDPOINT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SIGNET_SECRET_KEY: 'short' }, 'SIGNET_SECRET_KEY'],
    [{ SIGNET_ADMIN_USERNAME: 'admin' }, 'SIGNET_ADMIN_PASSWORD'],
    [{ SIGNET_ADMIN_CLIENT_SECRET: 'x'.repeat(20) }, 'SIGNET_ADMIN_CLIENT_ID'],
    [{ SIGNET_ADMIN_CLIENT_ID: 'bad id!', SIGNET_ADMIN_CLIENT_SECRET: 'x'.repeat(20) }, 'SIGNET_ADMIN_CLIENT_ID'],
  ])('refuses %o with a message naming %s', (source, variable) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`\\b${variable}\\b`));
  });
});
