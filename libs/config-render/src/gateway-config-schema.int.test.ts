// The strict schema agrees with the real gateway: what the binary refuses at boot, the schema
// refuses too (so a renderer bug is caught before anything runs), and the rendered config passes both.
import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow } from '@cagw/profile';
import { GatewayConfigRejected, startLocalGateway, stopSharedServices } from '@cagw/local-gateway';
import { afterAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { gatewayConfigSchema } from './gateway-config-schema.ts';
import { renderGatewayConfig } from './render-gateway-config.ts';

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations of a parsed document

const profile = fileURLToPath(new URL('../../../profiles/local.env', import.meta.url));
const renderedYaml = renderGatewayConfig(loadSettingsOrThrow({ profilePath: profile, env: {} }).settings).yaml;

const breakages: [string, (c: Config) => void][] = [
  ['an unknown top-level key', (c) => (c.lisen = c.listen)],
  ['an unknown oidc key', (c) => (c.oidc.client_secrett = 'x')],
  ['fail_closed_on_error without an admin block', (c) => { delete c.admin; c.enforcement = { fail_closed_on_error: true }; }],
  ['a policy matching an empty group list', (c) => (c.managed.policies[0].match.groups = [])],
  ['an empty admin group', (c) => (c.admin.admin_groups = [''])],
  ['a model mapped to an unknown upstream', (c) => (c.models[0].upstream_model = { 'bedrock-typo': 'x' })],
  ['plain-http telemetry', (c) => (c.telemetry = { forward_to: [{ url: 'http://otel.example.com' }] })],
  ['upstreams as a mapping', (c) => (c.upstreams = { provider: 'bedrock', region: 'us-east-1' })],
  ['a string where the session object belongs', (c) => (c.session = 'secret')],
];

async function gatewayRefuses(config: Config): Promise<boolean> {
  try {
    const gateway = await startLocalGateway({ config, env: {}, keepSharedServices: true });
    await gateway.stop();
    return false;
  } catch (e) {
    if (GatewayConfigRejected.isRejection(e)) return true;
    throw e;
  }
}

afterAll(async () => {
  await stopSharedServices();
});

describe('the schema and the real gateway agree', () => {
  test('the rendered config passes both', async () => {
    expect(gatewayConfigSchema.safeParse(parse(renderedYaml)).success).toBe(true);
    expect(await gatewayRefuses(parse(renderedYaml))).toBe(false);
  });

  test.each(breakages)('%s is refused by both', async (_name, breakIt) => {
    const config: Config = parse(renderedYaml);
    breakIt(config);
    expect(gatewayConfigSchema.safeParse(config).success).toBe(false);
    expect(await gatewayRefuses(parse(stringify(config)))).toBe(true);
  });
});
