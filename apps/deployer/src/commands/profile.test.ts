import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));

async function run(...argv: string[]) {
  const io = createRecordingIo();
  return { code: await main(argv, io), out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

test.each(readdirSync(profiles).filter((f) => f.endsWith('.env') && !f.startsWith('my')))('cagw profile --profile profiles/%s exits 0', async (name) => {
  const { code, err } = await run('profile', '--profile', `${profiles}${name}`);
  expect(err).toBe('');
  expect(code).toBe(0);
});

test('a shipped profile prints its derived settings and where each value came from', async () => {
  const { code, out } = await run('profile', '--profile', `${profiles}selfsigned-fallback.env`);
  expect(code).toBe(0);
  expect(out).toMatch(/TLS mode\s+self-signed/);
  expect(out).toMatch(/ZONE\s+internal\.example\.com\s+\S*selfsigned-fallback\.env:\d+/);
});

test('--json prints one document with the settings; secrets appear only as ARNs', async () => {
  const { code, out } = await run('profile', '--profile', `${profiles}byo-oidc-notelemetry.env`, '--json');
  expect(code).toBe(0);
  const doc = JSON.parse(out);
  expect(doc.settings.OIDC_CLIENT_SECRET_ARN).toMatch(/^arn:aws:secretsmanager:/);
  expect(doc.settings.publicUrl).toBe('https://claude.example.com');
});

test('a profile with three mistakes prints all three and exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-cli-'));
  const path = join(dir, 'my.env');
  writeFileSync(path, ['ZONE=internal.example.com', 'ALLOWED_DOMAINS=example.com', 'OIDC_ISSUER=https://x.example.com', 'OIDC_CLIENT_ID=c',
    'OIDC_CLIENT_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf', 'BUILD_IMAGE=true', 'AWS_REGION=us-east-1',
    'COLLECTOR_ENDPOINT=http://otel.example.com', 'VPC_CIDR=10.20.0.0/33', 'DOMAN_NAME=claude.example.com'].join('\n'));
  const { code, err } = await run('profile', '--profile', path);
  expect(code).toBe(1);
  expect(err).toContain('3 problem(s)');
  expect(err).toContain(`COLLECTOR_ENDPOINT "http://otel.example.com"`);
  expect(err).toContain(`VPC_CIDR "10.20.0.0/33"`);
  expect(err).toContain('did you mean DOMAIN_NAME?');
});

test('--explain lists every variable with its default', async () => {
  const { code, out } = await run('profile', '--explain');
  expect(code).toBe(0);
  expect(out).toMatch(/VPC_CIDR\s+network\s+IPv4 CIDR \/16-\/24\s+10\.20\.0\.0\/16/);
});

test('TAGS shows as the key=value pairs the profile wrote', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-cli-tags-'));
  try {
    const path = join(dir, 'tagged.env');
    writeFileSync(path, `${readFileSync(`${profiles}selfsigned-fallback.env`, 'utf8')}\nTAGS=team=platform,cost-center=1234\n`);
    const { code, out } = await run('profile', '--profile', path);
    expect(code).toBe(0);
    expect(out).toMatch(/TAGS\s+team=platform,cost-center=1234\s/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
