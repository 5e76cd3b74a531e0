// cagw deploy and cagw gateway as a person runs them, against the fake CloudFormation: what
// reaches stdout and stderr, the files written, and the exit codes.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import type { DeploymentDeps } from '../cli/run-deployment.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { makeDeployCommand } from './deploy.ts';
import { makeGatewayCommand } from './gateway.ts';

const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const dashboards: string[] = [];
const fake = new FakeCloudFormation({ pageSize: 4, createSeconds: () => 20 });
const root = mkdtempSync(join(tmpdir(), 'cagw-deploy-cli-'));
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/oidc-AbCdEf';

beforeEach(() => {
  // the VPN CA's passphrase, as the operator exports it (README): a deploy checks it before any stack operation
  vi.stubEnv('CAGW_VPN_CA_PASSPHRASE', 'the-operators-ca-passphrase');
  vi.useFakeTimers();
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  ec2Mock.reset();
  ec2Mock.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  ec2Mock.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: 'client\ndev tun\nremote cvpn-endpoint-0abc.prod.clientvpn.us-east-1.amazonaws.com 443' });
  cloudwatchMock.reset();
  cloudwatchMock.onAnyCommand().rejects(new Error('unexpected CloudWatch call'));
  dashboards.length = 0;
  cloudwatchMock.on(PutDashboardCommand).callsFake(async (i) => {
    JSON.parse(i.DashboardBody);
    dashboards.push(i.DashboardName);
    return {};
  });
  fake.reset();
  fake.install(cfnMock);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function deps(overrides: Partial<DeploymentDeps> = {}): DeploymentDeps & { stderrText(): string; interrupt(): void } {
  let stderr = '';
  let interrupt = () => {};
  return {
    ...fakeDeploymentDeps(root, {
      stderr: { write: (s: string) => (stderr += s) },
      onInterrupt: (h) => {
        interrupt = h;
        return () => {};
      },
      ...overrides,
    }),
    stderrText: () => stderr,
    interrupt: () => interrupt(),
  };
}

const flags = (profile: string, extra: Partial<{ yes: boolean; json: boolean; 'dry-run': boolean; 'allow-replace': string[] }> = {}) => ({ profile: join(PROFILES_DIR, profile), yes: true, json: false, 'dry-run': false, 'allow-replace': [], ...extra });

test('deploy prints the summary on stdout, progress on stderr, and writes the client files and the .ovpn', async () => {
  const d = deps();
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => d).run(flags('managed-newcognito-collector-vpn.env'), [], io));
  expect(io.stderr.join('\n')).not.toMatch(/error(\[\w+\])?:/);
  expect(code).toBe(0);
  const out = io.stdout.join('\n');
  expect(out).toContain('gateway          https://');
  expect(out).toContain('https://claude.example.com/oauth/callback');
  expect(out).toContain('developer1.ovpn');
  // the observability stack is deployed after the gateway, the dashboards put with the real names
  expect(fake.status('claude-gateway-observability')).toBe('CREATE_COMPLETE');
  expect(fake.parametersOf('claude-gateway-observability').ClusterName).toBe(fake.outputsOf('claude-gateway-gateway').ClusterName);
  expect(dashboards).toEqual(['claude-gateway-usage', 'claude-gateway-governance', 'claude-gateway-operations']);
  expect(out).toContain('#dashboards/dashboard/claude-gateway-usage');
  expect(out).toMatch(/alarm topic {6}arn:/);
  const dir = join(root, 'out', 'managed-newcognito-collector-vpn');
  expect(JSON.parse(readFileSync(join(dir, 'client-settings', 'managed-settings.json'), 'utf8')).forceLoginGatewayUrl).toBe('https://claude.example.com');
  expect(readFileSync(join(dir, 'client-settings', 'claude-code-gateway.mobileconfig'), 'utf8')).toContain('<string>com.anthropic.claudecode</string>');
  const ovpn = readFileSync(join(dir, 'developer1.ovpn'), 'utf8');
  expect(ovpn).toContain('tun-mtu 1300');
  expect(ovpn).toContain('<cert>\nCERT\n</cert>');
  // the change sets and the progress went to stderr
  expect(io.stderr.join('\n')).toContain('claude-gateway-network: create');
  expect(d.stderrText()).toMatch(/claude-gateway-gateway: deploying/);
  expect(d.stderrText()).toMatch(/claude-gateway-gateway: completed/);
});

test('deploy --json prints exactly one JSON document with the summary', async () => {
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => deps()).run(flags('byo-oidc-notelemetry.env', { json: true }), [], io));
  expect(code).toBe(0);
  expect(io.stdout).toHaveLength(1);
  const doc = JSON.parse(io.stdout[0] as string);
  expect(doc.result).toBe('deployed');
  expect(doc.summary.registerCallback).toBe(true);
  expect(doc.stacks.map((s: { state: string }) => s.state)).not.toContain('failed');
});

test('deploy --dry-run prints the change sets on stdout, deletes them and changes nothing', async () => {
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => deps()).run(flags('byo-oidc-notelemetry.env', { 'dry-run': true, yes: false }), [], io));
  expect(code).toBe(0);
  const out = io.stdout.join('\n');
  expect(out).toContain('claude-gateway-network: create — stack does not exist yet');
  expect(out).toMatch(/\+ Vpc\s+AWS::EC2::VPC/);
  expect(out).toContain('claude-gateway-gateway: planned from template, inputs pending — stack does not exist yet\n  + Certificate');
  expect(fake.calls('ExecuteChangeSet')).toBe(0);
  expect(fake.changeSetNames()).toEqual([]);
});

// typed as deploymentFlags (commands/deploy.ts): --markdown is a flag of deploy's own
const withMarkdown = (f: ReturnType<typeof flags>) => ({ ...f, markdown: true }) as ReturnType<typeof flags>;

test('deploy --dry-run --markdown prints only the markdown summary on stdout (the text on stderr), executes nothing and deletes the change sets', async () => {
  const d = deps();
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => d).run(withMarkdown(flags('byo-oidc-notelemetry.env', { 'dry-run': true, yes: false })), [], io));
  expect(code, io.stderr.join('\n')).toBe(0);
  expect(io.stdout).toHaveLength(1);
  const md = io.stdout[0] ?? '';
  expect(md).toMatch(/^### cagw deploy --dry-run: `byo-oidc-notelemetry`\n\n\d+ to add, 0 to modify \(0 replacing or possibly replacing\), 0 to remove, in \d+ of \d+ stack\(s\) and step\(s\)\./);
  expect(md).toContain('they were deleted after, nothing was executed');
  expect(md).toContain('| `claude-gateway-network` | create | stack does not exist yet |');
  expect(md).toContain('| `claude-gateway-gateway` | planned from template, inputs pending | stack does not exist yet |');
  expect(md).toContain('| `image` | run after its inputs | build and push the gateway image');
  expect(md).toContain('| `claude-gateway-network` | `Vpc` | AWS::EC2::VPC | add |   |');
  expect(io.stderr.join('\n')).toMatch(/\+ Vpc\s+AWS::EC2::VPC/);
  expect(fake.calls('ExecuteChangeSet')).toBe(0);
  expect(fake.changeSetNames()).toEqual([]);
});

test('--markdown without --dry-run is a usage error, before anything is read', async () => {
  await expect(makeDeployCommand(() => deps()).run(withMarkdown(flags('byo-oidc-notelemetry.env')), [], createRecordingIo())).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('add --dry-run') });
  expect(fake.calls('CreateChangeSet')).toBe(0);
});

test('with --yes a stack whose change set is made after the confirmation is printed before it runs', async () => {
  const io = createRecordingIo();
  // what stood when each late change set was printed: had the database stack started?
  const printed: { text: string; databaseStarted: boolean }[] = [];
  const info = io.info;
  io.info = (text) => {
    if (text.startsWith('made after the confirmation:')) printed.push({ text, databaseStarted: fake.executions.some((e) => e.stackName === 'claude-gateway-database') });
    info(text);
  };
  const code = await advanceUntilSettled(makeDeployCommand(() => deps()).run(flags('byo-oidc-notelemetry.env'), [], io));
  expect(code).toBe(0);
  const database = printed.find((p) => p.text.includes('claude-gateway-database: create'));
  expect(database?.databaseStarted).toBe(false);
  expect(database?.text).toMatch(/\+ Database\s+AWS::RDS::DBInstance/);
});

test('a failing preflight deploys nothing and exits 1', async () => {
  const io = createRecordingIo();
  const d = deps({ preflight: async () => [{ id: 'tls.zone-public', title: 'zone is public', status: 'fail', message: 'zone Z0123 is private', fix: 'use the public zone' }] });
  const code = await advanceUntilSettled(makeDeployCommand(() => d).run(flags('byo-oidc-notelemetry.env'), [], io));
  expect(code).toBe(1);
  expect(io.stderr.join('\n')).toContain('tls.zone-public: zone Z0123 is private');
  expect(fake.calls('CreateChangeSet')).toBe(0);
});

test('without --yes and without a terminal the question is an error that says to pass --yes', async () => {
  const io = createRecordingIo();
  const run = makeDeployCommand(() => deps()).run(flags('byo-oidc-notelemetry.env', { yes: false }), [], io);
  const error = await advanceUntilSettled(run).catch((e: unknown) => e);
  expect((error as Error).name).toBe('ConfirmationNeeded');
  expect(fake.calls('ExecuteChangeSet')).toBe(0);
});

test('a failed stack exits 1 with the root cause and the stacks not started', async () => {
  fake.failResource('claude-gateway-database', 'Database', 'DB instance quota exceeded');
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => deps()).run(flags('byo-oidc-notelemetry.env'), [], io));
  expect(code).toBe(1);
  const err = io.stderr.join('\n');
  expect(err).toContain('claude-gateway-database: Database (AWS::RDS::DBInstance) CREATE_FAILED: DB instance quota exceeded');
  expect(err).toContain('not started: claude-gateway-gateway');
});

test('Ctrl-C exits 130 and says how to follow or cancel the stacks still updating', async () => {
  const base = deps();
  // press Ctrl-C the moment the network stack starts deploying
  const d = deps({ stderr: { write: (s: string) => {
    base.stderr.write(s);
    if (s.includes('claude-gateway-network: deploying')) queueMicrotask(() => base.interrupt());
    return true;
  } }, onInterrupt: base.onInterrupt });
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => d).run(flags('byo-oidc-notelemetry.env'), [], io));
  expect(code).toBe(130);
  const err = io.stderr.join('\n');
  expect(err).toContain('aws cloudformation describe-stack-events --stack-name claude-gateway-network');
  // the network is being created: CancelUpdateStack would refuse it, so it is not offered
  expect(err).not.toContain('cancel-update-stack');
  expect(err).toContain('a create cannot be cancelled');
  expect(fake.stackNames()).toEqual(['claude-gateway-network']);
});

test('credentials expiring mid-deploy exit 1 with the login command as the fix', async () => {
  const base = deps();
  const d = deps({ stderr: { write: (s: string) => {
    base.stderr.write(s);
    if (s.includes('claude-gateway-network: deploying')) fake.expireCredentialsAfter(0);
    return true;
  } } });
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => d).run(flags('byo-oidc-notelemetry.env'), [], io));
  expect(code).toBe(1);
  const err = io.stderr.join('\n');
  expect(err).toContain('the AWS credentials are missing or expired');
  expect(err).toContain('fix:   sign in again (aws sso login), then run the command again (a deploy skips the stacks already finished)');
  expect(err).toContain('not started: claude-gateway-database');
});

test('cagw gateway deploys the network, database and gateway only', async () => {
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeGatewayCommand(() => deps()).run(flags('byo-oidc-byotelemetry.env'), [], io));
  expect(code).toBe(0);
  expect(fake.stackNames()).toEqual(['claude-gateway-database', 'claude-gateway-gateway', 'claude-gateway-network']);
  expect(fake.parametersOf('claude-gateway-gateway').OidcClientSecretArn).toBe(SECRET_ARN);
});

test('cagw gateway refuses a Cognito profile with the fix', async () => {
  const io = createRecordingIo();
  const error = await makeGatewayCommand(() => deps()).run(flags('managed-newcognito-notelemetry.env'), [], io).catch((e: unknown) => e);
  expect((error as Error).name).toBe('GatewayOnlyNeedsByoIdp');
  expect(existsSync(join(root, 'out', 'managed-newcognito-notelemetry'))).toBe(false);
});

test('the NAT mode and the repository preflight found reach the network stack (a region without regional NAT gets zonal)', async () => {
  const found = [
    { id: 'network.regional-nat', title: 'NAT', status: 'pass' as const, message: 'regional NAT is not offered', fix: '', data: { natMode: 'zonal' } },
    { id: 'image.repository', title: 'ECR', status: 'pass' as const, message: 'adopted', fix: '', data: { imageRepository: 'adopt' } },
  ];
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => deps({ preflight: async () => found })).run(flags('byo-oidc-notelemetry.env'), [], io));
  expect(code).toBe(0);
  expect(fake.parametersOf('claude-gateway-network')).toMatchObject({ NatMode: 'zonal', AdoptImageRepository: 'true' });
});

test('an edit CloudFormation would refuse halfway is refused before the first change set, naming the profile variable', async () => {
  expect(await advanceUntilSettled(makeDeployCommand(() => deps()).run(flags('managed-newcognito-notelemetry.env'), [], createRecordingIo()))).toBe(0);
  const changeSets = fake.calls('CreateChangeSet');
  const edited = deps({ env: { COGNITO_ADMIN_EMAIL: 'ops@example.com' } });
  const error = await advanceUntilSettled(makeDeployCommand(() => edited).run(flags('managed-newcognito-notelemetry.env'), [], createRecordingIo())).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'EditRefused' });
  expect(`${(error as Error).message} ${(error as { where?: string }).where}`).toContain('COGNITO_ADMIN_EMAIL');
  expect(`${(error as Error).message} ${(error as { where?: string }).where}`).not.toContain('parameter AdminEmail');
  expect(fake.calls('CreateChangeSet')).toBe(changeSets);
});

const NO_CREDENTIALS = { id: 'aws.credentials', title: 'AWS credentials for the deploy', status: 'fail' as const, message: 'no credentials: the default chain found none', fix: 'sign in (aws sso login), then run cagw deploy again' };

test('with no credentials and no pins, deploy names both in one error and creates nothing', async () => {
  const d = { ...deps({ preflight: async () => [NO_CREDENTIALS] }), env: {} };
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => d).run(flags('managed-newcognito-collector-vpn.env'), [], io));
  expect(code).toBe(1);
  const errors = io.stderr.filter((l) => l.startsWith('error[DeployInputsMissing]'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain('- BASE_DIGEST, DB_CLIENT_IMAGE_URI, COLLECTOR_IMAGE_URI: not pinned');
  for (const pin of ['BASE_DIGEST from debian:bookworm-slim', 'DB_CLIENT_IMAGE_URI from public.ecr.aws/docker/library/postgres:16-alpine', 'COLLECTOR_IMAGE_URI from public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3']) expect(errors[0]).toContain(`${pin}: could not reach`);
  expect(errors[0]).toContain('- aws.credentials: no credentials');
  expect(errors[0]).toContain(`cagw pin --profile ${join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env')}`);
  expect(cfnMock.calls()).toHaveLength(0);
  expect(existsSync(join(PROFILES_DIR, 'managed-newcognito-collector-vpn.pins.lock.json'))).toBe(false);
});

test('pins a copied profile leaves out are resolved once, recorded in the lock beside it, and read from there by the next run', async () => {
  const dir = mkdtempSync(join(root, 'copied-'));
  const profile = join(dir, 'my.env');
  writeFileSync(profile, readFileSync(join(PROFILES_DIR, 'byo-oidc-notelemetry.env'), 'utf8'));
  const digests: Record<string, string> = { 'library/debian': `sha256:${'1'.repeat(64)}`, 'docker/library/postgres': `sha256:${'2'.repeat(64)}` };
  const asked: string[] = [];
  const online = { ...deps({ resolveDigest: async (ref) => (asked.push(`${ref.registry}/${ref.repository}:${ref.tag}`), digests[ref.repository]!) }), env: {} };
  const first = createRecordingIo();
  expect(await advanceUntilSettled(makeDeployCommand(() => online).run({ ...flags('x'), profile }, [], first))).toBe(0);
  expect(asked.sort()).toEqual(['public.ecr.aws/docker/library/postgres:16-alpine', 'registry-1.docker.io/library/debian:bookworm-slim']);
  const lock = JSON.parse(readFileSync(join(dir, 'my.pins.lock.json'), 'utf8'));
  expect(lock.pins.DB_CLIENT_IMAGE_URI).toMatchObject({ image: 'public.ecr.aws/docker/library/postgres:16-alpine', registry: 'public.ecr.aws', digest: digests['docker/library/postgres'], value: `public.ecr.aws/docker/library/postgres@${digests['docker/library/postgres']}` });
  expect(lock.pins.BASE_DIGEST).toMatchObject({ image: 'debian:bookworm-slim', registry: 'registry-1.docker.io', value: digests['library/debian'] });
  expect(first.stderr.join('\n')).toContain(`recorded in ${join(dir, 'my.pins.lock.json')}`);
  expect(fake.parametersOf('claude-gateway-database').DbClientImageUri).toBe(`public.ecr.aws/docker/library/postgres@${digests['docker/library/postgres']}`);

  // offline now: the lock has every pin, so nothing is asked and the deploy goes on
  const offline = { ...deps(), env: {} };
  expect(await advanceUntilSettled(makeDeployCommand(() => offline).run({ ...flags('x'), profile }, [], createRecordingIo()))).toBe(0);
  expect(asked).toHaveLength(2);

  // a pin set by hand wins over the lock
  const byHand = `public.ecr.aws/docker/library/postgres@sha256:${'3'.repeat(64)}`;
  writeFileSync(profile, `${readFileSync(profile, 'utf8')}\nDB_CLIENT_IMAGE_URI=${byHand}\n`);
  expect(await advanceUntilSettled(makeDeployCommand(() => offline).run({ ...flags('x'), profile }, [], createRecordingIo()))).toBe(0);
  expect(fake.parametersOf('claude-gateway-database').DbClientImageUri).toBe(byHand);
});

test('with --json the missing inputs are one JSON document on stdout, each with its input and fix', async () => {
  const d = { ...deps({ preflight: async () => [NO_CREDENTIALS] }), env: {} };
  const io = createRecordingIo();
  expect(await advanceUntilSettled(makeDeployCommand(() => d).run(flags('byo-oidc-notelemetry.env', { json: true }), [], io))).toBe(1);
  const doc = JSON.parse(io.stdout.join('\n')) as { result: string; problems: { input: string; fix: string }[] };
  expect(doc.result).toBe('inputs-missing');
  expect(doc.problems.map((p) => p.input)).toEqual(['BASE_DIGEST, DB_CLIENT_IMAGE_URI', 'aws.credentials']);
  expect(doc.problems[0]!.fix).toContain('cagw pin --profile');
});
