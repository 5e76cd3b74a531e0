// `cagw caps` against the real gateway that `cagw local` runs (startLocalSession, the module
// behind it, started once for the file with the stub upstream): plan, apply, plan again,
// a changed file, --prune, export → apply, the cap biting on /v1/messages, and a read key.
// Most runs go through main() in this process; the two that show what a terminal sees spawn cagw.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { sendTestMessage, signInTestUser, startLocalGateway, listModels } from '@cagw/local-gateway';
import { waitFor } from '@cagw/test-support';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { capWarnings } from '../caps/cap-warnings.ts';
import { spendLimitsAdmin } from '../caps/spend-limits-admin.ts';
import { createRecordingIo } from '../cli/recording-io.ts';
import { SECRETS_FILE_NAME } from '../local/local-secrets.ts';
import type { LocalSession } from '../local/start-local-session.ts';
import { CAGW_BIN as cagw, localProfileText, sessionFolder, startTestSession, WORKSPACE_ROOT as root } from '../local/testing/local-session-fixture.ts';
import { main } from '../main.ts';

const run = promisify(execFile);

const folder = sessionFolder('caps');
const { dir, stateDir, profile } = folder;
const capsFile = join(dir, 'caps.yaml');
// a read-only admin key the gateway also holds (admin.read_keys), for the refusal test
const readKey = `read-${'r'.repeat(40)}`;
// a second write key beside the session's own, as a rotation's add-new step would give the gateway
const nextWriteKey = `next-${'n'.repeat(40)}`;
let session: LocalSession;

interface PlanJson {
  changes: { action: string; scope: string; period: string; from: unknown; to: unknown }[];
  pending: { email: string }[];
  kept: { scope: string; period: string }[];
}

/** cagw as a person runs it: in this process through main() (the same parsing and dispatch), or as a child process. */
async function cagwRun(args: string[], how: 'in-process' | 'child' = 'in-process'): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = [...args, '--profile', profile, '--local', '--state-dir', stateDir];
  if (how === 'in-process') {
    const io = createRecordingIo();
    const code = await main(argv, io);
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  }
  try {
    const { stdout, stderr } = await run(cagw, argv, { cwd: root, maxBuffer: 10 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function plan(...extra: string[]): Promise<PlanJson> {
  const result = await cagwRun(['caps', 'plan', '--json', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as PlanJson;
}

async function apply(...extra: string[]): Promise<{ changes: { action: string; scope: string; id: string; auditId: string }[] }> {
  const result = await cagwRun(['caps', 'apply', '--json', '--yes', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

async function messageStatus(email: string): Promise<number> {
  const token = await signInTestUser(session.url, email);
  const [model] = await listModels(session.url, token.accessToken);
  return (await sendTestMessage(session.url, token.accessToken, model as string)).status;
}

const liveCaps = async () =>
  (await spendLimitsAdmin(session.url, JSON.parse(readFileSync(join(stateDir, SECRETS_FILE_NAME), 'utf8')).adminKey).list())
    .map(({ scope, period, amount }) => JSON.stringify({ scope, period, amount }))
    .sort();

beforeAll(async () => {
  writeFileSync(profile, `${localProfileText()}\nCAPS_FILE=caps.yaml\n`);
  writeFileSync(capsFile, 'organization: { daily: 100 }\ngroups:\n  contractors: { daily: 5, monthly: 50 }\nusers:\n  bob@example.com: { daily: 0 }\n');
  session = await startTestSession(folder, 'caps-it', {
    // the session as cagw local runs it, plus a read key the gateway accepts for GETs only
    startGateway: (options) =>
      startLocalGateway({
        ...options,
        config: {
          ...options.config,
          admin: {
            ...(options.config.admin as object),
            write_keys: [...(options.config.admin as { write_keys: object[] }).write_keys, { id: 'next', key: '${CAGW_TEST_NEXT_WRITE_KEY}' }],
            read_keys: [{ id: 'auditor', key: '${CAGW_TEST_READ_KEY}' }],
          },
        },
        env: { ...options.env, CAGW_TEST_READ_KEY: readKey, CAGW_TEST_NEXT_WRITE_KEY: nextWriteKey },
      }),
  });
});

afterAll(async () => {
  await session?.stop();
});

test('plan on an empty store: every cap of the file is a create, and a user the gateway has never seen is pending', async () => {
  const result = await plan();
  expect(result.changes).toEqual([
    { action: 'create', scope: 'organization', period: 'daily', from: null, to: 100 },
    { action: 'create', scope: 'group:contractors', period: 'daily', from: null, to: 5 },
    { action: 'create', scope: 'group:contractors', period: 'monthly', from: null, to: 50 },
  ]);
  expect(result.pending.map((user) => user.email)).toEqual(['bob@example.com']);
  // as terraform plan -detailed-exitcode: 2 while changes are pending
  expect((await cagwRun(['caps', 'plan', '--detailed-exitcode'])).code).toBe(2);
});

test('without a terminal, apply asks for --yes and changes nothing', async () => {
  const result = await cagwRun(['caps', 'apply'], 'child');
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/there is no terminal to ask on[\s\S]*pass --yes/);
  expect(await liveCaps()).toEqual([]);
});

test('apply makes the plan and prints an audit id per change; plan again shows no change; the capped user gets 429 and the others do not', async () => {
  // bob signs in and makes one request: from then on the gateway can resolve his email. It
  // records the request's spend after answering it, so the email resolves a moment later.
  expect(await messageStatus('bob@example.com')).toBe(200);
  let before = await plan();
  await waitFor(async () => (before = await plan()).pending.length === 0, 15_000);
  expect(before.pending).toEqual([]);
  expect(before.changes.map((change) => `${change.action} ${change.scope} ${change.period}`)).toEqual([
    'create organization daily',
    'create group:contractors daily',
    'create group:contractors monthly',
    'create user:bob@example.com daily',
  ]);

  const applied = await apply();
  expect(applied.changes.map((change) => change.scope)).toEqual(['organization', 'group:contractors', 'group:contractors', 'user:bob@example.com']);
  const auditIds = applied.changes.map((change) => change.auditId);
  expect(auditIds.every((id) => /^\d+$/.test(id))).toBe(true);
  expect(new Set(auditIds).size).toBe(4);
  expect(applied.changes.every((change) => change.id.startsWith('spl_'))).toBe(true);

  const again = await plan();
  expect(again.changes).toEqual([]);
  expect(again.pending).toEqual([]);
  expect((await cagwRun(['caps', 'plan', '--detailed-exitcode'])).code).toBe(0);

  expect(await messageStatus('bob@example.com')).toBe(429);
  expect(await messageStatus('alice@example.com')).toBe(200);
});

test('a changed file shows exactly the change; a cap left out of the file is deleted only with --prune', async () => {
  writeFileSync(capsFile, 'organization: { daily: 100, weekly: 300 }\ngroups:\n  contractors: { daily: 7 }\nusers:\n  bob@example.com: { daily: 0 }\n');
  const changed = await plan();
  expect(changed.changes).toEqual([
    { action: 'create', scope: 'organization', period: 'weekly', from: null, to: 300 },
    { action: 'change', scope: 'group:contractors', period: 'daily', from: 5, to: 7 },
  ]);
  expect(changed.kept).toEqual([{ action: 'delete', scope: 'group:contractors', period: 'monthly', from: 50, to: null }]);

  const pruned = await plan('--prune');
  expect(pruned.changes.slice(2)).toEqual([{ action: 'delete', scope: 'group:contractors', period: 'monthly', from: 50, to: null }]);
  expect(pruned.changes).toHaveLength(3);

  const applied = await apply('--prune');
  expect(applied.changes.map((change) => change.action)).toEqual(['create', 'change', 'delete']);
  expect(applied.changes.every((change) => /^\d+$/.test(change.auditId))).toBe(true);
  expect((await plan('--prune')).changes).toEqual([]);
});

test('export writes the live caps as a caps file by email; applying it to an emptied store brings back the same caps', async () => {
  const exported = join(dir, 'exported.yaml');
  const result = await cagwRun(['caps', 'export', '--out', exported]);
  expect(result.code, result.stderr).toBe(0);
  const text = readFileSync(exported, 'utf8');
  expect(parse(text)).toEqual({ organization: { daily: 100, weekly: 300 }, groups: { contractors: { daily: 7 } }, users: { 'bob@example.com': { daily: 0 } } });
  const live = await liveCaps();

  writeFileSync(capsFile, '{}\n');
  expect((await apply('--prune')).changes).toHaveLength(4);
  expect(await liveCaps()).toEqual([]);

  writeFileSync(capsFile, text);
  expect((await apply()).changes).toHaveLength(4);
  expect(await liveCaps()).toEqual(live);
  expect((await plan('--prune')).changes).toEqual([]);
});

test('a read-only admin key may plan but is refused apply with a clear error, and the key is never printed', async () => {
  const secretsPath = join(stateDir, SECRETS_FILE_NAME);
  const secrets = readFileSync(secretsPath, 'utf8');
  writeFileSync(capsFile, 'organization: { daily: 50 }\n');
  writeFileSync(secretsPath, JSON.stringify({ ...JSON.parse(secrets), adminKey: readKey }), { mode: 0o600 });
  try {
    expect((await plan()).changes).toEqual([{ action: 'change', scope: 'organization', period: 'daily', from: 100, to: 50 }]);
    const refused = await cagwRun(['caps', 'apply', '--yes'], 'child');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/it is a read key, which may only look/);
    expect(refused.stderr).toMatch(/fix: +use the write key/);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(readKey);
  } finally {
    writeFileSync(secretsPath, secrets, { mode: 0o600 });
  }
});

test('the real gateway takes two write keys at once: either one may change caps (what a two-key rotation would rely on)', async () => {
  const sessionKey = JSON.parse(readFileSync(join(stateDir, SECRETS_FILE_NAME), 'utf8')).adminKey as string;
  const next = spendLimitsAdmin(session.url, nextWriteKey);
  const id = await next.upsert({ type: 'rbac_group', rbac_group_id: 'rotation-check' }, 'daily', '100');
  expect((await spendLimitsAdmin(session.url, sessionKey).list()).map((cap) => cap.id)).toContain(id);
  await spendLimitsAdmin(session.url, sessionKey).remove(id);
  expect((await next.list()).map((cap) => cap.id)).not.toContain(id);
});

test('reconcile --once looks a user the gateway has never seen up in the issuer and caps them before their first request; a second pass changes nothing', async () => {
  // fiona has never signed in: plan leaves her pending, reconcile finds her subject at the local issuer
  writeFileSync(capsFile, 'organization: { daily: 100, weekly: 300 }\ngroups:\n  contractors: { daily: 7 }\nusers:\n  bob@example.com: { daily: 0 }\n  fiona@example.com: { daily: 0 }\n  nobody@example.com: { daily: 1 }\n');
  expect((await plan()).pending.map((user) => user.email)).toEqual(['fiona@example.com', 'nobody@example.com']);
  const first = await cagwRun(['caps', 'reconcile', '--once', '--json']);
  expect(first.code, first.stderr).toBe(0);
  const result = JSON.parse(first.stdout) as { applied: { action: string; scope: string; period: string; to: unknown; auditId: string }[]; pending: { email: string }[]; warnings: unknown[] };
  expect(Object.keys(result)).toEqual(['applied', 'pending', 'warnings', 'notes']);
  expect(result.applied.map(({ action, scope, period, to }) => ({ action, scope, period, to }))).toEqual([{ action: 'create', scope: 'user:fiona@example.com', period: 'daily', to: 0 }]);
  expect(result.applied[0]?.auditId).toMatch(/^\d+$/);
  expect(result.pending.map((user) => user.email)).toEqual(['nobody@example.com']);
  expect(result.warnings).toEqual([]);

  const second = await cagwRun(['caps', 'reconcile', '--once', '--json']);
  expect(JSON.parse(second.stdout)).toMatchObject({ applied: [], pending: [{ email: 'nobody@example.com' }] });
  expect(await messageStatus('fiona@example.com')).toBe(429);
  const noOnce = await cagwRun(['caps', 'reconcile']);
  expect(noOnce.code).toBe(2);
  expect(noOnce.stderr).toMatch(/--once/);
});

test('report spend reads the gateway\'s own books: per user what its effective caps say was spent today, per group the same, in JSON, CSV and Markdown; no split by model', async () => {
  const key = JSON.parse(readFileSync(join(stateDir, SECRETS_FILE_NAME), 'utf8')).adminKey as string;
  // the other view of the same books: the effective caps' spend to date (cents), by email
  const effective = (await (await fetch(`${session.url}/v1/organizations/spend_limits/effective?period[]=daily&limit=1000`, { headers: { 'x-api-key': key } })).json()) as {
    data: { actor: { email_address: string | null }; period_to_date_spend: string }[];
  };
  const spentToday = new Map(effective.data.filter((row) => Number(row.period_to_date_spend) > 0).map((row) => [row.actor.email_address, Number(row.period_to_date_spend) / 100]));
  // the effective caps give cents to 3 decimals, the cost report to 6: compared as the gateway rounds
  const thousandths = (usd: number | undefined) => ((usd as number) * 100).toFixed(3);
  const sameSpend = (got: Map<unknown, number>, want: Map<unknown, number | undefined>) => {
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [name, usd] of want) expect(thousandths(got.get(name)), String(name)).toBe(thousandths(usd));
  };
  expect([...spentToday.keys()].sort()).toEqual(['alice@example.com', 'bob@example.com']);

  const byUser = await cagwRun(['report', 'spend', '--since', '7d', '--by', 'user', '--json']);
  expect(byUser.code, byUser.stderr).toBe(0);
  const users = JSON.parse(byUser.stdout) as { by: string; totalUsd: number; rows: { user: string; usd: number }[] };
  sameSpend(new Map(users.rows.map((row) => [row.user, row.usd])), spentToday);
  expect(thousandths(users.totalUsd)).toBe(thousandths([...spentToday.values()].reduce((a, b) => a + b, 0)));

  const byGroup = JSON.parse((await cagwRun(['report', 'spend', '--by', 'group', '--json'])).stdout) as { rows: { group: string; usd: number }[] };
  sameSpend(new Map(byGroup.rows.map((row) => [row.group, row.usd])), new Map([['engineering', spentToday.get('alice@example.com')], ['contractors', spentToday.get('bob@example.com')]]));

  const csv = (await cagwRun(['report', 'spend', '--by', 'user', '--csv'])).stdout.split('\r\n');
  expect(csv[0]).toBe('user,usd');
  sameSpend(new Map(csv.slice(1).map((line) => [line.split(',')[0], Number(line.split(',')[1])])), spentToday);
  expect((await cagwRun(['report', 'spend', '--markdown'])).stdout).toMatch(/^Spend by group since \d{4}-\d{2}-\d{2}T00:00:00Z[\s\S]*\| group \| usd \|\n\| --- \| ---: \|\n\| /);

  const byModel = await cagwRun(['report', 'spend', '--by', 'model']);
  expect(byModel.code).toBe(2);
  expect(byModel.stderr).toMatch(/per user per day only, not per model/);
});

test('cap warnings from the gateway\'s own effective spend: alice\'s 1-cent cap, with her spend so far, crosses the thresholds below it once', async () => {
  const admin = spendLimitsAdmin(session.url, JSON.parse(readFileSync(join(stateDir, SECRETS_FILE_NAME), 'utf8')).adminKey);
  // the local issuer's subject is the email; a cap of one cent, the smallest the API takes
  const id = await admin.upsert({ type: 'user', user_id: 'alice@example.com' }, 'daily', '1');
  try {
    const rows = (await admin.effectiveSpend()).filter((row) => row.email === 'alice@example.com' && row.period === 'daily');
    expect(rows).toHaveLength(1);
    const spent = rows[0]?.spentCents as number;
    expect(spent).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ capCents: '1', source: { type: 'user', user_id: 'alice@example.com' } });
    // thresholds either side of what she spent of the cent
    const below = Math.floor(spent * 100);
    // one request of the stub costs a few hundredths of a cent: at least 1 % of the cap
    expect(below).toBeGreaterThan(0);
    const first = capWarnings({ rows, percents: [below, below + 1], sent: new Set(), now: new Date() });
    expect(first.messages.map((m) => [m.user, m.capOf, m.percent])).toEqual([['alice@example.com', 'user:alice@example.com', below]]);
    expect(capWarnings({ rows, percents: [below, below + 1], sent: new Set(first.sent), now: new Date() }).messages).toEqual([]);
  } finally {
    await admin.remove(id);
  }
});

test('reconcile --once sends the warnings before a cap from the gateway\'s own spend to the profile\'s SNS topic, one per threshold crossed, and a second pass sends none', async () => {
  const admin = spendLimitsAdmin(session.url, JSON.parse(readFileSync(join(stateDir, SECRETS_FILE_NAME), 'utf8')).adminKey);
  const spent = (await admin.effectiveSpend()).find((row) => row.email === 'alice@example.com' && row.period === 'daily')?.spentCents as number;
  // alice's own daily cap of one cent, warned at the whole percentage just under what she spent of it
  const percent = Math.min(99, Math.floor(spent * 100));
  expect(percent).toBeGreaterThan(0);
  const topic = 'arn:aws:sns:eu-west-1:123456789012:cap-warnings';
  const profileText = readFileSync(profile, 'utf8');
  writeFileSync(profile, `${profileText}\nSPEND_CAP_WARN_PERCENTS=${percent}\nCAP_WARNING_TOPIC_ARN=${topic}\n`);
  writeFileSync(capsFile, 'organization: { daily: 100, weekly: 300 }\ngroups:\n  contractors: { daily: 7 }\nusers:\n  bob@example.com: { daily: 0 }\n  alice@example.com: { daily: 0.01 }\n');
  const sns = mockClient(SNSClient);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  try {
    const first = await cagwRun(['caps', 'reconcile', '--once', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout) as { applied: { scope: string }[]; warnings: { user: string; capOf: string; percent: number; period: string; text: string }[] };
    expect(result.applied.map((change) => change.scope)).toEqual(['user:alice@example.com']);
    expect(result.warnings.map(({ user, capOf, percent, period }) => ({ user, capOf, percent, period }))).toEqual([{ user: 'alice@example.com', capOf: 'user:alice@example.com', percent, period: 'daily' }]);
    const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(published).toEqual([{ TopicArn: topic, Subject: `Spend cap ${percent}% reached: alice@example.com`, Message: result.warnings[0]?.text }]);
    expect(result.warnings[0]?.text).toMatch(/^alice@example\.com has spent \$0\.0\d of their own daily cap of \$0\.01 /);

    const second = await cagwRun(['caps', 'reconcile', '--once', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ applied: [], warnings: [] });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  } finally {
    sns.restore();
    writeFileSync(profile, profileText);
  }
});
