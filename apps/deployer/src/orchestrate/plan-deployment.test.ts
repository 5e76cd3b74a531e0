// The plan of each shipped profile: which stacks, the wiring between them, and what it shows.
import { expect, test } from 'vitest';
import { formatPlan, planJson } from '../cli/format-plan.ts';
import { planForProfile } from './testing/profile-fixture.ts';
import { stacksOf } from './stack-plan.ts';

test('the flagship profile plans every stack, each depending only on stacks whose outputs it reads (and the gateway after the collector)', async () => {
  const { plan } = await planForProfile('managed-newcognito-collector-vpn.env');
  const json = planJson(plan);
  expect(json.stacks.map((s) => s.name)).toEqual(['claude-gateway-network', 'claude-gateway-database', 'claude-gateway-idp', 'claude-gateway-collector', 'claude-gateway-gateway', 'claude-gateway-vpn', 'claude-gateway-observability']);
  expect([...(json.stacks.at(-1)?.dependsOn ?? [])].sort()).toEqual(['claude-gateway-collector', 'claude-gateway-database', 'claude-gateway-gateway']);
  const deps = Object.fromEntries(json.stacks.map((s) => [s.name, [...s.dependsOn].sort()]));
  expect(deps['claude-gateway-idp']).toEqual([]);
  expect(deps['claude-gateway-database']).toEqual(['claude-gateway-network']);
  expect(deps['claude-gateway-gateway']).toEqual(['claude-gateway-collector', 'claude-gateway-database', 'claude-gateway-idp', 'claude-gateway-network', 'image']);
  expect(deps['claude-gateway-vpn']).toEqual(['certificates', 'claude-gateway-network']);
  const gw = json.stacks.find((s) => s.name === 'claude-gateway-gateway')?.parameters ?? {};
  expect(gw.DbSecretArn).toBe('claude-gateway-database.DbSecretArn');
  expect(gw.OidcClientSecretArn).toBe('claude-gateway-idp.ClientSecretArn');
  expect(gw.OidcIssuer).toBe('claude-gateway-idp.Issuer');
  expect(gw.OidcClientId).toBe('claude-gateway-idp.ClientId');
  expect(gw.GatewayConfigPacked).toMatch(/^<\d+ bytes, sha256 [0-9a-f]{12}>$/);
  expect(json.stacks.find((s) => s.name === 'claude-gateway-vpn')?.parameters.VpcDnsResolverIp).toBe('10.20.0.2');
});

test('a BYO IdP profile has no idp stack and passes its secret as an ARN, never a value', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  const json = planJson(plan);
  expect(json.stacks.map((s) => s.name)).toEqual(['claude-gateway-network', 'claude-gateway-database', 'claude-gateway-gateway', 'claude-gateway-observability']);
  const gw = json.stacks[2]?.parameters ?? {};
  expect(gw.OidcIssuer).toBeUndefined();
  expect(gw.OidcClientSecretArn).toMatch(/^arn:aws:secretsmanager:/);
  expect(JSON.stringify(json)).not.toMatch(/PASSWORD|client_secret:/i);
});

test('the self-signed profile makes its certificate once in a step and wires it to the gateway', async () => {
  const { plan } = await planForProfile('selfsigned-fallback.env');
  const json = planJson(plan);
  expect(json.steps.map((s) => s.name)).toContain('certificates');
  expect(json.stacks.find((s) => s.name === 'claude-gateway-gateway')?.parameters.CertificateArn).toBe('certificates.GatewayCertificateArn');
  expect(json.stacks.find((s) => s.name === 'claude-gateway-gateway')?.parameters.PrivateHostedZoneId).toBe('claude-gateway-network.PrivateHostedZoneId');
});

test('STACK_PREFIX names every stack, so two deployments in one account do not collide', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env', {}, { STACK_PREFIX: 'team-b' });
  expect(stacksOf(plan).map((s) => s.stackName)).toEqual(['team-b-network', 'team-b-database', 'team-b-gateway', 'team-b-observability']);
  expect(formatPlan(plan)).toMatch(/^team-b-gateway  \(gateway\.yaml, \d+ bytes, sent inline\)$/m);
});

test('a customer KMS key named in the profile reaches the gateway stack, so its execution role may decrypt the secrets', async () => {
  const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const gatewayParameters = async (env: Record<string, string>) =>
    planJson((await planForProfile('byo-oidc-notelemetry.env', {}, env)).plan).stacks.find((s) => s.name === 'claude-gateway-gateway')?.parameters ?? {};
  expect((await gatewayParameters({ SECRETS_KMS_KEY_ARN: key })).SecretsKmsKeyArn).toBe(key);
  expect((await gatewayParameters({})).SecretsKmsKeyArn).toBeUndefined();
});

test('PREVIOUS_JWT_SECRET_ARN reaches the gateway stack as an ARN, and unset it is passed empty so the next tasks lose the previous key', async () => {
  const previous = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous-AbCdEf';
  const gatewayOf = async (env: Record<string, string>) => {
    const { plan } = await planForProfile('byo-oidc-notelemetry.env', {}, env);
    return stacksOf(plan).find((s) => s.id === 'gateway')!;
  };
  const rotating = await gatewayOf({ PREVIOUS_JWT_SECRET_ARN: previous });
  expect(rotating.parameters.PreviousJwtSecretArn).toEqual(expect.objectContaining({ kind: 'value', value: previous }));
  const after = await gatewayOf({});
  expect(after.parameters.PreviousJwtSecretArn).toEqual(expect.objectContaining({ kind: 'value', value: '' }));
  // the config changes with it (a list of two keys, then one), so each step rolls the tasks
  expect(rotating.parameters.GatewayConfigPacked).not.toEqual(after.parameters.GatewayConfigPacked);
});
