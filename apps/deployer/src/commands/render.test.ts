import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackGatewayConfig } from '@cagw/config-render';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { profileName } from '../cli/load-profile.ts';

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));

async function run(...argv: string[]) {
  const io = createRecordingIo();
  return { code: await main(argv, io), out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

test('render writes gateway.yaml, its packed form and managed-settings.json, and prints the byte budget', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cagw-render-'));
  const { code, out: stdout } = await run('render', '--profile', `${profiles}local.env`, '--out', out);
  expect(code).toBe(0);
  expect(stdout).toMatch(/packed \d+ of 4096 bytes/);
  const yaml = readFileSync(join(out, 'gateway.yaml'), 'utf8');
  expect(yaml).toMatch(/^# gateway.yaml for the Claude apps gateway, rendered by cagw from profile local/);
  expect(parse(unpackGatewayConfig(readFileSync(join(out, 'gateway.packed'), 'utf8').trim()))).toEqual(parse(yaml));
  expect(JSON.parse(readFileSync(join(out, 'managed-settings.json'), 'utf8'))).toMatchObject({ forceLoginMethod: 'gateway', parentSettingsBehavior: 'merge' });
});

test('--json prints bytes, packedBytes, limit and files', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cagw-render-'));
  const { code, out: stdout } = await run('render', '--profile', `${profiles}byo-oidc-notelemetry.env`, '--out', out, '--json');
  expect(code).toBe(0);
  const doc = JSON.parse(stdout);
  expect(doc).toEqual({ bytes: expect.any(Number), packedBytes: expect.any(Number), limit: 4096, files: [join(out, 'gateway.yaml'), join(out, 'gateway.packed'), join(out, 'managed-settings.json')] });
  expect(doc.packedBytes).toBeLessThan(doc.bytes);
});

test('an invalid profile exits 1 with every problem and writes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-render-'));
  const path = join(dir, 'bad.env');
  writeFileSync(path, 'IDP_MODE=byo\nVPC_CIDR=10.20.0.0/33\nCOLLECTOR_ENDPOINT=http://otel.example.com\n');
  const { code, err } = await run('render', '--profile', path, '--out', join(dir, 'out'));
  expect(code).toBe(1);
  expect(err).toContain('VPC_CIDR');
  expect(err).toContain('COLLECTOR_ENDPOINT');
  expect(existsSync(join(dir, 'out'))).toBe(false);
});

test('a policies file too large for the parameter limit exits 1 with the byte count and what to trim', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-render-'));
  const policies = Array.from({ length: 600 }, (_, i) => `  - { name: team-${i}, groups: [team-${i}-${(i * 7919) % 1000}], models: [opus, sonnet, haiku], deny_tools: [WebFetch, Bash] }`);
  writeFileSync(join(dir, 'policies.yaml'), `policies:\n${policies.join('\n')}\n`);
  writeFileSync(join(dir, 'big.env'), `${readFileSync(`${profiles}local.env`, 'utf8')}\nPOLICIES_FILE=policies.yaml\n`);
  const { code, err } = await run('render', '--profile', join(dir, 'big.env'), '--out', join(dir, 'out'));
  expect(code).toBe(1);
  expect(err).toMatch(/the packed gateway config is \d+ bytes, \d+ over CloudFormation's 4096-byte parameter limit/);
  expect(err).toMatch(/fix: +trim the group policies \(60\d now\)/);
});

test('the default output folder is named after the profile', () => {
  expect(profileName('profiles/my-team.env')).toBe('my-team');
  expect(profileName(undefined)).toBe('environment');
});
