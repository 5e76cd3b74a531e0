// Issue 22: the README's "From laptop to AWS" section is run as written. Its shell block is read
// from README.md, and each line runs in a fresh folder, in order: the copy, the edit of the
// values the line names, then each cagw command, against the fake AWS the deploy tests use
// (the strict fake CloudFormation, mocked EC2 and CloudWatch) and the real gateway binary. A
// step renamed, reordered or dropped in the README, or a command or flag that no longer exists,
// fails here.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { parseCommandLine } from './cli/parse-command-line.ts';
import { createRecordingIo } from './cli/recording-io.ts';
import { fakeDeploymentDeps } from './cli/testing/fake-deployment-deps.ts';
import { commands } from './commands/index.ts';
import { makeDeployCommand } from './commands/deploy.ts';
import { main } from './main.ts';
import { advanceUntilSettled } from './orchestrate/testing/advance-until-settled.ts';

const repo = new URL('../../../', import.meta.url).pathname;
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## From laptop to AWS'));
const block = /```sh\n([\s\S]*?)\n```/.exec(section.slice(0, section.indexOf('\n## ', 3)))?.[1] ?? '';
const steps = block.split('\n').map((line) => ({ command: line.replace(/\s+#.*$/, '').trim(), comment: /#\s*(.*)$/.exec(line)?.[1] ?? '' })).filter((s) => s.command);
const cagwSteps = steps.filter((s) => s.command.startsWith('npx cagw ')).map((s) => s.command.split(/\s+/).slice(2));

// what a new user types for the values the README says to edit (a name the README adds is refused below until it has one)
const EDITS: Record<string, string> = {
  AWS_REGION: 'us-west-2',
  // .invalid never resolves (RFC 6761): verify then meets what it meets off the VPN
  DOMAIN_NAME: 'claude.corp.invalid',
  PUBLIC_HOSTED_ZONE_ID: 'Z0999999999EXAMPLE99',
  ALLOWED_DOMAINS: 'corp.example',
  COGNITO_ADMIN_EMAIL: 'platform@corp.example',
  COGNITO_DOMAIN_PREFIX: 'corp-claude-login',
};

test('the section lists every step a new user takes, in order', () => {
  expect(steps[0]?.command).toMatch(/^cp profiles\/\S+\.env profiles\/my\.env$/);
  expect(steps[1]?.command).toBe('$EDITOR profiles/my.env');
  expect(cagwSteps.map((argv) => argv[0])).toEqual(['profile', 'validate', 'local', 'preflight', 'plan', 'deploy', 'verify', 'client-settings', 'vpn']);
  for (const argv of cagwSteps) expect(argv.slice(-2), argv.join(' ')).toEqual(['--profile', 'profiles/my.env']);
});

test('every other command the section names (pins, plan --from) is a command line cagw takes', async () => {
  const named = [...section.slice(0, section.indexOf('\n## ', 3)).matchAll(/`npx cagw ([^`]+)`/g)].map((m) => m[1]!.split(/\s+/));
  expect(named.map((argv) => argv[0])).toEqual(expect.arrayContaining(['pin', 'plan']));
  for (const argv of named) expect((await parseCommandLine(argv, commands)).kind, argv.join(' ')).toBe('run');
});

describe('the steps, run as the README writes them', () => {
  const cwd = process.cwd();
  const work = mkdtempSync(join(tmpdir(), 'cagw-readme-'));
  const cfn = mockClient(CloudFormationClient);
  const ec2 = mockClient(EC2Client);
  const cloudwatch = mockClient(CloudWatchClient);
  const fake = new FakeCloudFormation({ pageSize: 4, createSeconds: () => 20 });
  beforeAll(() => {
    cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
    ec2.onAnyCommand().rejects(new Error('unexpected EC2 call'));
    ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: 'client\ndev tun\nremote cvpn-endpoint-0abc.prod.clientvpn.us-west-2.amazonaws.com 443' });
    cloudwatch.onAnyCommand().rejects(new Error('unexpected CloudWatch call'));
    cloudwatch.on(PutDashboardCommand).resolves({});
    fake.install(cfn);
    mkdirSync(join(work, 'profiles'));
    process.chdir(work);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    process.chdir(cwd);
    rmSync(work, { recursive: true, force: true });
    cfn.restore();
    ec2.restore();
    cloudwatch.restore();
  });

  // the shell lines between the cagw commands (the VPN CA's passphrase file), with the test's folder as the home folder
  const home = join(work, 'home');
  const runShellStep = (command: string) => {
    const exported = /^export ([A-Z][A-Z0-9_]*)=(\S+)$/.exec(command);
    if (exported) vi.stubEnv(exported[1]!, exported[2]!.replace(/^~(?=\/)/, home));
    else execFileSync('sh', ['-c', command], { env: { ...process.env, HOME: home }, stdio: 'pipe', timeout: 10_000 });
  };

  const run = async (argv: string[]) => {
    const io = createRecordingIo();
    const code = await main(argv, io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  test('copy, edit, then each cagw command', async () => {
    const [, from, to] = steps[0]!.command.split(/\s+/);
    copyFileSync(join(repo, from!), to!);
    const names = [...steps[1]!.comment.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(5);
    let profile = readFileSync(to!, 'utf8');
    for (const name of names) {
      expect(EDITS[name], `the README says to edit ${name}: give it a value in EDITS`).toBeDefined();
      expect(profile, `${from} does not set ${name}`).toMatch(new RegExp(`^${name}=`, 'm'));
      profile = profile.replace(new RegExp(`^${name}=.*$`, 'm'), `${name}=${EDITS[name]}`);
    }
    writeFileSync(to!, profile);

    for (const { command } of steps.slice(2)) {
      if (!command.startsWith('npx cagw ')) {
        runShellStep(command);
        continue;
      }
      const argv = command.split(/\s+/).slice(2);
      const step = argv.join(' ');
      switch (argv[0]) {
        case 'profile': {
          const { code, out, err } = await run(argv);
          expect(code, err).toBe(0);
          expect(out).toContain('https://claude.corp.invalid');
          break;
        }
        case 'validate': {
          const { code, err } = await run(argv);
          expect(code, err).toBe(0);
          break;
        }
        case 'plan': {
          const { code, out, err } = await run(argv);
          expect(code, err).toBe(0);
          expect(out).toContain('us-west-2');
          break;
        }
        case 'deploy': {
          // no registry here: the first deploy resolves the image pins through the fake and records them beside the profile
          const parsed = await parseCommandLine(argv, commands);
          if (parsed.kind !== 'run') throw new Error(`${step} does not parse as a command`);
          const deps = { ...fakeDeploymentDeps(work), env: {}, resolveDigest: async () => `sha256:${'d5'.repeat(32)}` };
          const io = createRecordingIo();
          vi.useFakeTimers();
          try {
            // a person answers the one confirmation: --yes stands for it without a terminal
            const code = await advanceUntilSettled(makeDeployCommand(() => deps).run({ ...parsed.flags, yes: true } as never, parsed.positionals, io));
            expect(code, io.stderr.join('\n')).toBe(0);
          } finally {
            vi.useRealTimers();
          }
          expect(fake.status('claude-gateway-gateway')).toBe('CREATE_COMPLETE');
          // the lock is where the README says it is
          expect(section).toContain('`profiles/my.pins.lock.json`');
          expect(JSON.parse(readFileSync('profiles/my.pins.lock.json', 'utf8'))).toBeTypeOf('object');
          expect(existsSync(join('out', 'my', 'developer1.ovpn'))).toBe(true);
          // the passphrase file the README's lines made is one only its owner can read
          expect(statSync(process.env.CAGW_VPN_CA_PASSPHRASE_FILE ?? '').mode & 0o077).toBe(0);
          break;
        }
        case 'verify': {
          // off the VPN the private name does not resolve: one failure, every check that needs it skipped because of it
          const { code, out } = await run([...argv, '--json']);
          expect(code).toBe(1);
          const results = (JSON.parse(out) as { results: { id: string; status: string; needs?: string }[] }).results;
          expect(results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['dns-private']);
          expect(results.filter((r) => r.needs === 'dns-private')).toHaveLength(6);
          break;
        }
        case 'preflight': {
          // no AWS credentials and no registry here: preflight says both, as it would to a new user who has neither yet
          for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) vi.stubEnv(name, undefined);
          vi.stubEnv('AWS_CONFIG_FILE', join(work, 'no-aws-config'));
          vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(work, 'no-aws-credentials'));
          try {
            const { code, out } = await run([...argv, '--json']);
            expect(code).toBe(1);
            const failed = (JSON.parse(out) as { results: { id: string; status: string }[] }).results.filter((r) => r.status === 'fail').map((r) => r.id);
            // image.builder asks this machine's container builder, which a CI machine may lack
            expect(failed.filter((id) => id !== 'image.builder')).toEqual(['image.pins', 'aws.credentials']);
          } finally {
            vi.unstubAllEnvs();
          }
          break;
        }
        case 'client-settings': {
          const { code, err } = await run(argv);
          expect(code, err).toBe(0);
          expect(JSON.parse(readFileSync(join('out', 'my', 'client-settings', 'managed-settings.json'), 'utf8')).forceLoginGatewayUrl).toBe('https://claude.corp.invalid');
          break;
        }
        default: {
          // local serves until Ctrl-C (local.int.test.ts runs it; validate above booted this config), vpn needs the
          // VPN's certificate authority, which the fake deploy's certificate step does not make: their command lines must parse
          const parsed = await parseCommandLine(argv, commands);
          expect(parsed.kind, step).toBe('run');
        }
      }
    }
  }, 180_000);
});
