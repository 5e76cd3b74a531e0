// cagw plan through the real command line: offline, one JSON document with --json.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { planForProfile } from '../orchestrate/testing/profile-fixture.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';

test('plan --json prints { stacks: [{ name, template, dependsOn, parameters }] } with outputs as <stack>.<Output>', async () => {
  const io = createRecordingIo();
  const code = await main(['plan', '--profile', join(PROFILES_DIR, 'managed-existingcognito-byotelemetry.env'), '--json'], io);
  expect(code).toBe(0);
  expect(io.stdout).toHaveLength(1);
  const plan = JSON.parse(io.stdout[0] as string);
  const idp = plan.stacks.find((s: { name: string }) => s.name === 'claude-gateway-idp');
  expect(idp).toMatchObject({
    name: 'claude-gateway-idp', template: 'idp-cognito-existing.yaml', dependsOn: [], parameters: { GatewayHostname: 'claude.example.com', UserPoolId: 'us-east-1_AbCdEfGhI' },
    templateBytes: expect.any(Number), templateDelivery: 'body',
  });
  const gateway = plan.stacks.find((s: { name: string }) => s.name === 'claude-gateway-gateway');
  expect(gateway.parameters.DbEndpointAddress).toBe('claude-gateway-database.DbEndpointAddress');
  expect(gateway.parameters.GatewayConfigPacked).toMatch(/^<\d+ bytes, sha256 [0-9a-f]{12}>$/);
  expect(plan.stacks.map((s: { name: string }) => s.name)).not.toContain('claude-gateway-collector');
});

test('plan shows the database connection budget: MAX_TASKS × DB_POOL_SIZE + reserved against the class, and during a rolling deploy', async () => {
  const io = createRecordingIo();
  vi.stubEnv('MAX_TASKS', '6');
  vi.stubEnv('DB_POOL_SIZE', '4');
  try {
    expect(await main(['plan', '--profile', join(PROFILES_DIR, 'byo-oidc-notelemetry.env')], io)).toBe(0);
  } finally {
    vi.unstubAllEnvs();
  }
  // db.t4g.micro: (1 GiB − 300 MiB) / 9531392 = 79
  expect(io.stdout[0]).toContain('database connections: MAX_TASKS 6 × DB_POOL_SIZE 4 + 8 reserved = 32 of 79 on db.t4g.micro (56 while a rolling deploy runs old and new tasks)');
  const json = createRecordingIo();
  expect(await main(['plan', '--profile', join(PROFILES_DIR, 'byo-oidc-notelemetry.env'), '--json'], json)).toBe(0);
  expect(JSON.parse(json.stdout[0] as string).connectionBudget).toMatchObject({ databaseClass: 'db.t4g.micro', maxTasks: 10, needed: 58, neededDuringRollout: 108, maxConnections: 79, fits: true, fitsDuringRollout: false });
});

test('plan as text lists every stack with what it waits for', async () => {
  const io = createRecordingIo();
  expect(await main(['plan', '--profile', join(PROFILES_DIR, 'selfsigned-fallback.env')], io)).toBe(0);
  const text = io.stdout.join('\n');
  expect(text).toMatch(/claude-gateway-network {2}\(network\.yaml, \d+ bytes, sent inline\)\n {2}after: \(nothing: starts at once\)/);
  expect(text).toMatch(/step certificates: make the gateway and vpn certificates once/);
});

// Issue 13.2: one alarm per user, per cap and per warning: 40 users with their own threshold
// and cap take the generated observability template past CloudFormation's inline limit.
const users = Array.from({ length: 40 }, (_, i) => `developer${String(i + 1).padStart(2, '0')}@example.com`);
const manyUsers = [
  `USER_DAILY_THRESHOLDS_USD=${users.map((u) => `${u}=150`).join(',')}`,
  `DAILY_SPEND_CAPS_USD=org=2000,${users.map((u) => `user:${u}=300`).join(',')}`,
].join('\n');

test('plan shows each template\'s size and delivery: an observability template over 51,200 bytes goes through S3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-'));
  try {
    const profile = join(dir, 'forty-users.env');
    writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), 'utf8')}\n${manyUsers}\n`);
    const io = createRecordingIo();
    expect(await main(['plan', '--profile', profile, '--json'], io)).toBe(0);
    const stacks = JSON.parse(io.stdout[0] as string).stacks as { name: string; templateBytes: number; templateDelivery: string }[];
    const { plan } = await planForProfile('managed-newcognito-collector-vpn.env', {}, Object.fromEntries(manyUsers.split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2))));
    for (const s of stacks) {
      const body = plan.nodes.find((n) => n.kind === 'stack' && n.stackName === s.name);
      const bytes = Buffer.byteLength(body?.kind === 'stack' ? body.templateBody : '', 'utf8');
      expect(s.templateBytes, s.name).toBe(bytes);
      expect(s.templateDelivery, s.name).toBe(bytes > 51_200 ? 's3' : 'body');
    }
    const observability = stacks.find((s) => s.name === 'claude-gateway-observability');
    expect(observability?.templateBytes).toBeGreaterThan(51_200);
    expect(observability?.templateDelivery).toBe('s3');
    expect(stacks.filter((s) => s.templateDelivery === 'body').map((s) => s.name)).toContain('claude-gateway-network');

    const text = createRecordingIo();
    expect(await main(['plan', '--profile', profile], text)).toBe(0);
    expect(text.stdout.join('\n')).toContain(`claude-gateway-observability  (observability.yaml, ${observability?.templateBytes} bytes, over the 51,200-byte inline limit: uploaded to the S3 staging bucket)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Issue 21.6: the EMF collector with forwarded logs made a CollectorConfig over the 4,096-byte
// parameter limit, and plan showed its size and exited 0; the deploy then failed halfway. Now the
// config goes in parts, each within the limit, and plan shows each part's size.
test('plan passes a collector config over 4,096 bytes in parts, each within the limit, and shows them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-'));
  try {
    const profile = join(dir, 'emf-forwarded-logs.env');
    writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), 'utf8')}\nENABLE_CODING_AGENT_INSIGHTS=false\n`);
    const io = createRecordingIo();
    expect(await main(['plan', '--profile', profile, '--json'], io)).toBe(0);
    const collector = (JSON.parse(io.stdout[0] as string) as { stacks: { name: string; parameters: Record<string, string> }[] }).stacks.find((s) => s.name === 'claude-gateway-collector');
    const shown = Object.entries(collector?.parameters ?? {}).filter(([name]) => name.startsWith('CollectorConfig'));
    expect(shown.map(([name]) => name)).toEqual(['CollectorConfig', 'CollectorConfigPart2', 'CollectorConfigPart3', 'CollectorConfigPart4']);
    const sizes = shown.map(([, v]) => Number(/^<(\d+) bytes, part \d of 4 of (\d+) bytes/.exec(v)?.[1]));
    const whole = Number(/of (\d+) bytes/.exec(shown[0]?.[1] ?? '')?.[1]);
    expect(whole).toBeGreaterThan(4096);
    expect(sizes.every((n) => n <= 4096)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(whole);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Issue 21.2: `cagw plan --from OLD_PROFILE` shows what an edit of a profile does, offline.
const FLAGSHIP = readFileSync(join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), 'utf8');

/** Runs `cagw plan --from old.env --profile new.env` on the flagship profile and an edit of it (or the edit and the flagship, `reverse`). */
async function planEdit(edit: (text: string) => string, ...flags: string[]) {
  const reverse = flags.includes('reverse');
  const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-from-'));
  try {
    const old = join(dir, 'old.env');
    const now = join(dir, 'new.env');
    writeFileSync(old, reverse ? edit(FLAGSHIP) : FLAGSHIP);
    writeFileSync(now, reverse ? FLAGSHIP : edit(FLAGSHIP));
    const io = createRecordingIo();
    const code = await main(['plan', '--from', old, '--profile', now, ...flags.filter((f) => f !== 'reverse')], io);
    return { code, io, old, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const setting = (name: string, value: string) => (text: string) => {
  const line = new RegExp(`^${name}=.*$`, 'm');
  if (!line.test(text)) throw new Error(`the flagship profile does not set ${name}`);
  return text.replace(line, `${name}=${value}`);
};
type EditJson = { stacks: { name: string; changes: Record<string, unknown>[] }[]; refusals: Record<string, unknown>[] };
const stackOf = (doc: EditJson, name: string) => doc.stacks.find((s) => s.name === `claude-gateway-${name}`)?.changes ?? [];

test('plan --help says what --from does', async () => {
  const io = createRecordingIo();
  expect(await main(['plan', '--help'], io)).toBe(0);
  const help = io.stdout.join('\n');
  expect(help).toMatch(/--from OLD_PROFILE/);
  expect(help).toContain('what deploying the profile over a deployment of OLD_PROFILE does');
  expect(help).toContain('"unknown": true');
  const both = createRecordingIo();
  expect(await main(['plan', '--profile', join(PROFILES_DIR, 'selfsigned-fallback.env'), '--from', join(PROFILES_DIR, 'selfsigned-fallback.env'), '--svg'], both)).toBe(2);
  expect(both.stderr.join('\n')).toContain('--svg draws one plan; --from compares two: pass one of them');
});

test('plan --from an identical profile: every stack, no change, no refusal, exit 0', async () => {
  const { code, stdout } = await planEdit((t) => t, '--json');
  expect(code).toBe(0);
  const doc = JSON.parse(stdout) as EditJson;
  expect(Object.keys(doc)).toEqual(['stacks', 'refusals']);
  expect(doc.stacks).toHaveLength(7);
  for (const s of doc.stacks) expect(s).toEqual({ name: s.name, changes: [] });
  expect(doc.refusals).toEqual([]);
}, 60_000);

test('plan --from --json: a new COGNITO_ADMIN_EMAIL replaces the custom-named user admin, refused naming the variable, exit 1', async () => {
  const { code, stdout } = await planEdit(setting('COGNITO_ADMIN_EMAIL', 'ops@example.com'), '--json');
  expect(code).toBe(1);
  const doc = JSON.parse(stdout) as EditJson;
  expect(stackOf(doc, 'idp')[0]).toEqual({ logicalId: 'FirstUser', type: 'AWS::Cognito::UserPoolUser', action: 'replace', causes: ['UserAttributes'], customName: true, guarded: false });
  // the group attachments follow the user: Replacement Conditional, not known offline
  expect(stackOf(doc, 'idp').slice(1)).toEqual([
    expect.objectContaining({ logicalId: 'FirstUserFullAccess', action: 'replace', unknown: true }),
    expect.objectContaining({ logicalId: 'FirstUserAdmin', action: 'replace', unknown: true }),
  ]);
  expect(doc.refusals).toEqual([{
    variable: 'COGNITO_ADMIN_EMAIL',
    message: expect.stringContaining('CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename admin and update the stack again.'),
    fix: expect.stringContaining('set COGNITO_ADMIN_EMAIL back to its deployed value'),
  }]);
  for (const s of doc.stacks) for (const c of s.changes) expect(Object.keys(c).sort()).toEqual(['action', 'causes', 'customName', 'guarded', 'logicalId', 'type', ...(c.unknown ? ['unknown'] : [])].sort());
}, 60_000);

test('plan --from as text: an in-place update names its property; the refusal names the variable and the fix', async () => {
  const minTasks = await planEdit(setting('ENABLE_VPN', 'true\nMIN_TASKS=3'));
  expect(minTasks.code).toBe(0);
  expect(minTasks.stdout).toContain('variables changed: MIN_TASKS');
  expect(minTasks.stdout).toMatch(/claude-gateway-gateway: 1 change\(s\)\n {2}modify {2}ScalableTarget \(AWS::ApplicationAutoScaling::ScalableTarget\) · changes MinCapacity/);
  expect(minTasks.stdout).toContain('claude-gateway-database: no changes');

  const admin = await planEdit(setting('COGNITO_ADMIN_EMAIL', 'ops@example.com'));
  expect(admin.code).toBe(1);
  expect(admin.stdout).toMatch(/1 update\(s\) CloudFormation would refuse:\n {2}COGNITO_ADMIN_EMAIL: claude-gateway-idp: FirstUser \(AWS::Cognito::UserPoolUser\) would be replaced/);
  expect(admin.stdout).toMatch(/\n {4}fix: set COGNITO_ADMIN_EMAIL back to its deployed value/);
}, 60_000);

// Issue 22: --detailed-exitcode as terraform plan has it: 0 no change, 2 changes, 1 an error
test('plan --from --detailed-exitcode: 0 for an identical profile, 2 for an edit with changes, 1 for a refusal and without --from', async () => {
  expect((await planEdit((t) => t, '--detailed-exitcode')).code).toBe(0);
  const minTasks = await planEdit(setting('ENABLE_VPN', 'true\nMIN_TASKS=3'), '--detailed-exitcode', '--json');
  expect(minTasks.code).toBe(2);
  expect(JSON.parse(minTasks.stdout)).toMatchObject({ refusals: [] });
  expect((await planEdit(setting('COGNITO_ADMIN_EMAIL', 'ops@example.com'), '--detailed-exitcode')).code).toBe(1);
  const alone = createRecordingIo();
  expect(await main(['plan', '--profile', join(PROFILES_DIR, 'selfsigned-fallback.env'), '--detailed-exitcode'], alone)).toBe(1);
  expect(alone.stderr.join('\n')).toContain('--detailed-exitcode tells whether an edit changes anything, so it needs --from OLD_PROFILE');
}, 120_000);

test('plan --from: a guarded replacement (VPN_CLIENT_CIDR replaces the VPN endpoint) and one not known offline (SERVER_CN makes new certificates)', async () => {
  const cidr = JSON.parse((await planEdit(setting('ENABLE_VPN', 'true\nVPN_CLIENT_CIDR=10.40.0.0/22'), '--json')).stdout) as EditJson;
  expect(stackOf(cidr, 'vpn')[0]).toEqual({ logicalId: 'Endpoint', type: 'AWS::EC2::ClientVpnEndpoint', action: 'replace', causes: ['ClientCidrBlock'], customName: false, guarded: true });

  const serverCn = await planEdit(setting('ENABLE_VPN', 'true\nSERVER_CN=vpn.claude.example.com'));
  expect(serverCn.stdout).toMatch(/may replace {2}Endpoint \(AWS::EC2::ClientVpnEndpoint\) · replaced by a change of AuthenticationOptions · guarded: the Client VPN endpoint · not known offline: depends on certificates\.VpnClientRootCertificateArn/);
  expect(serverCn.stdout).toContain('cannot be judged offline');
}, 60_000);

test('plan --from --json: a value from another stack\'s output is listed as not judgeable offline (VPC_CIDR reaches the database)', async () => {
  const doc = JSON.parse((await planEdit(setting('ENABLE_VPN', 'true\nVPC_CIDR=10.50.0.0/16'), '--json')).stdout) as EditJson;
  expect(stackOf(doc, 'network').find((c) => c.logicalId === 'Vpc')).toEqual({ logicalId: 'Vpc', type: 'AWS::EC2::VPC', action: 'replace', causes: ['CidrBlock'], customName: false, guarded: false });
  expect(stackOf(doc, 'database').find((c) => c.logicalId === 'DbSubnetGroup')).toEqual({ logicalId: 'DbSubnetGroup', type: 'AWS::RDS::DBSubnetGroup', action: 'modify', causes: ['SubnetIds'], customName: false, guarded: false, unknown: true });
}, 60_000);

test('plan --from: a stack switched off is removed, switched on is added', async () => {
  const off = JSON.parse((await planEdit(setting('ENABLE_VPN', 'false'), '--json')).stdout) as EditJson;
  expect(stackOf(off, 'vpn').length).toBeGreaterThan(3);
  expect(stackOf(off, 'vpn').every((c) => c.action === 'remove')).toBe(true);
  expect(stackOf(off, 'vpn').find((c) => c.logicalId === 'Endpoint')).toMatchObject({ guarded: true });
  const on = JSON.parse((await planEdit(setting('ENABLE_VPN', 'false'), '--json', 'reverse')).stdout) as EditJson;
  expect(stackOf(on, 'vpn').map((c) => `${c.action} ${c.logicalId}`)).toEqual(stackOf(off, 'vpn').map((c) => `add ${c.logicalId}`));
  expect(on.refusals).toEqual([]);
}, 60_000);

test('plan --from an old profile that does not load names the file and its problems, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-from-'));
  try {
    const old = join(dir, 'old.env');
    writeFileSync(old, FLAGSHIP.replace(/^IDP_MODE=.*$/m, 'IDP_MODE=okta').replace(/^VPC_CIDR=.*$/m, '') + '\nMIN_TASKS=zero\n');
    const io = createRecordingIo();
    expect(await main(['plan', '--from', old, '--profile', join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env')], io)).toBe(1);
    const stderr = io.stderr.join('\n');
    expect(stderr).toContain(`the old profile ${old} (--from) has 2 problem(s)`);
    expect(stderr).toMatch(/IDP_MODE/);
    expect(stderr).toMatch(/MIN_TASKS/);
    expect(stderr).toContain(`where: ${old}`);

    const missing = createRecordingIo();
    expect(await main(['plan', '--from', join(dir, 'absent.env'), '--profile', join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), '--json'], missing)).toBe(1);
    expect(JSON.parse(missing.stdout[0] as string)).toMatchObject({ result: 'error', error: { code: 'ProfileNotFound', message: expect.stringContaining(`the old profile ${join(dir, 'absent.env')} (--from)`) } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('plan --from: a new COGNITO_DOMAIN_PREFIX is refused (a pool has one domain), naming the variable', async () => {
  const { code, stdout } = await planEdit(setting('COGNITO_DOMAIN_PREFIX', 'example-claude-login-2'), '--json');
  expect(code).toBe(1);
  expect((JSON.parse(stdout) as EditJson).refusals).toEqual([{ variable: 'COGNITO_DOMAIN_PREFIX', message: expect.stringContaining('User pool already has a domain configured.'), fix: expect.stringContaining('COGNITO_DOMAIN_PREFIX') }]);
}, 60_000);

test('plan --from: a variable the environment sets hides its edit between the files, and says so', async () => {
  vi.stubEnv('MIN_TASKS', '4');
  try {
    const { code, stdout, stderr } = await planEdit(setting('ENABLE_VPN', 'true\nMIN_TASKS=3'), '--json');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as EditJson).stacks.every((s) => s.changes.length === 0)).toBe(true);
    expect(stderr).toMatch(/warning: MIN_TASKS is set in the environment, which wins over both profiles, so its edit between .*old\.env and .*new\.env is not shown: unset MIN_TASKS to compare the files/);
  } finally {
    vi.unstubAllEnvs();
  }
}, 60_000);

test('plan --from: a new STACK_PREFIX is refused where the new stacks meet names the old ones hold, naming STACK_PREFIX', async () => {
  const { code, stdout } = await planEdit((t) => `${t}\nSTACK_PREFIX=acme-gw\n`, '--json');
  expect(code).toBe(1);
  const refusals = (JSON.parse(stdout) as EditJson).refusals;
  expect(refusals.map((r) => r.variable)).toEqual(['STACK_PREFIX', 'STACK_PREFIX']);
  expect(refusals[0]?.message).toContain('Resource of type \'AWS::ECR::Repository\' with identifier \'claude-apps-gateway\' already exists');
}, 60_000);
