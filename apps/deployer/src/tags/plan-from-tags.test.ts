// cagw plan --from shows a TAGS edit: each stack's tags that change (CloudFormation updates them
// in place through the change set), in text and JSON, and --detailed-exitcode counts it as a change.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-from-tags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = readFileSync(join(PROFILES_DIR, 'byo-oidc-notelemetry.env'), 'utf8');
const profile = (name: string, tags: string) => {
  const path = join(dir, name);
  writeFileSync(path, `${base}\nTAGS=${tags}\n`);
  return path;
};
const before = profile('before.env', 'team=platform,env=prod');
const after = profile('after.env', 'team=finops,owner=ana');

async function planFrom(...flags: string[]) {
  const io = createRecordingIo();
  const code = await main(['plan', '--from', before, '--profile', after, ...flags], io);
  return { code, out: io.stdout.join('\n') };
}

test('as text: every stack\'s changed tags, and no "no changes"', async () => {
  const { code, out } = await planFrom();
  expect(code).toBe(0);
  expect(out).toContain('claude-gateway-gateway: tags only\n  tags  team=platform -> team=finops, -env, +owner=ana (updated in place on every resource that takes tags)');
  expect(out).not.toContain('no changes');
});

test('--json: the stack\'s tags before and after; --detailed-exitcode: 2, something to deploy', async () => {
  const { out } = await planFrom('--json');
  const gateway = (JSON.parse(out) as { stacks: { name: string; tags?: { before: Record<string, string>; after: Record<string, string> } }[] }).stacks.find((s) => s.name === 'claude-gateway-gateway');
  expect(gateway?.tags?.before).toMatchObject({ team: 'platform', env: 'prod', 'cagw:part': 'gateway' });
  expect(gateway?.tags?.after).toEqual({ team: 'finops', owner: 'ana', 'cagw:prefix': 'claude-gateway', 'cagw:part': 'gateway', project: 'claude-apps-gateway' });
  expect((await planFrom('--detailed-exitcode')).code).toBe(2);
});
