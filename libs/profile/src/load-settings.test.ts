import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CagwError } from './errors.ts';
import { loadSettings, loadSettingsOrThrow } from './load-settings.ts';
import { loadWith, problemVariables, validEnv } from './test-support.ts';

const profilesDir = fileURLToPath(new URL('../../../profiles/', import.meta.url));
const shippedProfiles = readdirSync(profilesDir).filter((f) => f.endsWith('.env') && !f.startsWith('my'));

function loadText(text: string, env: Record<string, string> = {}) {
  return loadSettings({ profilePath: '/profiles/test.env', env, readFile: () => text });
}

describe('the shipped profiles', () => {
  test('are all here', () => {
    expect(shippedProfiles.sort()).toEqual([
      'byo-oidc-byotelemetry.env', 'byo-oidc-notelemetry.env', 'existing-vpc.env', 'local.env', 'managed-existingcognito-byotelemetry.env',
      'managed-newcognito-collector-vpn.env', 'managed-newcognito-notelemetry.env', 'selfsigned-fallback.env',
    ]);
  });
  test.each(shippedProfiles)('%s loads without problems or warnings', (name) => {
    const loaded = loadSettings({ profilePath: `${profilesDir}${name}`, env: {} });
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([]);
  });
  test('the BYO collector endpoint is kept (the original dropped it)', () => {
    const { settings } = loadSettings({ profilePath: `${profilesDir}byo-oidc-byotelemetry.env`, env: {} });
    expect(settings!.collectorEndpoint).toBe('https://otel.example.com');
  });
  test('the self-signed profile needs no DOMAIN_NAME', () => {
    const { settings } = loadSettings({ profilePath: `${profilesDir}selfsigned-fallback.env`, env: {} });
    expect(settings).toMatchObject({ tlsMode: 'self-signed', gatewayHost: 'claude-gateway.internal.example.com', ENABLE_VPN: true });
  });
  test('local.env reads its policies file: engineering, contractors, finance, then everyone else', () => {
    const { settings } = loadSettings({ profilePath: `${profilesDir}local.env`, env: {} });
    expect(settings!.policies.map((p) => p.groups[0] ?? '*')).toEqual(['engineering', 'contractors', 'platform-finops', '*']);
  });
});

test('a profile with three mistakes reports all three, each with its line', () => {
  const text = ['AWS_REGION=us-east-1', 'ZONE=internal.example.com', 'ALLOWED_DOMAINS=example.com', 'IDP_MODE=byo',
    'OIDC_ISSUER=https://x.example.com', 'OIDC_CLIENT_ID=c', 'OIDC_CLIENT_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf',
    'BUILD_IMAGE=true', 'COLLECTOR_ENDPOINT=http://otel.example.com', 'MIN_TASKS=two', 'DOMAN_NAME=claude.example.com'].join('\n');
  const loaded = loadText(text);
  expect(loaded.settings).toBeUndefined();
  expect(loaded.problems.map((p) => [p.variable, p.where])).toEqual(expect.arrayContaining([
    ['COLLECTOR_ENDPOINT', '/profiles/test.env:9'], ['MIN_TASKS', '/profiles/test.env:10'], ['DOMAN_NAME', '/profiles/test.env:11'],
  ]));
  expect(loaded.problems).toHaveLength(3);
  expect(loaded.problems.find((p) => p.variable === 'DOMAN_NAME')!.message).toContain('did you mean DOMAIN_NAME?');
});

test('the environment wins over the profile and says so', () => {
  const loaded = loadText('AWS_REGION=us-east-1\n', { ...validEnv, AWS_REGION: 'eu-west-1' });
  expect(loaded.settings!.AWS_REGION).toBe('eu-west-1');
  expect(loaded.sources.AWS_REGION).toEqual({ from: 'environment' });
});

describe('environment overrides', () => {
  // BUILD_IMAGE as validEnv has it: the environment then changes no default either
  const profile = 'AWS_REGION=us-east-1\nSTACK_PREFIX=team-a\nOIDC_CLIENT_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:oidc-AbCdEf\nZONE=internal.example.com\nBUILD_IMAGE=true\n';
  test('each profile value the environment replaces with a different one is returned, with its file and line', () => {
    const loaded = loadText(profile, { ...validEnv, AWS_REGION: 'eu-west-1', STACK_PREFIX: 'team-b' });
    expect(loaded.overrides).toEqual([
      { variable: 'AWS_REGION', where: '/profiles/test.env:1', secret: false, environmentValue: 'eu-west-1', profileValue: 'us-east-1' },
      { variable: 'STACK_PREFIX', where: '/profiles/test.env:2', secret: false, environmentValue: 'team-b', profileValue: 'team-a' },
    ]);
  });
  test('an equal value, an empty one or one the profile unsets is no override', () => {
    const loaded = loadText(`${profile}unset STACK_PREFIX\nGROUPS_CLAIM=\n`, { ...validEnv, STACK_PREFIX: 'team-b', GROUPS_CLAIM: 'roles', ZONE: 'internal.example.com' });
    expect(loaded.overrides).toEqual([]);
  });
  test('a variable that names a secret is reported without either value', () => {
    const fromEnv = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:other-XyZ123';
    const loaded = loadText(profile, { ...validEnv, OIDC_CLIENT_SECRET_ARN: fromEnv });
    expect(loaded.overrides).toEqual([{ variable: 'OIDC_CLIENT_SECRET_ARN', where: '/profiles/test.env:3', secret: true }]);
    expect(JSON.stringify(loaded.overrides)).not.toContain('secret:o');
  });
  test('loadSettingsOrThrow passes them on', () => {
    const loaded = loadSettingsOrThrow({ profilePath: '/profiles/test.env', env: { ...validEnv, AWS_REGION: 'eu-west-1' }, readFile: () => profile });
    expect(loaded.overrides.map((o) => o.variable)).toEqual(['AWS_REGION']);
  });
});

test('AWS_DEFAULT_REGION stands in for AWS_REGION, and BEDROCK_REGION follows it', () => {
  const loaded = loadWith({ AWS_REGION: undefined, AWS_DEFAULT_REGION: 'ap-southeast-2' });
  expect(loaded.settings).toMatchObject({ AWS_REGION: 'ap-southeast-2', bedrockRegion: 'ap-southeast-2' });
});

test('a secret value in a profile is refused without echoing it', () => {
  const loaded = loadText(`${Object.entries(validEnv).map(([k, v]) => `${k}=${v}`).join('\n')}\nOIDC_CLIENT_SECRET=hunter2-very-secret\n`);
  const problem = loaded.problems.find((p) => p.variable === 'OIDC_CLIENT_SECRET');
  expect(problem?.fix).toContain('OIDC_CLIENT_SECRET_ARN');
  expect(JSON.stringify(loaded)).not.toContain('hunter2');
});

test('an unknown variable that is no typo is a warning, not a problem', () => {
  const loaded = loadText(`${Object.entries(validEnv).map(([k, v]) => `${k}=${v}`).join('\n')}\nMY_TEAM_NOTE=hello\n`);
  expect(loaded.problems).toEqual([]);
  expect(loaded.warnings.map((w) => w.variable)).toEqual(['MY_TEAM_NOTE']);
});

test('a value that has no effect in the chosen mode is a warning', () => {
  const loaded = loadWith({ IDP_MODE: 'existing-cognito', COGNITO_POOL_ID: 'us-east-1_Abc' });
  expect(loaded.warnings.map((w) => w.variable)).toEqual(['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET_ARN']);
});

describe('derived settings', () => {
  test('managed mode: the gateway host is DOMAIN_NAME and the collector sits beside it', () => {
    const { settings } = loadWith({ DOMAIN_NAME: 'claude.corp.example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABC', ZONE: undefined, ENABLE_COLLECTOR: 'true' });
    expect(settings).toMatchObject({ tlsMode: 'managed', publicUrl: 'https://claude.corp.example.com', collectorEndpoint: 'https://claude-otel.corp.example.com', FORWARD_LOGS: true });
  });
  test('an apex DOMAIN_NAME keeps the collector inside the zone (the original left it)', () => {
    const { settings } = loadWith({ DOMAIN_NAME: 'example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABC', ZONE: undefined, ENABLE_COLLECTOR: 'true' });
    expect(settings!.COLLECTOR_HOST).toBe('claude-otel.example.com');
  });
  test('Cognito modes default the groups claim to cognito:groups, others to groups', () => {
    expect(loadWith({ IDP_MODE: 'existing-cognito', COGNITO_POOL_ID: 'us-east-1_Abc' }).settings!.GROUPS_CLAIM).toBe('cognito:groups');
    expect(loadWith({}).settings!.GROUPS_CLAIM).toBe('groups');
  });
  test('stack names come from STACK_PREFIX unless a legacy name overrides one', () => {
    const { settings } = loadWith({ STACK_PREFIX: 'acme', GATEWAY_STACK: 'claude-gateway' });
    expect(settings!.stackNames).toMatchObject({ network: 'acme-network', gateway: 'claude-gateway', idp: 'acme-idp' });
  });
  test('COLLECTOR_ENDPOINT=off means telemetry off', () => {
    expect(loadWith({ COLLECTOR_ENDPOINT: 'off' }).settings!.collectorEndpoint).toBeUndefined();
  });
  test('problems leave no settings behind', () => {
    expect(problemVariables(loadWith({ MIN_TASKS: '0' }))).toEqual(['MIN_TASKS']);
    expect(loadWith({ MIN_TASKS: '0' }).settings).toBeUndefined();
  });
});

test('a missing profile file is one clear error naming the path', () => {
  expect(() => loadSettings({ profilePath: '/nowhere/my.env', env: {} })).toThrow(/cannot read profile \/nowhere\/my\.env/);
});

test('loadSettingsOrThrow lists every problem in one ProfileInvalid error', () => {
  try {
    loadSettingsOrThrow({ env: { ...validEnv, MIN_TASKS: '0', ENABLE_VPN: 'yes' } });
    expect.unreachable();
  } catch (e) {
    expect(CagwError.is(e) && e.code).toBe('ProfileInvalid');
    expect((e as Error).message).toContain('MIN_TASKS');
    expect((e as Error).message).toContain('ENABLE_VPN');
  }
});

test('outside Cognito the default scopes ask for refresh tokens; with Cognito they do not', () => {
  expect(loadWith({}).settings!.OIDC_SCOPES).toContain('offline_access');
  expect(loadWith({ IDP_MODE: 'existing-cognito', COGNITO_POOL_ID: 'us-east-1_Abc' }).settings!.OIDC_SCOPES).not.toContain('offline_access');
});

describe('edge cases a person meets', () => {
  const base = Object.entries(validEnv).map(([k, v]) => `${k}=${v}`).join('\n');

  test('ALLOWED_DOMAINS with only spaces is missing, not "any domain"', () => {
    expect(problemVariables(loadWith({ ALLOWED_DOMAINS: ' ' }))).toEqual(['ALLOWED_DOMAINS']);
  });

  test('a secret pasted in shell-unsafe quoting is refused without its value, even by the quoting check', () => {
    const loaded = loadText(`${base}\nOIDC_CLIENT_SECRET="s3cr3t$Value"\n`);
    expect(loaded.problems.map((p) => p.variable)).toContain('OIDC_CLIENT_SECRET');
    expect(JSON.stringify(loaded)).not.toContain('s3cr3t');
  });

  test('spaces around = are reported: bash would run the value as a command', () => {
    const loaded = loadText(`${base}\nMIN_TASKS = 3\n`);
    expect(loaded.problems).toMatchObject([{ variable: 'MIN_TASKS', where: '/profiles/test.env:9', message: expect.stringContaining('spaces around =') }]);
  });

  test('`unset NAME` in the profile removes it from the environment too, as source would', () => {
    const loaded = loadText(`${base}\nunset GATEWAY_HOST\n`, { GATEWAY_HOST: 'other.internal.example.com' });
    expect(loaded.settings!.gatewayHost).toBe('claude-gateway.internal.example.com');
  });

  test("AWS_DEFAULT_REGION does not override the profile's AWS_REGION", () => {
    const loaded = loadText(base, { AWS_DEFAULT_REGION: 'us-west-2' });
    expect(loaded.settings!.AWS_REGION).toBe('us-east-1');
  });

  test('a Cognito pool brought as a BYO issuer defaults to the cognito:groups claim', () => {
    const { settings } = loadWith({ OIDC_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC' });
    expect(settings!.GROUPS_CLAIM).toBe('cognito:groups');
  });

  test('DENY_TOOLS without DENY_TOOL_GROUP is a warning: it would deny nothing', () => {
    expect(loadWith({ DENY_TOOLS: 'Bash' }).warnings.map((w) => w.variable)).toContain('DENY_TOOLS');
    expect(loadWith({}).warnings).toEqual([]);
  });
});
