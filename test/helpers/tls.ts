import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  /** PEM files, for USERPOOL_TLS_CERT / USERPOOL_TLS_KEY and NODE_EXTRA_CA_CERTS. */
  certPath: string;
  keyPath: string;
  /** The certificate itself, for an https.Agent's `ca`. */
  cert: Buffer;
  remove(): void;
}

/** A throw-away self-signed certificate for localhost and 127.0.0.1, made by the openssl CLI in a temp dir. */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'userpool-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'pipe' });
  return { certPath, keyPath, cert: readFileSync(certPath), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
