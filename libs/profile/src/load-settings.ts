// loadSettings(): a profile file and/or the environment → typed, validated Settings, with
// every problem found at once. No AWS call and no network: only the files the profile names.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { buildPolicies } from './build-policies.ts';
import { parseCollectorEndpoint } from './collector-endpoint.ts';
import { environmentOverrides, type EnvironmentOverride } from './environment-overrides.ts';
import { CagwError } from './errors.ts';
import type { GroupPolicy } from './group-policy.ts';
import { formatProblem, type ProfileProblem } from './profile-problem.ts';
import { profileRules, type TypedValues } from './profile-rules.ts';
import { dailyCapsForAlarms, readCapsFile } from './read-caps-file.ts';
import { readPoliciesFile } from './read-policies-file.ts';
import type { PolicyNames } from './policy-names.ts';
import { readProfileFile, type ProfileFile } from './read-profile-file.ts';
import type { Settings, StackPart, TlsMode } from './settings.ts';
import { secretValueVariables, variableCatalog, variableNames, type RawValues, type VariableSpec } from './variable-catalog.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadSettingsOptions {
  /** a dotenv profile; relative paths inside it resolve against its folder */
  profilePath?: string;
  /** the process environment (or a test's); its values win over the profile's */
  env: Env;
  readFile?: (path: string) => string;
  /** the model names the gateway accepts (@cagw/config-render's catalogue): POLICIES_FILE's models are checked against them at their lines */
  policyNames?: PolicyNames;
}

export type ValueSource = { from: 'profile'; where: string } | { from: 'environment' } | { from: 'default' };

export interface LoadedSettings {
  /** undefined when there are problems */
  settings: Settings | undefined;
  problems: ProfileProblem[];
  /** not wrong, but worth saying: unknown variables, ignored values */
  warnings: ProfileProblem[];
  /** where each variable's value came from */
  sources: Record<string, ValueSource>;
  /** profile values the environment replaced with a different one (for the CLI to say so) */
  overrides: EnvironmentOverride[];
}

export function loadSettings(options: LoadSettingsOptions): LoadedSettings {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const file = options.profilePath ? readProfile(options.profilePath, readFile) : undefined;
  const problems: ProfileProblem[] = [...(file?.problems ?? [])];
  const warnings: ProfileProblem[] = [];
  if (file) checkFileNames(file, problems, warnings);

  const { raw, sources } = mergeRawValues(file, options.env);
  const overrides = file ? environmentOverrides(file, options.env) : [];
  const whereOf = (name: string) => describeSource(sources[name]);

  const typed: Record<string, unknown> = {};
  for (const name of variableNames) {
    const value = raw[name];
    if (value === undefined) continue;
    const spec: VariableSpec = variableCatalog[name];
    const parsed = spec.type.parse(value);
    if (parsed.ok) typed[name] = parsed.value;
    else problems.push({ variable: name, value, message: parsed.message, fix: parsed.fix, ...optionalWhere(whereOf(name)) });
  }
  const endpoint = parseCollectorEndpoint(raw.COLLECTOR_ENDPOINT);
  if (!endpoint.ok) problems.push({ variable: 'COLLECTOR_ENDPOINT', value: raw.COLLECTOR_ENDPOINT!, message: endpoint.message, fix: endpoint.fix, ...optionalWhere(whereOf('COLLECTOR_ENDPOINT')) });
  else if (endpoint.value === undefined) delete typed.COLLECTOR_ENDPOINT;

  for (const rule of profileRules) problems.push(...rule(typed, whereOf));

  const baseDir = options.profilePath ? dirname(resolve(options.profilePath)) : process.cwd();
  const filePolicies = readPolicies(typed, baseDir, readFile, problems, options.policyNames);
  readCaps(typed, sources, baseDir, readFile, problems);
  checkFileExists(typed, 'COLLECTOR_CA_PEM', baseDir, readFile, problems);
  const built = buildPolicies({
    denyToolGroup: typed.DENY_TOOL_GROUP as string | undefined,
    denyTools: (typed.DENY_TOOLS as string[] | undefined) ?? [],
    enforceModels: (typed.ENFORCE_MODELS as string[] | undefined) ?? [],
    filePolicies,
  });
  problems.push(...built.problems);
  warnings.push(...ignoredValueWarnings(typed, sources.DENY_TOOLS?.from !== 'default'));

  if (problems.length > 0) return { settings: undefined, problems, warnings, sources, overrides };
  return { settings: deriveSettings(typed, built.policies, options.profilePath), problems, warnings, sources, overrides };
}

/** loadSettings, throwing one ProfileInvalid error that lists every problem. */
export function loadSettingsOrThrow(options: LoadSettingsOptions): { settings: Settings; warnings: ProfileProblem[]; overrides: EnvironmentOverride[] } {
  const loaded = loadSettings(options);
  if (!loaded.settings) {
    const lines = loaded.problems.map((p) => `  - ${formatProblem(p)}`);
    throw new CagwError('ProfileInvalid', `the profile has ${loaded.problems.length} problem(s):\n${lines.join('\n')}`, {
      source: 'user', where: options.profilePath ?? 'environment', fix: 'correct the variables above and run again (cagw profile --explain lists every variable)',
    });
  }
  return { settings: loaded.settings, warnings: loaded.warnings, overrides: loaded.overrides };
}

function readProfile(path: string, readFile: (p: string) => string): ProfileFile {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    throw new CagwError('ProfileNotFound', `cannot read profile ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      source: 'user', where: path, fix: 'copy one of profiles/*.env to profiles/my.env and pass --profile profiles/my.env', cause: e,
    });
  }
  return readProfileFile(path, text);
}

/** Secret values never belong in a profile; unknown names that look like typos are reported. */
function checkFileNames(file: ProfileFile, problems: ProfileProblem[], warnings: ProfileProblem[]): void {
  for (const entry of file.entries.values()) {
    const where = `${file.path}:${entry.line}`;
    if (entry.name in variableCatalog) continue;
    const arnVariable = secretValueVariables[entry.name];
    if (arnVariable) {
      problems.push({ variable: entry.name, message: 'is a secret value (value hidden), which must not be written in a profile', fix: `delete the line, rotate the secret, and use ${arnVariable}`, where });
      continue;
    }
    const suggestion = closest(entry.name, variableNames);
    if (distance(entry.name, suggestion) <= Math.max(2, Math.floor(entry.name.length / 6))) {
      problems.push({ variable: entry.name, message: `is not a cagw variable; did you mean ${suggestion}?`, fix: `rename it to ${suggestion}`, where });
    } else {
      warnings.push({ variable: entry.name, message: 'is not a cagw variable and is ignored', fix: 'remove it, or see cagw profile --explain', where });
    }
  }
}

/** The environment wins over the profile; empty means unset; defaults fill the rest. */
function mergeRawValues(file: ProfileFile | undefined, env: Env): { raw: RawValues; sources: Record<string, ValueSource> } {
  const raw: Record<string, string | undefined> = {};
  const sources: Record<string, ValueSource> = {};
  for (const name of variableNames) {
    // `unset NAME` in the profile removes it from the environment too, as `source` would.
    const fromEnv = file?.unset.has(name) ? undefined : env[name];
    const entry = file?.entries.get(name);
    if (fromEnv) {
      raw[name] = fromEnv;
      sources[name] = { from: 'environment' };
    } else if (entry && entry.value !== '') {
      raw[name] = entry.value;
      sources[name] = { from: 'profile', where: `${file!.path}:${entry.line}` };
    }
  }
  // The AWS CLI's fallback region counts only when neither the environment nor the profile names one.
  if (raw.AWS_REGION === undefined && env.AWS_DEFAULT_REGION && !file?.unset.has('AWS_REGION')) {
    raw.AWS_REGION = env.AWS_DEFAULT_REGION;
    sources.AWS_REGION = { from: 'environment' };
  }
  // Static defaults first, then defaults computed from other values (which may be defaults).
  const specs = variableNames.map((name) => [name, variableCatalog[name] as VariableSpec] as const);
  for (const [name, spec] of specs) {
    if (raw[name] === undefined && typeof spec.default === 'string') {
      raw[name] = spec.default;
      sources[name] = { from: 'default' };
    }
  }
  for (const [name, spec] of specs) {
    if (raw[name] === undefined && typeof spec.default === 'function') {
      const value = spec.default(raw);
      if (value !== undefined) {
        raw[name] = value;
        sources[name] = { from: 'default' };
      }
    }
  }
  return { raw, sources };
}

function describeSource(source: ValueSource | undefined): string | undefined {
  if (!source) return undefined;
  if (source.from === 'profile') return source.where;
  return source.from === 'environment' ? 'environment' : 'default';
}
const optionalWhere = (w: string | undefined) => (w ? { where: w } : {});

function readPolicies(typed: TypedValues, baseDir: string, readFile: (p: string) => string, problems: ProfileProblem[], names: PolicyNames | undefined): GroupPolicy[] {
  const path = typed.POLICIES_FILE as string | undefined;
  if (!path) return [];
  const fullPath = resolve(baseDir, path);
  let text: string;
  try {
    text = readFile(fullPath);
  } catch {
    problems.push({ variable: 'POLICIES_FILE', value: path, message: `names a file that cannot be read (${fullPath})`, fix: 'give a path relative to the profile, e.g. POLICIES_FILE=policies.yaml (see profiles/policies.example.yaml)' });
    return [];
  }
  const read = readPoliciesFile(path, text, names);
  problems.push(...read.problems);
  return read.policies;
}

/** CAPS_FILE is the one source of caps: its daily caps feed the cap warnings DAILY_SPEND_CAPS_USD used to. */
function readCaps(typed: Record<string, unknown>, sources: Record<string, ValueSource>, baseDir: string, readFile: (p: string) => string, problems: ProfileProblem[]): void {
  const path = typed.CAPS_FILE as string | undefined;
  if (!path) return;
  if (sources.DAILY_SPEND_CAPS_USD && sources.DAILY_SPEND_CAPS_USD.from !== 'default') {
    problems.push({
      variable: 'DAILY_SPEND_CAPS_USD', message: 'is set together with CAPS_FILE, so the cap warnings would have two sources', ...optionalWhere(describeSource(sources.DAILY_SPEND_CAPS_USD)),
      fix: `remove DAILY_SPEND_CAPS_USD and write those caps in ${path} (cagw caps export writes the live ones); its daily caps feed the warnings`,
    });
    return;
  }
  const fullPath = resolve(baseDir, path);
  let text: string;
  try {
    text = readFile(fullPath);
  } catch {
    problems.push({ variable: 'CAPS_FILE', value: path, message: `names a file that cannot be read (${fullPath})`, fix: 'give a path relative to the profile, e.g. CAPS_FILE=caps.yaml (cagw caps export writes one from the live caps)' });
    return;
  }
  const read = readCapsFile(path, text);
  problems.push(...read.problems);
  typed.DAILY_SPEND_CAPS_USD = dailyCapsForAlarms(read.caps);
}

function checkFileExists(typed: TypedValues, name: string, baseDir: string, readFile: (p: string) => string, problems: ProfileProblem[]): void {
  const path = typed[name] as string | undefined;
  if (!path) return;
  try {
    readFile(resolve(baseDir, path));
  } catch {
    problems.push({ variable: name, value: path, message: 'names a file that cannot be read', fix: 'give the path of an existing file, relative to the profile' });
  }
}

/** Values that are set but have no effect in the chosen modes: say so instead of ignoring them silently. */
function ignoredValueWarnings(typed: TypedValues, denyToolsSet: boolean): ProfileProblem[] {
  const ignored = (variable: string, because: string): ProfileProblem => ({ variable, message: `is ignored ${because}`, fix: `remove ${variable} from the profile` });
  const warnings: ProfileProblem[] = [];
  if (typed.IDP_MODE !== 'byo') for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET_ARN']) if (typed[name]) warnings.push(ignored(name, `with IDP_MODE=${String(typed.IDP_MODE)} (Cognito provides it)`));
  if (typed.DOMAIN_NAME && typed.ZONE) warnings.push(ignored('ZONE', 'with a managed DOMAIN_NAME'));
  if (typed.FORWARD_LOGS === true && !typed.ENABLE_COLLECTOR && !typed.COLLECTOR_ENDPOINT) warnings.push(ignored('FORWARD_LOGS', 'while telemetry is off'));
  if (denyToolsSet && !typed.DENY_TOOL_GROUP) warnings.push(ignored('DENY_TOOLS', 'without DENY_TOOL_GROUP (say which group they are denied to, or use POLICIES_FILE)'));
  return warnings;
}

function deriveSettings(typed: TypedValues, policies: GroupPolicy[], profilePath: string | undefined): Settings {
  const tlsMode: TlsMode = typed.DOMAIN_NAME ? 'managed' : typed.CERT_ARN ? 'byo-cert' : 'self-signed';
  const gatewayHost = (tlsMode === 'managed' ? typed.DOMAIN_NAME : typed.GATEWAY_HOST) as string;
  const prefix = typed.STACK_PREFIX as string;
  const named = (override: unknown, part: string) => (typeof override === 'string' ? override : `${prefix}-${part}`);
  const stackNames: Record<StackPart, string> = {
    network: `${prefix}-network`,
    database: `${prefix}-database`,
    idp: named(typed.COGNITO_STACK, 'idp'),
    collector: named(typed.COLLECTOR_STACK, 'collector'),
    gateway: named(typed.GATEWAY_STACK, 'gateway'),
    vpn: named(typed.VPN_STACK, 'vpn'),
    observability: `${prefix}-observability`,
  };
  const collectorEndpoint = typed.ENABLE_COLLECTOR === true ? `https://${typed.COLLECTOR_HOST as string}` : (typed.COLLECTOR_ENDPOINT as string | undefined);
  const values = Object.fromEntries(variableNames.map((name) => [name, typed[name]]));
  return Object.freeze({
    ...values,
    tlsMode,
    gatewayHost,
    publicUrl: `https://${gatewayHost}`,
    collectorEndpoint,
    policies,
    idpMode: typed.IDP_MODE as Settings['idpMode'],
    bedrockRegion: (typed.BEDROCK_REGION ?? typed.AWS_REGION) as string,
    stackNames,
    profilePath,
  }) as unknown as Settings;
}
