// cagw plan heads its output with cagw cost's monthly total and the tags every stack carries,
// in text and in --json; a region without prices is said instead of a total, not an error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-cost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** a shipped profile with extra lines, as a user would write them */
function profileWith(name: string, lines: string): string {
  const path = join(dir, name);
  writeFileSync(path, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-notelemetry.env'), 'utf8')}\n${lines}\n`);
  return path;
}

async function plan(profile: string, ...flags: string[]) {
  const io = createRecordingIo();
  const code = await main(['plan', '--profile', profile, ...flags], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

test('plan --json gives cost\'s total and each stack\'s tags; the total is cagw cost\'s', async () => {
  const profile = profileWith('tagged.env', 'TAGS=team=platform,cost-center=1234');
  const { code, out } = await plan(profile, '--json');
  expect(code).toBe(0);
  const json = JSON.parse(out) as { cost: { monthlyTotalUsd: number; priced: string; leftOut: string }; stacks: { name: string; tags: Record<string, string> }[] };
  const io = createRecordingIo();
  expect(await main(['cost', '--profile', profile, '--json'], io)).toBe(0);
  const cost = JSON.parse(io.stdout[0] as string) as { monthlyTotalUsd: number; priced: string };
  expect(json.cost).toEqual({ monthlyTotalUsd: cost.monthlyTotalUsd, priced: cost.priced, leftOut: 'Bedrock usage' });
  for (const s of json.stacks) expect(s.tags).toMatchObject({ team: 'platform', 'cost-center': '1234', project: 'claude-apps-gateway' });
});

test('plan as text: the total with Bedrock left out, and the tags once', async () => {
  const { out } = await plan(profileWith('tagged-text.env', 'TAGS=team=platform'));
  const lines = out.split('\n');
  const costLine = lines.find((l) => l.startsWith('estimated monthly cost'));
  const tagsLine = lines.find((l) => l.startsWith('tags on every stack'));
  expect(costLine).toMatch(/^estimated monthly cost: \$\d+\.\d\d \(on-demand prices of \d{4}-\d{2}-\d{2}; Bedrock usage left out; cagw cost shows each component\)$/);
  expect(tagsLine).toBe("tags on every stack: team=platform (TAGS), cagw:prefix, cagw:part, project (cagw's own)");
});

test('a region the price table lacks: plan says so and still succeeds', async () => {
  const { code, out } = await plan(profileWith('ireland.env', 'AWS_REGION=eu-west-1'));
  expect(code).toBe(0);
  expect(out).toMatch(/\nestimated monthly cost: none \(cagw's price table has no prices for AWS_REGION eu-west-1 \(priced: us-east-1, us-east-2, us-west-2\)\)\n/);
});

test('an invalid TAGS stops plan naming TAGS, the pair, the rule and the fix', async () => {
  const { code, err } = await plan(profileWith('bad-tags.env', 'TAGS=aws:team=platform'));
  expect(code).toBe(1);
  expect(err).toMatch(/TAGS "aws:team=platform".*pair "aws:team=platform" has a key starting with aws:, which AWS reserves.*correct the pairs named, e\.g\. TAGS=team=platform,cost-center=1234/s);
});
