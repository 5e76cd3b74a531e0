// `cagw plan --from OLD_PROFILE`: what deploying the new profile over a deployment of the old
// one does, offline. Both profiles are loaded the same way (the environment wins over either
// file) and planned with the same profile name, so only the edit differs; the old profile's
// problems are reported naming its file. Returns values; the CLI prints them.
import { readFileSync } from 'node:fs';
import { CagwError } from '@cagw/errors';
import { formatProblem, loadSettings, readProfileFile, variableNames, type Env, type Settings } from '@cagw/profile';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import { stacksOf, type DeploymentPlan } from '../orchestrate/stack-plan.ts';
import { planEdit, type PlanEdit } from './plan-edit.ts';
import { planParameters, variablesBehindParameters } from './variables-behind-parameters.ts';

export interface ProfileEditInput {
  /** the old profile file (--from) */
  fromPath: string;
  /** the new profile file; undefined: the environment alone */
  profilePath: string | undefined;
  /** the new profile, already loaded (its problems are the command's usual ones) */
  settings: Settings;
  env: Env;
  /** the name both plans render the gateway config with */
  profileName: string;
}

export interface ProfileEdit extends PlanEdit {
  /** the variables whose value differs between the two profiles */
  changedVariables: string[];
  /** warnings about the old profile and about values the environment hides from the comparison */
  warnings: string[];
}

export async function profileEdit(input: ProfileEditInput): Promise<ProfileEdit> {
  const plan = async (settings: Settings) => (await planFromSettings(settings, { profileName: input.profileName, requireCollectorImage: false })).plan;
  const loadedOld = (() => {
    try {
      return loadSettings({ profilePath: input.fromPath, env: input.env });
    } catch (e) {
      throw fromOldProfile(e, input.fromPath);
    }
  })();
  if (!loadedOld.settings) {
    const lines = loadedOld.problems.map((p) => `  - ${formatProblem(p)}`);
    throw new CagwError('ProfileInvalid', `the old profile ${input.fromPath} (--from) has ${loadedOld.problems.length} problem(s):\n${lines.join('\n')}`, {
      source: 'user', where: input.fromPath,
      fix: 'correct the variables above in the old profile, or give --from the version that was deployed (git show <base>:<profile> > <file> next to the new one, so relative paths resolve alike)',
    });
  }
  const before = await plan(loadedOld.settings).catch((e: unknown) => { throw fromOldProfile(e, input.fromPath); });
  const after = await plan(input.settings);

  const raw = { before: rawValues(input.fromPath, input.env), after: rawValues(input.profilePath, input.env) };
  const changedVariables = variableNames.filter((n) => raw.before[n] !== raw.after[n]);
  const warnings = [...loadedOld.warnings.map((w) => `${input.fromPath} (--from): ${formatProblem(w)}`), ...hiddenByEnvironment(input, input.env)];
  const judged = planEdit(before, after);
  if (judged.refusals.length === 0) return { ...judged, changedVariables, warnings };
  // a refusal names its variable: plan each changed variable alone (only now, as it takes a plan per variable)
  const whole = { before: planParameters(before), after: planParameters(after) };
  const variablesOf = await variablesBehindParameters(changedVariables, whole, async (variable) => {
    const tryPlan = async (profilePath: string | undefined, value: string | undefined): Promise<DeploymentPlan | undefined> => {
      if (value === undefined) return undefined;
      const loaded = loadSettings({ ...(profilePath ? { profilePath } : {}), env: { ...input.env, [variable]: value } });
      return loaded.settings ? plan(loaded.settings).catch(() => undefined) : undefined;
    };
    const forward = await tryPlan(input.fromPath, raw.after[variable]);
    if (forward) return { baseline: whole.before, edited: planParameters(forward) };
    const backward = input.profilePath ? await tryPlan(input.profilePath, raw.before[variable]) : undefined;
    return backward ? { baseline: whole.after, edited: planParameters(backward) } : undefined;
  });
  // planEdit names stacks; the variables are found per stack of the plan (network, idp, ...)
  const nodeOf = new Map([...stacksOf(before), ...stacksOf(after)].map((s) => [s.stackName, s.id]));
  return { ...planEdit(before, after, { variablesOf: (stackName, p) => variablesOf(nodeOf.get(stackName) ?? stackName, p) }), changedVariables, warnings };
}

/** The values a profile file sets (read once), empty for none. */
function fileValues(profilePath: string | undefined): { values: Map<string, string>; unset: Set<string> } {
  if (!profilePath) return { values: new Map(), unset: new Set() };
  const file = readProfileFile(profilePath, readFileSync(profilePath, 'utf8'));
  return { values: new Map([...file.entries].map(([k, e]) => [k, e.value])), unset: new Set(file.unset.keys()) };
}

/** A variable's value as a profile gives it, the environment winning (defaults left out: they are the same on both sides). */
function rawValues(profilePath: string | undefined, env: Env): Record<string, string | undefined> {
  const file = fileValues(profilePath);
  return Object.fromEntries(variableNames.map((n) => {
    const fromEnv = file.unset.has(n) ? undefined : env[n];
    const entry = file.values.get(n);
    return [n, fromEnv || (entry === '' ? undefined : entry)];
  }));
}

/** Variables the two files set differently, but the environment sets for both: the comparison cannot see that edit. */
function hiddenByEnvironment(input: ProfileEditInput, env: Env): string[] {
  if (!input.profilePath) return [];
  const files = { before: fileValues(input.fromPath), after: fileValues(input.profilePath) };
  return variableNames
    .filter((n) => env[n] && files.before.values.get(n) !== files.after.values.get(n))
    .map((n) => `${n} is set in the environment, which wins over both profiles, so its edit between ${input.fromPath} and ${input.profilePath ?? 'the environment'} is not shown: unset ${n} to compare the files`);
}

/** An old profile that loads but cannot be planned: the same error, saying it is the old one. */
function fromOldProfile(e: unknown, fromPath: string): unknown {
  if (!CagwError.is(e)) return e;
  return new CagwError(e.code, `the old profile ${fromPath} (--from): ${e.message}`, { source: e.source, where: e.where ? `${fromPath}: ${e.where}` : fromPath, ...(e.fix ? { fix: e.fix } : {}), cause: e });
}
