// Issue 21, item 3: from every shipped profile deployed on the strict fake CloudFormation,
// changing any one catalogue variable to another valid value either completes the update, or
// is refused by cagw before the first change set, naming the variable. Which variables reach a
// template is not listed here: it is what changes the plan (a stack's name, template or
// parameters, or a step input that feeds one) when the variable changes. Every catalogue
// variable must get another value from fast-check arbitraries of its type (under FC_SEED), or
// the test fails; "valid" is what cagw accepts as a profile (it loads and renders). The edits
// follow one another: each starts from the profile deployed so far, so later ones meet
// profiles no file ships; an edit refused or failed is set back, and that must deploy too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { fargateMemoryFor, loadSettings, variableCatalog, variableNames, type Settings, type VariableName } from '@cagw/profile';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, expect, test, vi } from 'vitest';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { deployPlan, type DeployOutcome } from './deploy-plan.ts';
import { variablesReachingParameters } from './parameter-variables.ts';
import { planFromSettings } from './plan-from-settings.ts';
import type { DeploymentPlan } from './stack-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { valuesOfType } from './testing/catalog-values.ts';
import { keyedSteps } from './testing/keyed-steps.ts';
import { PROFILES_DIR, shippedProfiles } from './testing/profile-fixture.ts';
import { seedLandingZone } from './testing/landing-zone.ts';
import { RecordingDeployHost } from './testing/recording-deploy-host.ts';
import { TEST_WAITS } from './testing/test-deploy-context.ts';

const cfnMock = mockClient(CloudFormationClient);
const fake = new FakeCloudFormation({ pageSize: 100, createSeconds: () => 5 });
const cfn = new CloudFormationClient({ region: 'us-east-1' });
const files = mkdtempSync(join(tmpdir(), 'cagw-variable-edits-'));
const COLLECTOR_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/adot@sha256:${'a'.repeat(64)}`;
/** what `cagw pin` writes into a profile before its first deploy */
const PINNED = { DB_CLIENT_IMAGE_URI: `public.ecr.aws/docker/library/postgres@sha256:${'c3'.repeat(32)}` };

/** Free-text variables have no shape to generate from: their values, by name (files made here). */
function textValues(): Partial<Record<VariableName, fc.Arbitrary<string>>> {
  const file = (name: string, text: string) => {
    writeFileSync(join(files, name), text);
    return join(files, name);
  };
  return {
    AWS_PROFILE: fc.constantFrom('platform-admin', 'deploy'),
    POLICIES_FILE: fc.constant(file('policies.yaml', 'policies:\n  - name: engineering\n    groups: [engineering]\n    models: [sonnet]\n')),
    CAPS_FILE: fc.constant(file('caps.yaml', 'organization:\n  daily: 500\ngroups:\n  contractors:\n    daily: 20\n')),
    COLLECTOR_ENDPOINT: fc.constantFrom('https://otel.example.com', 'https://otel-2.example.com:4318', 'off'),
    COLLECTOR_CA_PEM: fc.constant(file('collector-ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')),
    SPEND_BLOCKED_MESSAGE: fc.constantFrom('Ask #platform for a higher limit.', 'Your daily limit is spent.'),
    RELEASE_KEY_FILE: fc.constant(file('release-key.asc', '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n')),
    RDS_CA_BUNDLE_FILE: fc.constant(file('global-bundle.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')),
  };
}

interface Deployed { env: Record<string, string>; settings: Settings; plan: DeploymentPlan }
type Loaded = { ok: true; settings: Settings } | { ok: false; variables: string[] };

function load(file: string, env: Record<string, string>): Loaded {
  const loaded = loadSettings({ profilePath: `${PROFILES_DIR}${file}`, env: { ...PINNED, ...env } });
  return loaded.settings ? { ok: true, settings: loaded.settings } : { ok: false, variables: loaded.problems.map((p) => p.variable) };
}

/**
 * The plan as cagw deploy makes it after preflight, whose one finding that changes parameters
 * here is the image repository: ECR_REPO held outside this network stack (by another stack, or
 * kept by one) is adopted, not created.
 */
async function plan(settings: Settings, file: string): Promise<DeploymentPlan> {
  const network = settings.stackNames.network;
  const held = fake.stackNames().some((n) => n !== network && Object.values(fake.resourcesOf(n)).includes(settings.ECR_REPO))
    || fake.leftBehind().includes(`AWS::ECR::Repository|${settings.ECR_REPO}`);
  return (await planFromSettings(settings, { profileName: file.replace(/\.env$/, ''), collectorImageUri: COLLECTOR_IMAGE, facts: { adoptImageRepository: held } })).plan;
}

/** What of a plan reaches CloudFormation: stack names, templates, parameters, and the inputs of steps that feed them. */
const reachesTemplates = (p: DeploymentPlan) => JSON.stringify(p.nodes.map((n) => (n.kind === 'stack'
  ? { stack: n.stackName, template: n.templateBody, parameters: n.parameters }
  : { step: n.id, inputs: n.inputs })));

/** A variable's value as a profile would write it (settings hold it typed). */
function currentValue(settings: Settings, name: VariableName): string | undefined {
  const v = (settings as unknown as Record<string, unknown>)[name];
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? v.join(',') : undefined;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * Another value of the variable's type that cagw accepts as a profile (it loads, and renders:
 * a render check refuses it as ProfileInvalid too), with its settings and plan or the error
 * planning it ended with; or 'needs-others' when it loads only with other variables changed too
 * (no edit of it alone exists); or undefined when every sample was refused for itself.
 */
async function otherValue(
  file: string, env: Record<string, string>, current: Settings, name: VariableName, arbitrary: fc.Arbitrary<string>, seed: number,
): Promise<{ value: string; settings: Settings; planned: DeploymentPlan | CagwError } | 'needs-others' | undefined> {
  const raw = currentValue(current, name);
  let needsOthers = false;
  for (const value of fc.sample(arbitrary, { seed, numRuns: 25 })) {
    if (value === raw || value === env[name]) continue;
    const loaded = load(file, { ...env, [name]: value });
    if (!loaded.ok) {
      needsOthers ||= !loaded.variables.includes(name);
      continue;
    }
    const planned = await plan(loaded.settings, file).catch((e: unknown) => (CagwError.is(e) ? e : Promise.reject(e)));
    if (CagwError.is(planned) && planned.code === 'ProfileInvalid') continue;
    return { value, settings: loaded.settings, planned };
  }
  return needsOthers ? 'needs-others' : undefined;
}

type Result = { kind: 'completed' } | { kind: 'refused'; error: CagwError } | { kind: 'failed'; why: string };

/**
 * A deploy as an operator runs it: a guarded replacement stops it with nothing executed, and
 * the operator runs it again with --allow-replace naming what it listed (item 4 of issue 21,
 * tested on its own); change sets made after the confirmation are confirmed again.
 */
async function deploy(p: DeploymentPlan, settings: Settings, file: string, steps: ReturnType<typeof keyedSteps>): Promise<Result> {
  // as cagw deploy names the variables behind a refused parameter
  const variablesOf = variablesReachingParameters(settings, (s) => plan(s, file));
  const allowReplace: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const changeSetsBefore = fake.calls('CreateChangeSet');
    let outcome: DeployOutcome;
    try {
      outcome = await advanceUntilSettled(deployPlan(p, {
        cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true }), steps, ...TEST_WAITS, allowReplace: [...allowReplace], runId: `run${fake.calls('CreateChangeSet')}`,
      }, { variablesOf }), 5000);
    } catch (e) {
      if (!CagwError.is(e)) throw e;
      if (e.code === 'GuardedChangeNotAllowed') {
        allowReplace.push(...(e.where ?? '').split(', ').map((w) => w.split('/')[1] ?? ''));
        continue;
      }
      if (fake.calls('CreateChangeSet') === changeSetsBefore) return { kind: 'refused', error: e };
      return { kind: 'failed', why: `${e.code} after ${fake.calls('CreateChangeSet') - changeSetsBefore} change set(s): ${e.message}` };
    }
    // a guarded change in a change set made after the confirmation stops that stack alone
    if (outcome.failure?.code === 'GuardedChangeNotAllowed') {
      allowReplace.push(...(outcome.failure.where ?? '').split(', ').map((w) => w.split('/')[1] ?? ''));
      continue;
    }
    if (outcome.failure) return { kind: 'failed', why: `${outcome.failure.where}: ${outcome.failure.message}` };
    const unsettled = p.nodes.flatMap((n) => (n.kind === 'stack' && !/^(CREATE|UPDATE)_COMPLETE$/.test(fake.status(n.stackName) ?? '') ? [`${n.stackName} ${fake.status(n.stackName)}`] : []));
    if (unsettled.length > 0) return { kind: 'failed', why: `${outcome.result}, yet ${unsettled.join(', ')}` };
    return { kind: 'completed' };
  }
  return { kind: 'failed', why: `guarded changes still refused with --allow-replace ${allowReplace.join(',')}` };
}

beforeEach(() => {
  vi.useFakeTimers();
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  fake.reset();
  fake.install(cfnMock);
  seedLandingZone(fake);
});
afterEach(() => vi.useRealTimers());
afterAll(() => rmSync(files, { recursive: true, force: true }));

const seed = fc.readConfigureGlobal().seed ?? 0;
const text = textValues();

/** Every catalogue variable: an arbitrary of its values, from its type or its name. */
function arbitraryOf(name: VariableName, current: Settings): fc.Arbitrary<string> | undefined {
  // Fargate offers each task memory only with some CPUs (a rule across two variables): changed
  // alone, TASK_MEMORY takes another size offered with the deployed TASK_CPU
  const memory = fargateMemoryFor(Number(current.TASK_CPU)).map(String);
  if (name === 'TASK_MEMORY' && memory.length > 0) return fc.constantFrom(...memory);
  return text[name] ?? valuesOfType(variableCatalog[name].type.label, currentValue(current, name), current.AWS_REGION);
}

test('every catalogue variable has values to change it to', () => {
  const missing = variableNames.filter((name) => variableCatalog[name].type.label === 'text' ? !text[name] : !valuesOfType(variableCatalog[name].type.label, undefined));
  expect(missing, 'add an arbitrary for their type to testing/catalog-values.ts, or values for free text above').toEqual([]);
});

const covered = new Set<VariableName>();
const reaching = new Set<VariableName>();

for (const [i, file] of shippedProfiles().entries()) {
  test(`${file}: each variable that reaches a template, changed alone, updates or is refused up front naming it`, async () => {
    const steps = keyedSteps();
    const base = load(file, {});
    if (!base.ok) throw new Error(`${file} does not load`);
    const first = await plan(base.settings, file);
    expect(await deploy(first, base.settings, file, steps)).toEqual({ kind: 'completed' });
    let deployed: Deployed = { env: {}, settings: base.settings, plan: first };
    const problems: string[] = [];
    for (const [j, name] of variableNames.entries()) {
      const arbitrary = arbitraryOf(name, deployed.settings);
      if (!arbitrary) continue;
      const other = await otherValue(file, deployed.env, deployed.settings, name, arbitrary, seed + i * 1000 + j);
      if (other === undefined) continue;
      covered.add(name);
      if (other === 'needs-others') continue;
      const edit = `${name}=${other.value}`;
      const next = other.planned;
      if (CagwError.is(next)) {
        // refused while planning: before any change set; it must name the variable
        if (!`${next.message} ${next.where ?? ''}`.includes(name)) problems.push(`${edit}: refused without naming ${name}: ${next.code}: ${next.message}`);
        continue;
      }
      if (reachesTemplates(next) === reachesTemplates(deployed.plan)) continue;
      reaching.add(name);
      const result = await deploy(next, other.settings, file, steps);
      if (result.kind === 'failed') problems.push(`${edit}: ${result.why}`);
      else if (result.kind === 'refused' && !`${result.error.message} ${result.error.where ?? ''}`.includes(name)) problems.push(`${edit}: refused without naming ${name}: ${result.error.code}: ${result.error.message}`);
      if (result.kind !== 'completed') {
        // back to what is deployed, which must deploy (or be as deployed) again
        const back = await deploy(deployed.plan, deployed.settings, file, steps);
        if (back.kind !== 'completed') problems.push(`${edit}, then back: ${back.kind === 'failed' ? back.why : back.error.message}`);
        continue;
      }
      deployed = { env: { ...deployed.env, [name]: other.value }, settings: other.settings, plan: next };
    }
    expect(problems, `${file}, edits: ${JSON.stringify(deployed.env)}`).toEqual([]);
  }, 120_000);
}

test('every catalogue variable was changed in some shipped profile', () => {
  expect(variableNames.filter((n) => !covered.has(n)), 'every generated value of these was refused for itself').toEqual([]);
  expect(reaching.size).toBeGreaterThan(0);
});
