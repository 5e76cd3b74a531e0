import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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

test.each(shipped)('%s without AWS credentials: offline checks run, AWS checks skip with the reason, exit 0', async (file) => {
  const { code, out, err } = await run('preflight', '--profile', join(profiles, file), '--json');
  const { results } = JSON.parse(out) as { results: Result[] };
  // dns.* and oidc.discovery reach the real network: unreachable is a warning, but where the
  // example hosts answer they may fail. image.builder asks this machine's container builder,
  // and a docker client without an engine (as on CI machines) rightly fails it. Every other
  // check must not fail.
  const dependsOnMachine = (r: Result) => r.id.startsWith('dns.') || r.id === 'oidc.discovery' || r.id === 'image.builder';
  expect(results.filter((r) => r.status === 'fail' && !dependsOnMachine(r))).toEqual([]);
  expect(code).toBe(results.some((r) => r.status === 'fail') ? 1 : 0);
  for (const id of ['config.byte-budget', 'network.cidrs', 'network.alb-private', 'stacks.template-size']) expect(results.find((r) => r.id === id)?.status).toBe('pass');
  const identity = results.find((r) => r.id === 'aws.identity')!;
  expect(identity).toMatchObject({ status: 'skip', message: 'needs AWS credentials: no AWS credentials from the default credential chain' });
  expect(Object.keys(identity).sort()).toEqual(['fix', 'id', 'message', 'status', 'title']);
  expect(err).toContain('AWS checks skipped');
}, 60_000);

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
  expect(code).toBe(0);
  expect((JSON.parse(out) as { results: Result[] }).results.map((r) => r.id)).toEqual(['network.cidrs', 'network.alb-private', 'stacks.template-size', 'network.azs', 'network.vpc-overlap', 'network.quotas', 'network.regional-nat', 'network.subnet-layout']);
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
