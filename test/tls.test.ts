import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CognitoIdentityProviderClient, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig, publicUrlOf } from '../src/config/config.ts';
import { databases, freePort, startTestServer } from './helpers/server.ts';
import { selfSignedCertificate, type TestCertificate } from './helpers/tls.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

function httpsJson(url: string, ca: Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    }).on('error', reject);
  });
}

/** The README's fenced blocks of one language, in order. */
function readmeBlocks(lang: string): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1] ?? '');
}

function onlyBlock(lang: string, marker: string): string {
  const found = readmeBlocks(lang).filter((b) => b.includes(marker));
  assert.equal(found.length, 1, `exactly one \`\`\`${lang} block of the README contains ${marker}`);
  return found[0]!;
}

/** Runs a README JS example as printed (only its server URL replaced) in a fresh node, from the project root so its imports resolve. */
async function runExample(code: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', code], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 });
  return stdout;
}

let cert: TestCertificate;
before(() => {
  cert = selfSignedCertificate();
});
after(() => cert.remove());

describe('TLS config', () => {
  it('reads USERPOOL_TLS_CERT / USERPOOL_TLS_KEY (and tlsCert / tlsKey from the config file); the public URL becomes https', () => {
    const config = loadConfig({ USERPOOL_TLS_CERT: cert.certPath, USERPOOL_TLS_KEY: cert.keyPath });
    assert.equal(config.tlsCert, cert.certPath);
    assert.equal(config.tlsKey, cert.keyPath);
    assert.equal(publicUrlOf(config, 9339), 'https://127.0.0.1:9339');
    assert.equal(publicUrlOf(loadConfig({}), 9339), 'http://127.0.0.1:9339');
    const dir = mkdtempSync(join(tmpdir(), 'userpool-tls-config-'));
    try {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ tlsCert: cert.certPath, tlsKey: cert.keyPath }));
      const fromFile = loadConfig({ USERPOOL_CONFIG: join(dir, 'config.json') });
      assert.equal(fromFile.tlsCert, cert.certPath);
      assert.equal(fromFile.tlsKey, cert.keyPath);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a certificate without its key, and the other way round', () => {
    assert.throws(() => loadConfig({ USERPOOL_TLS_CERT: cert.certPath }), /USERPOOL_TLS_CERT and USERPOOL_TLS_KEY go together/);
    assert.throws(() => loadConfig({ USERPOOL_TLS_KEY: cert.keyPath }), /USERPOOL_TLS_CERT and USERPOOL_TLS_KEY go together/);
  });

  it('does not start with a missing file or a key of another certificate, and says why', async () => {
    await assert.rejects(startTestServer('sqlite', { tlsCert: join(tmpdir(), 'no-such-cert.pem'), tlsKey: cert.keyPath }), /USERPOOL_TLS_CERT: cannot read .*no-such-cert\.pem/);
    const other = selfSignedCertificate();
    try {
      await assert.rejects(startTestServer('sqlite', { tlsCert: cert.certPath, tlsKey: other.keyPath }), /are not a PEM certificate and its private key/);
    } finally {
      other.remove();
    }
  });
});

describe('HTTPS listener', () => {
  it('serves the API, discovery and JWKS over HTTPS with https:// issuer and endpoints', async () => {
    const server = await startTestServer('sqlite', { tlsCert: cert.certPath, tlsKey: cert.keyPath });
    const client = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: { httpsAgent: new Agent({ ca: cert.cert }) },
    });
    try {
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'tls' }));
      const discovery = await httpsJson(`${server.url}/${UserPool!.Id!}/.well-known/openid-configuration`, cert.cert);
      assert.equal(discovery.status, 200);
      assert.equal(discovery.json['issuer'], `${server.url}/${UserPool!.Id!}`);
      assert.equal(discovery.json['jwks_uri'], `${server.url}/${UserPool!.Id!}/.well-known/jwks.json`);
      const jwks = await httpsJson(discovery.json['jwks_uri'] as string, cert.cert);
      assert.ok(Array.isArray(jwks.json['keys']) && jwks.json['keys'].length > 0);
      // The port speaks only TLS: a plain HTTP request gets no API answer.
      await assert.rejects(fetch(`${server.url.replace('https:', 'http:')}/health`));
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('npm start serves HTTPS with USERPOOL_TLS_CERT / USERPOOL_TLS_KEY and logs the https URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'userpool-tls-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dir}/userpool.db`, USERPOOL_DATA_DIR: dir, LOG_LEVEL: 'info', USERPOOL_TLS_CERT: cert.certPath, USERPOOL_TLS_KEY: cert.keyPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const end = Date.now() + 30_000;
      for (;;) {
        const health = await httpsJson(`https://localhost:${port}/health`, cert.cert).catch(() => undefined);
        if (health?.json['status'] === 'ok') break;
        if (Date.now() > end) throw new Error(`no HTTPS health answer; output: ${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(output, new RegExp(`"url":"https://127\\.0\\.0\\.1:${port}"`));
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('aws-jwt-verify, the README examples as printed', async () => {
  for (const kind of await databases()) {
    it(`CognitoJwtVerifier + cacheJwks over HTTP with USERPOOL_ISSUER=aws verifies access and ID tokens (${kind})`, async () => {
      const code = onlyBlock('js', 'CognitoJwtVerifier');
      const server = await startTestServer(kind, { issuerStyle: 'aws' });
      try {
        const out = await runExample(code.replaceAll('http://127.0.0.1:9339', server.url));
        assert.deepEqual(out.trim().split('\n'), ['access', 'id']);
      } finally {
        await server.close();
      }
    });

    it(`JwtRsaVerifier over HTTPS (certificate from the README's openssl line, NODE_EXTRA_CA_CERTS) verifies access and ID tokens (${kind})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'userpool-readme-tls-'));
      try {
        await run('sh', ['-e', '-c', onlyBlock('sh', 'openssl req -x509')], { cwd: dir });
        const server = await startTestServer(kind, { tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem') });
        try {
          const code = onlyBlock('js', 'JwtRsaVerifier');
          const out = await runExample(code.replaceAll('https://127.0.0.1:9339', server.url), { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') });
          assert.deepEqual(out.trim().split('\n'), ['id', 'access']);
        } finally {
          await server.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
