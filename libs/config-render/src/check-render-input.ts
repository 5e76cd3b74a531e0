// Problems in the profile values the renderer would put into gateway.yaml, all at once, each
// naming the variable or policy, the value and the fix. @cagw/profile validates shapes; these
// are the rules that come from the gateway itself.
import { CagwError } from '@cagw/errors';
import { MODEL_CATALOGUE } from './models-catalogue.ts';
import type { GatewayRenderInput, GroupPolicy } from './render-input.ts';

// The gateway expands `${NAME}` anywhere in a string value and `${file:/path}` as a whole value,
// after parsing, and has no escape. A profile value containing one would be replaced at boot
// (and could pull a secret such as ${GATEWAY_JWT_SECRET} into a 429 message).
const EXPANDED_BY_GATEWAY = /\$\{\w+\}|^\$\{file:.+\}$/;

// The gateway matches a request's model against availableModels by id or by family alias; it
// warns about CLI-only aliases (best, opusplan) because those never match a request.
export const FAMILY_ALIASES = ['opus', 'sonnet', 'haiku', 'fable'] as const;
const knownModels = new Set<string>([...MODEL_CATALOGUE.map((m) => m.id), ...FAMILY_ALIASES]);

function problem(message: string, where: string, fix: string): CagwError {
  return new CagwError('GatewayConfigValueInvalid', message, { source: 'user', where, fix });
}

function checkText(value: string, where: string, problems: CagwError[]): void {
  if (EXPANDED_BY_GATEWAY.test(value)) {
    problems.push(problem(`${where} "${value}" contains a \${...} reference, which the gateway would replace at boot`, where, 'remove the ${...} from the value: the gateway has no way to escape it'));
  }
}

// The profile variable behind each render input field, as a problem names it. The mapped type
// makes this complete: a field added to GatewayRenderInput does not compile until it is named
// here, and then every string under it (arrays, objects, their keys) is checked by the walk below.
const VARIABLE_OF_FIELD: { readonly [K in keyof GatewayRenderInput]-?: string } = {
  publicUrl: 'public_url',
  VPC_CIDR: 'VPC_CIDR',
  idpMode: 'IDP_MODE',
  OIDC_ISSUER: 'OIDC_ISSUER',
  OIDC_CLIENT_ID: 'OIDC_CLIENT_ID',
  OIDC_SCOPES: 'OIDC_SCOPES',
  ALLOWED_DOMAINS: 'ALLOWED_DOMAINS',
  ALLOWED_GROUPS: 'ALLOWED_GROUPS',
  SIGNIN_RATE_LIMIT: 'SIGNIN_RATE_LIMIT',
  DB_POOL_SIZE: 'DB_POOL_SIZE',
  GROUPS_CLAIM: 'GROUPS_CLAIM',
  bedrockRegion: 'BEDROCK_REGION',
  collectorEndpoint: 'COLLECTOR_ENDPOINT',
  ENABLE_COLLECTOR: 'ENABLE_COLLECTOR',
  FORWARD_LOGS: 'FORWARD_LOGS',
  ENABLE_SPEND_CAPS: 'ENABLE_SPEND_CAPS',
  SPEND_CAP_FAIL_CLOSED: 'SPEND_CAP_FAIL_CLOSED',
  SPEND_BLOCKED_MESSAGE: 'SPEND_BLOCKED_MESSAGE',
  ADMIN_GROUPS: 'ADMIN_GROUPS',
  PREVIOUS_JWT_SECRET_ARN: 'PREVIOUS_JWT_SECRET_ARN',
  policies: 'POLICIES_FILE',
};

/** Every string under a value (array items, object keys and values), with its path below it. */
function* stringsIn(value: unknown, path: readonly (string | number)[] = []): Generator<[string, readonly (string | number)[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* stringsIn(item, [...path, i]);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      yield [key, [...path, key]];
      yield* stringsIn(item, [...path, key]);
    }
  }
}

function whereInPolicies(policies: readonly GroupPolicy[], path: readonly (string | number)[]): string {
  const [index, field, ...rest] = path;
  const policy = typeof index === 'number' ? policies[index] : undefined;
  if (!policy) return 'POLICIES_FILE';
  const name = field === 'denyTools' ? 'deny_tools' : field;
  const detail = [name, ...rest.filter((p) => typeof p === 'string')].join('.');
  return `POLICIES_FILE ${describePolicy(policy)} (policy ${index as number + 1} of ${policies.length})${detail ? ` ${detail}` : ''}`;
}

// Only the render input's own fields: callers pass whole Settings, whose other values never
// reach gateway.yaml.
function checkEveryString(input: GatewayRenderInput, problems: CagwError[]): void {
  for (const field of Object.keys(VARIABLE_OF_FIELD) as (keyof GatewayRenderInput)[]) {
    for (const [text, path] of stringsIn(input[field])) {
      checkText(text, field === 'policies' ? whereInPolicies(input.policies, path) : VARIABLE_OF_FIELD[field], problems);
    }
  }
}

export function describePolicy(policy: GroupPolicy): string {
  return `policy "${policy.name}"`;
}

function checkPolicy(policy: GroupPolicy, index: number, count: number, problems: CagwError[]): void {
  const where = `POLICIES_FILE ${describePolicy(policy)} (policy ${index + 1} of ${count})`;
  if (policy.groups.length === 0 && index !== count - 1) {
    problems.push(problem(`${describePolicy(policy)} has no groups (a catch-all) but is not the last policy`, where, 'move the catch-all to the end: policies after it could never match'));
  }
  for (const group of policy.groups) {
    if (group.trim() === '') problems.push(problem(`${describePolicy(policy)} lists an empty group name`, where, 'remove the empty entry from groups'));
  }
  if (policy.models && policy.models.length === 0) {
    problems.push(problem(`${describePolicy(policy)} lists no models, so its developers could use none`, where, 'list at least one model, or remove models to inherit the catch-all'));
  }
  for (const model of policy.models ?? []) {
    if (!knownModels.has(model)) {
      // models ENFORCE_MODELS gave the catch-all are that variable's problem, not the policies file's
      const from = policy.modelsFrom;
      problems.push(problem(`${from ?? describePolicy(policy)} allows model "${model}", which is not in the gateway's model list`, from ?? where, `use a family alias (${FAMILY_ALIASES.join(', ')}) or one of: ${MODEL_CATALOGUE.map((m) => m.id).join(', ')}`));
    }
  }
  for (const tool of policy.denyTools ?? []) {
    if (tool.trim() === '') problems.push(problem(`${describePolicy(policy)} denies an empty tool name`, where, 'remove the empty entry from deny_tools'));
  }
  for (const key of Object.keys(policy.env ?? {})) {
    if (key === '') problems.push(problem(`${describePolicy(policy)} sets an env variable with an empty name`, where, 'give the variable a name'));
  }
}

/** Every problem that would make the rendered config wrong or refused by the gateway. */
export function checkRenderInput(input: GatewayRenderInput): CagwError[] {
  const problems: CagwError[] = [];
  if (input.idpMode === 'byo') {
    if (!input.OIDC_ISSUER) problems.push(problem('OIDC_ISSUER is not set', 'OIDC_ISSUER', 'set the https issuer URL of your IdP (IDP_MODE=byo)'));
    if (!input.OIDC_CLIENT_ID) problems.push(problem('OIDC_CLIENT_ID is not set', 'OIDC_CLIENT_ID', 'set the client id of the gateway app registered with your IdP'));
  }
  checkEveryString(input, problems);
  if (input.idpMode !== 'byo' && input.OIDC_SCOPES?.includes('offline_access')) {
    problems.push(problem('OIDC_SCOPES asks for offline_access, which Cognito refuses at its token endpoint', 'OIDC_SCOPES', 'remove offline_access (sessions then last session.ttl_hours, 8 h)'));
  }
  if (input.OIDC_SCOPES && !input.OIDC_SCOPES.includes('openid')) {
    problems.push(problem(`OIDC_SCOPES "${input.OIDC_SCOPES.join(',')}" does not include openid`, 'OIDC_SCOPES', 'add openid: without it the IdP returns no id_token'));
  }
  for (const group of input.ADMIN_GROUPS ?? []) {
    if (group.trim() === '') problems.push(problem('ADMIN_GROUPS has an empty entry', 'ADMIN_GROUPS', 'remove the empty entry (it could match an empty group claim)'));
  }
  if (input.GROUPS_CLAIM !== undefined && input.GROUPS_CLAIM.trim() === '') problems.push(problem('GROUPS_CLAIM is empty', 'GROUPS_CLAIM', 'set the claim that carries groups, e.g. cognito:groups or groups'));
  input.policies.forEach((p, i) => checkPolicy(p, i, input.policies.length, problems));
  return problems;
}
