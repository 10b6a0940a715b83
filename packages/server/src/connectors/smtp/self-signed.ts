// Test helper: a throwaway self-signed certificate for 127.0.0.1 / localhost, made with the
// `openssl` command line tool (no extra dependency). Returns undefined when openssl is missing, so
// TLS tests can be skipped rather than fail on such a machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type TestCertificate = { key: string; cert: string };

export function createSelfSignedCertificate(commonName = 'localhost'): TestCertificate | undefined {
  const directory = mkdtempSync(path.join(tmpdir(), 'signet-smtp-cert-'));
  try {
    const keyFile = path.join(directory, 'key.pem');
    const certFile = path.join(directory, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
        '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout', keyFile, '-out', certFile,
      ],
      { stdio: 'ignore', timeout: 10_000 },
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
