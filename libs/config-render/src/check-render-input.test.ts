// Every string the render input carries is refused when it holds a ${...} reference, whichever
// field it sits in: the input below must name every field (the mapped type fails to compile
// otherwise), and each string in it, keys of objects included, takes the reference in turn.
import { describe, expect, test } from 'vitest';
import { checkRenderInput } from './check-render-input.ts';
import { renderGatewayConfig } from './render-gateway-config.ts';
import type { GatewayRenderInput } from './render-input.ts';

type Complete<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

const EVERY_FIELD: Complete<GatewayRenderInput> = {
  publicUrl: 'https://claude-gateway.example.com',
  VPC_CIDR: '10.20.0.0/16',
  idpMode: 'byo',
  OIDC_ISSUER: 'https://example.okta.com',
  OIDC_CLIENT_ID: '0oa1example2',
  OIDC_SCOPES: ['openid', 'profile', 'email'],
  ALLOWED_DOMAINS: ['example.com'],
  ALLOWED_GROUPS: ['engineering'],
  SIGNIN_RATE_LIMIT: 20,
  DB_POOL_SIZE: 8,
  GROUPS_CLAIM: 'groups',
  bedrockRegion: 'us-east-1',
  collectorEndpoint: 'https://otel.example.com',
  ENABLE_COLLECTOR: true,
  FORWARD_LOGS: true,
  ENABLE_SPEND_CAPS: true,
  SPEND_CAP_FAIL_CLOSED: false,
  SPEND_BLOCKED_MESSAGE: 'Contact your platform team.',
  ADMIN_GROUPS: ['platform-finops'],
  PREVIOUS_JWT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:previous-AbCdEf',
  policies: [
    { name: 'contractors', groups: ['contractors'], models: ['claude-haiku-4-5'], denyTools: ['WebFetch'], env: { HTTP_PROXY: 'http://proxy.example.com:8080' }, modelsFrom: 'POLICIES_FILE' },
    { name: 'everyone', groups: [], models: ['sonnet'] },
  ],
};

// What a refusal must name for a string under each field: the profile variable, or the policy.
const NAMED_AS: Record<keyof GatewayRenderInput, string> = {
  publicUrl: 'public_url', VPC_CIDR: 'VPC_CIDR', idpMode: 'IDP_MODE', OIDC_ISSUER: 'OIDC_ISSUER', OIDC_CLIENT_ID: 'OIDC_CLIENT_ID',
  OIDC_SCOPES: 'OIDC_SCOPES', ALLOWED_DOMAINS: 'ALLOWED_DOMAINS', ALLOWED_GROUPS: 'ALLOWED_GROUPS', SIGNIN_RATE_LIMIT: 'SIGNIN_RATE_LIMIT', DB_POOL_SIZE: 'DB_POOL_SIZE',
  GROUPS_CLAIM: 'GROUPS_CLAIM', bedrockRegion: 'BEDROCK_REGION', collectorEndpoint: 'COLLECTOR_ENDPOINT', ENABLE_COLLECTOR: 'ENABLE_COLLECTOR',
  FORWARD_LOGS: 'FORWARD_LOGS', ENABLE_SPEND_CAPS: 'ENABLE_SPEND_CAPS', SPEND_CAP_FAIL_CLOSED: 'SPEND_CAP_FAIL_CLOSED',
  SPEND_BLOCKED_MESSAGE: 'SPEND_BLOCKED_MESSAGE', ADMIN_GROUPS: 'ADMIN_GROUPS', PREVIOUS_JWT_SECRET_ARN: 'PREVIOUS_JWT_SECRET_ARN', policies: 'POLICIES_FILE policy',
};

type Path = (string | number)[];
const REFERENCE = '${GATEWAY_JWT_SECRET}';

// a record whose keys are data the renderer writes (a policy's env), not field names
const isMap = (path: Path) => path.at(-1) === 'env';

/** A path to every string in a value: [path, 'value'] for a string, [path, 'key'] for a map's key. */
function stringPaths(value: unknown, path: Path = []): [Path, 'value' | 'key'][] {
  if (typeof value === 'string') return [[path, 'value']];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, item]) => [...(isMap(path) ? [[[...path, k], 'key'] as [Path, 'key']] : []), ...stringPaths(item, [...path, k])]);
  }
  return [];
}

/** A deep copy with the string at `path` (or the key it ends in) replaced by the reference. */
function withReference(value: unknown, path: Path, kind: 'value' | 'key'): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return REFERENCE;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? withReference(item, rest, kind) : item));
  const entries = Object.entries(value as object).map(([k, item]): [string, unknown] => {
    if (k !== head) return [k, item];
    if (kind === 'key' && rest.length === 0) return [REFERENCE, item];
    return [k, withReference(item, rest, kind)];
  });
  return Object.fromEntries(entries);
}

const cases = stringPaths(EVERY_FIELD).map(([path, kind]) => ({ at: `${path.join('.')}${kind === 'key' ? ' (key)' : ''}`, path, kind }));

describe('a ${...} reference in any string of the render input', () => {
  test('the complete input itself is clean and renders', () => {
    expect(checkRenderInput(EVERY_FIELD)).toEqual([]);
    expect(() => renderGatewayConfig(EVERY_FIELD)).not.toThrow();
    expect(cases.length).toBeGreaterThan(20);
  });

  test.each(cases)('is refused at $at, naming the variable', ({ path, kind }) => {
    const input = withReference(EVERY_FIELD, path, kind) as GatewayRenderInput;
    // other rules may refuse the same value too (an unknown model, scopes without openid)
    const refusals = checkRenderInput(input).filter((p) => p.fix?.startsWith('remove the ${...}'));
    expect(refusals).toHaveLength(1);
    const field = path[0] as keyof GatewayRenderInput;
    expect(refusals[0]?.code).toBe('GatewayConfigValueInvalid');
    expect(refusals[0]?.where).toContain(NAMED_AS[field]);
    expect(refusals[0]?.message).toContain(REFERENCE);
    expect(() => renderGatewayConfig(input)).toThrow(expect.objectContaining({ code: 'GatewayConfigValueInvalid' }));
  });

  test('ALLOWED_GROUPS: the reported case (issue 27.3)', () => {
    const [refusal] = checkRenderInput({ ...EVERY_FIELD, ALLOWED_GROUPS: ['${GATEWAY_JWT_SECRET}'] });
    expect(refusal?.where).toBe('ALLOWED_GROUPS');
    expect(refusal?.message).toBe('ALLOWED_GROUPS "${GATEWAY_JWT_SECRET}" contains a ${...} reference, which the gateway would replace at boot');
  });

  test('a policy string is named by its policy and field', () => {
    const [refusal] = checkRenderInput({ ...EVERY_FIELD, policies: [{ name: 'eng', groups: [], env: { TOKEN: '${file:/etc/passwd}' } }] });
    expect(refusal?.where).toBe('POLICIES_FILE policy "eng" (policy 1 of 1) env.TOKEN');
  });

  test('a Settings value that never reaches gateway.yaml is not the renderer\'s to refuse', () => {
    const settings = { ...EVERY_FIELD, STACK_PREFIX: '${NOT_RENDERED}' };
    expect(checkRenderInput(settings)).toEqual([]);
  });
});
