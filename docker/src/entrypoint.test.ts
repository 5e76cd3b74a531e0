// entrypoint.sh run for real (bash, base64, gzip), exec'ing a stand-in that records what the
// gateway would receive. The real gateway boots through it in entrypoint.int.test.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import { packGatewayConfig, unpackGatewayConfig } from '@cagw/config-render';
import { buildPostgresUrl, SSL_MODES } from '@cagw/dsn';
import { entrypointSandbox } from './test-support/entrypoint-run.ts';

const sandbox = entrypointSandbox();
afterAll(() => sandbox.remove());

const CONFIG_YAML = 'listen:\n  port: 8080 # comment dropped by packing\nstore:\n  postgres_url: ${GATEWAY_POSTGRES_URL}\n';
const PASSWORD = 'p#w%d&x@y/z?q:r s+t=é';
const base = {
  GATEWAY_CONFIG_PACKED: packGatewayConfig(CONFIG_YAML),
  GATEWAY_PG_HOST: 'cagw-db.abc123.eu-west-1.rds.amazonaws.com',
  GATEWAY_PG_PASSWORD: PASSWORD,
};

function expectOneLineFailure(run: ReturnType<typeof sandbox.run>, startsWith: string) {
  expect(run.status).toBe(1);
  expect(run.exec).toBeUndefined();
  expect(run.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  expect(run.stderr).toMatch(new RegExp(`^entrypoint: ${startsWith}`));
  expect(run.stderr).not.toContain('x@y/z'); // no piece of the password
}

describe('entrypoint.sh', () => {
  test('unpacks the config, builds the postgres URL, and execs `claude gateway --config <file>`', () => {
    const run = sandbox.run({ ...base, GATEWAY_PG_USER: 'gateway', GATEWAY_PG_DATABASE: 'claude_gateway', GATEWAY_PG_PORT: '5432' });
    expect(run.stderr).toBe('');
    expect(run.exec?.argv).toEqual(['gateway', '--config', join(sandbox.configDir, 'gateway.yaml')]);
    expect(run.exec?.config).toBe(unpackGatewayConfig(base.GATEWAY_CONFIG_PACKED));
    expect(run.exec?.env.GATEWAY_POSTGRES_URL).toBe(
      'postgres://gateway:p%23w%25d%26x%40y%2Fz%3Fq%3Ar%20s%2Bt%3D%C3%A9@cagw-db.abc123.eu-west-1.rds.amazonaws.com:5432/claude_gateway?sslmode=verify-full',
    );
  });

  test('keeps PG* variables, the raw secret fields and the packed config out of the gateway environment', () => {
    const run = sandbox.run({ ...base, PGDATABASE: 'postgres', PGPASSWORD: 'x', PGHOST: 'elsewhere', GATEWAY_PG_SSLMODE: 'require' });
    const names = Object.keys(run.exec?.env ?? {});
    expect(names).toContain('GATEWAY_POSTGRES_URL');
    expect(names.filter((n) => n.startsWith('PG') || n.startsWith('GATEWAY_PG_') || n === 'GATEWAY_CONFIG_PACKED' || n === 'CLAUDE_BIN')).toEqual([]);
  });

  test('reads the password from GATEWAY_PG_PASSWORD_FILE', () => {
    const file = join(sandbox.dir, 'pg-password');
    writeFileSync(file, PASSWORD);
    const run = sandbox.run({ ...base, GATEWAY_PG_PASSWORD: '', GATEWAY_PG_PASSWORD_FILE: file });
    expect(run.exec?.env.GATEWAY_POSTGRES_URL).toBe(buildPostgresUrl({ host: base.GATEWAY_PG_HOST, database: 'gateway', user: 'gateway', password: PASSWORD }));
    expect(run.exec?.env).not.toHaveProperty('GATEWAY_PG_PASSWORD_FILE');
  });

  test('passes a full GATEWAY_POSTGRES_URL through untouched', () => {
    const url = 'postgresql://gw:secret@db.internal:6432/gw?sslmode=require';
    const run = sandbox.run({ GATEWAY_CONFIG_PACKED: base.GATEWAY_CONFIG_PACKED, GATEWAY_POSTGRES_URL: url });
    expect(run.exec?.env.GATEWAY_POSTGRES_URL).toBe(url);
  });

  test('uses a mounted config when nothing is packed', () => {
    const configPath = join(sandbox.dir, 'mounted.yaml');
    writeFileSync(configPath, CONFIG_YAML);
    const run = sandbox.run({ GATEWAY_PG_HOST: 'db', GATEWAY_PG_PASSWORD: 'pw', GATEWAY_CONFIG_PATH: configPath });
    expect(run.exec?.argv[2]).toBe(configPath);
    expect(run.exec?.config).toBe(CONFIG_YAML);
  });

  test.each<[string, Record<string, string>, string]>([
    ['the database host', { GATEWAY_PG_HOST: '' }, 'GATEWAY_PG_HOST is not set: set it to the database endpoint'],
    ['the password', { GATEWAY_PG_PASSWORD: undefined as never }, 'GATEWAY_PG_PASSWORD is not set: map it from the database secret'],
    ['the config', { GATEWAY_CONFIG_PACKED: '' }, 'GATEWAY_CONFIG_PACKED is not set and .*gateway.yaml does not exist'],
    ['a readable password file', { GATEWAY_PG_PASSWORD: '', GATEWAY_PG_PASSWORD_FILE: '/nonexistent/pw' }, 'GATEWAY_PG_PASSWORD_FILE names /nonexistent/pw, which cannot be read'],
  ])('fails with one clear line when %s is missing', (_what, change, message) => {
    const env = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== undefined));
    expectOneLineFailure(sandbox.run(env), message);
  });

  test.each<[string, Record<string, string>, string]>([
    ['a packed config that is not gzip+base64', { GATEWAY_CONFIG_PACKED: 'bm90IGd6aXA=' }, 'GATEWAY_CONFIG_PACKED is not gzip\\+base64'],
    ['a port that is not a number', { GATEWAY_PG_PORT: '54x2' }, 'GATEWAY_PG_PORT "54x2" is not a port number'],
    ['a port out of range', { GATEWAY_PG_PORT: '70000' }, 'GATEWAY_PG_PORT "70000" is not a port number'],
    ['an unknown sslmode', { GATEWAY_PG_SSLMODE: 'verify' }, 'GATEWAY_PG_SSLMODE "verify" is not a libpq sslmode'],
    ['a password both inline and from a file', { GATEWAY_PG_PASSWORD_FILE: '/etc/hostname' }, 'both GATEWAY_PG_PASSWORD and GATEWAY_PG_PASSWORD_FILE are set'],
    ['a full URL together with the parts', { GATEWAY_POSTGRES_URL: 'postgres://a@b/c' }, 'GATEWAY_POSTGRES_URL is set together with'],
    ['extra CA text without a certificate', { GATEWAY_EXTRA_CA_PEM: 'not a pem' }, 'GATEWAY_EXTRA_CA_PEM holds no PEM certificate'],
  ])('fails with one clear line on %s', (_what, change, message) => {
    expectOneLineFailure(sandbox.run({ ...base, ...change }), message);
  });

  test('adds extra CA certificates to the image bundle named by NODE_EXTRA_CA_CERTS', () => {
    const caDir = join(sandbox.dir, 'extra-ca');
    mkdirSync(caDir, { recursive: true });
    const pem = (name: string) => `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`;
    writeFileSync(join(caDir, 'collector.pem'), pem('collector'));
    writeFileSync(join(caDir, 'idp.crt'), pem('idp'));
    writeFileSync(join(caDir, 'README.md'), 'not a certificate');
    const rdsBundle = join(sandbox.dir, 'rds.pem');
    writeFileSync(rdsBundle, pem('rds'));
    const run = sandbox.run({ ...base, NODE_EXTRA_CA_CERTS: rdsBundle, GATEWAY_EXTRA_CA_DIR: caDir, GATEWAY_EXTRA_CA_PEM: pem('from-env') });
    const bundle = run.exec?.env.NODE_EXTRA_CA_CERTS ?? '';
    expect(bundle).not.toBe(rdsBundle);
    const names = readFileSync(bundle, 'utf8').match(/^[a-z-]+$/gm);
    expect(names).toEqual(['rds', 'collector', 'idp', 'from-env']);
    expect(run.exec?.env).not.toHaveProperty('GATEWAY_EXTRA_CA_PEM');
  });

  test('leaves NODE_EXTRA_CA_CERTS alone when there is no extra CA', () => {
    const run = sandbox.run({ ...base, NODE_EXTRA_CA_CERTS: '/etc/claude/rds-global-bundle.pem', GATEWAY_EXTRA_CA_DIR: join(sandbox.dir, 'none') });
    expect(run.exec?.env.NODE_EXTRA_CA_CERTS).toBe('/etc/claude/rds-global-bundle.pem');
  });

  const envText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => !s.includes('\0'));
  test.prop(
    [
      fc.record({
        host: fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6()),
        port: fc.integer({ min: 1, max: 65_535 }),
        database: envText,
        user: envText,
        password: envText,
        sslmode: fc.constantFrom(...SSL_MODES),
      }),
    ],
    { numRuns: 25 },
  )('builds the same URL as buildPostgresUrl from the same parts', (parts) => {
    const run = sandbox.run({
      GATEWAY_CONFIG_PACKED: base.GATEWAY_CONFIG_PACKED,
      GATEWAY_PG_HOST: parts.host,
      GATEWAY_PG_PORT: String(parts.port),
      GATEWAY_PG_DATABASE: parts.database,
      GATEWAY_PG_USER: parts.user,
      GATEWAY_PG_PASSWORD: parts.password,
      GATEWAY_PG_SSLMODE: parts.sslmode,
    });
    expect(run.exec?.env.GATEWAY_POSTGRES_URL).toBe(buildPostgresUrl(parts));
  });
});
