import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { findFreeLoopbackPort } from '@cagw/local-gateway';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));
const shipped = readdirSync(profiles).filter((f) => f.endsWith('.env'));

// No credentials anywhere in the default chain: no keys, no files, no instance metadata.
beforeEach(() => {
  const empty = mkdtempSync(join(tmpdir(), 'cagw-nocreds-'));
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) vi.stubEnv(name, undefined);
  vi.stubEnv('AWS_CONFIG_FILE', join(empty, 'config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(empty, 'credentials'));
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  return () => vi.unstubAllEnvs();
});

async function run(...argv: string[]) {
  const io = createRecordingIo();
  return { code: await main(argv, io), out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

type Result = { id: string; title: string; status: string; message: string; fix: string };

test.each(shipped)('%s --offline: only the checks that need neither AWS nor the network run, and exit 0 as they pass', async (file) => {
  const { code, out } = await run('preflight', '--profile', join(profiles, file), '--json', '--offline');
  const { results } = JSON.parse(out) as { results: Result[] };
  expect(results.map((r) => r.id)).not.toContain('aws.identity');
  expect(results.filter((r) => r.id.startsWith('dns.') || r.id === 'oidc.discovery' || r.id === 'aws.credentials')).toEqual([]);
  // image.builder asks this machine's container builder, and a docker client without an engine
  // (as on CI machines) rightly fails it. Every other check must pass.
  expect(results.filter((r) => r.status === 'fail' && r.id !== 'image.builder')).toEqual([]);
  expect(code).toBe(results.some((r) => r.status === 'fail') ? 1 : 0);
  for (const id of ['config.byte-budget', 'network.cidrs', 'network.alb-private', 'stacks.template-size']) expect(results.find((r) => r.id === id)?.status).toBe('pass');
  // the shipped profiles pin nothing: offline that is said, not resolved and not failed
  expect(results.find((r) => r.id === 'image.pins')).toMatchObject({ status: 'warn', message: expect.stringContaining('--offline asks no registry: ') });
}, 60_000);

test('without AWS credentials preflight exits 1 naming them, the AWS checks skipped with the reason', async () => {
  const { code, out } = await run('preflight', '--profile', join(profiles, 'byo-oidc-notelemetry.env'), '--json', '--only', 'aws,network.cidrs');
  const { results } = JSON.parse(out) as { results: Result[] };
  expect(code).toBe(1);
  expect(results.find((r) => r.id === 'aws.credentials')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^no AWS credentials \(no AWS credentials from the default credential chain: .*\), so \d+ AWS checks could not run$/), fix: expect.stringContaining('aws sso login') });
  const identity = results.find((r) => r.id === 'aws.identity')!;
  expect(identity).toMatchObject({ status: 'skip', message: 'needs AWS credentials: no AWS credentials from the default credential chain' });
  expect(Object.keys(identity).sort()).toEqual(['fix', 'id', 'message', 'status', 'title']);
  expect(results.find((r) => r.id === 'network.cidrs')?.status).toBe('pass');
  // only offline checks asked for: nothing needed credentials, nothing failed
  expect((await run('preflight', '--profile', join(profiles, 'byo-oidc-notelemetry.env'), '--only', 'network.cidrs')).code).toBe(0);
});

test('pins neither the profile nor its lock has are named together when the registry cannot be asked, with the command that resolves them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-preflight-pins-'));
  const path = join(dir, 'my.env');
  // a registry on a closed loopback port: refused at once, on any machine
  const closed = `127.0.0.1:${await findFreeLoopbackPort()}`;
  writeFileSync(path, `${readFileSync(join(profiles, 'managed-newcognito-collector-vpn.env'), 'utf8')}\nBASE_IMAGE=${closed}/debian:bookworm-slim\nDB_CLIENT_IMAGE=${closed}/library/postgres:16-alpine\nCOLLECTOR_IMAGE=${closed}/aws-otel-collector:v0.43.3\n`);
  const { code, out } = await run('preflight', '--profile', path, '--json', '--only', 'image.pins');
  expect(code).toBe(1);
  const { results } = JSON.parse(out) as { results: Result[] };
  expect(results).toHaveLength(1);
  expect(results[0]).toMatchObject({ id: 'image.pins', status: 'fail', fix: expect.stringContaining(`cagw pin --profile ${path}`) });
  for (const image of [`BASE_DIGEST (${closed}/debian:bookworm-slim: could not reach ${closed}`, `DB_CLIENT_IMAGE_URI (${closed}/library/postgres:16-alpine: could not reach`, `COLLECTOR_IMAGE_URI (${closed}/aws-otel-collector:v0.43.3: could not reach`]) {
    expect(results[0]!.message).toContain(image);
  }
  expect(existsSync(join(dir, 'my.pins.lock.json'))).toBe(false);
  // a lock with the three pins: the check passes without asking any registry
  const pin = (image: string, n: number) => ({ image, registry: closed, digest: `sha256:${String(n).repeat(64)}`, value: image.includes('debian') ? `sha256:${String(n).repeat(64)}` : `${image.replace(/:[^:/]+$/, '')}@sha256:${String(n).repeat(64)}`, resolvedAt: '2026-12-08T00:00:00.000Z' });
  writeFileSync(join(dir, 'my.pins.lock.json'), JSON.stringify({ lockfileVersion: 1, pins: { BASE_DIGEST: pin(`${closed}/debian:bookworm-slim`, 1), DB_CLIENT_IMAGE_URI: pin(`${closed}/library/postgres:16-alpine`, 2), COLLECTOR_IMAGE_URI: pin(`${closed}/aws-otel-collector:v0.43.3`, 3) } }));
  const locked = await run('preflight', '--profile', path, '--json', '--only', 'image.pins');
  expect(locked.code).toBe(0);
  expect((JSON.parse(locked.out) as { results: Result[] }).results[0]).toMatchObject({ status: 'pass', message: 'BASE_DIGEST (from the lock), DB_CLIENT_IMAGE_URI (from the lock), COLLECTOR_IMAGE_URI (from the lock)' });
});

test('an http collector endpoint, overlapping CIDRs and a malformed secret ARN: all three listed, exit 1', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'cagw-preflight-')), 'bad.env');
  writeFileSync(path, ['AWS_REGION=us-east-1', 'ALLOWED_DOMAINS=example.com', 'ZONE=internal.example.com', 'OIDC_ISSUER=https://idp.example.com', 'OIDC_CLIENT_ID=gw',
    'OIDC_CLIENT_SECRET_ARN=arn:aws:secretsmanager:us-east-1:oops', 'BUILD_IMAGE=true', 'COLLECTOR_ENDPOINT=http://otel.example.com',
    'ENABLE_VPN=true', 'VPC_CIDR=10.20.0.0/16', 'VPN_CLIENT_CIDR=10.20.0.0/22'].join('\n'));
  const { code, out } = await run('preflight', '--profile', path);
  expect(code).toBe(1);
  expect(out).toMatch(/^profile\s+fail\s+OIDC_CLIENT_SECRET_ARN "arn:aws:secretsmanager:us-east-1:oops": is not a valid/m);
  expect(out).toMatch(/^profile\s+fail\s+COLLECTOR_ENDPOINT "http:\/\/otel\.example\.com": uses http:\/\//m);
  expect(out).toMatch(/^profile\s+fail\s+VPN_CLIENT_CIDR "10\.20\.0\.0\/22": overlaps VPC_CIDR 10\.20\.0\.0\/16/m);
});

test('--only runs the named checks and groups; an unknown name is a usage error', async () => {
  const { code, out } = await run('preflight', '--profile', join(profiles, 'selfsigned-fallback.env'), '--json', '--only', 'network,stacks.template-size');
  // the network group has AWS checks, which cannot run here
  expect(code).toBe(1);
  expect((JSON.parse(out) as { results: Result[] }).results.map((r) => r.id)).toEqual(['aws.credentials', 'network.cidrs', 'network.alb-private', 'stacks.template-size', 'network.azs', 'network.vpc-overlap', 'network.quotas', 'network.regional-nat', 'network.subnet-layout', 'network.existing-vpc']);
  const bad = await run('preflight', '--only', 'tls.nope');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('--only names no check: tls.nope');
});

test('a variable the environment overrides is named on stderr, with both values and the profile line; stdout stays one JSON document', async () => {
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  const { out, err } = await run('preflight', '--profile', join(profiles, 'byo-oidc-notelemetry.env'), '--json', '--only', 'config');
  expect(err).toMatch(/AWS_REGION=eu-west-1 from the environment overrides us-east-1 from .*byo-oidc-notelemetry\.env:\d+ \(unset AWS_REGION to use the profile's\)/);
  expect(() => JSON.parse(out)).not.toThrow();
});
