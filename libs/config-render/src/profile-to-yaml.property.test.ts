// End to end through the real profile loader: arbitrary text in a free-text profile variable
// either comes out of gateway.yaml exactly as @cagw/profile read it, or is refused with a message
// naming that variable (at profile load, or by the renderer's own checks).
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { loadSettings } from '@cagw/profile';
import { afterAll, expect } from 'vitest';
import { checkRenderInput } from './check-render-input.ts';
import { renderGatewayConfig } from './render-gateway-config.ts';

const profile = fileURLToPath(new URL('../../../profiles/byo-oidc-notelemetry.env', import.meta.url));
const FREE_TEXT = ['SPEND_BLOCKED_MESSAGE', 'GROUPS_CLAIM', 'ALLOWED_DOMAINS', 'ADMIN_GROUPS', 'DENY_TOOL_GROUP', 'DENY_TOOLS', 'OIDC_CLIENT_ID'] as const;
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('a&b', 'x#y', 'x #y', '"q"', 'a,b', 'x]', '${GATEWAY_JWT_SECRET}', 'yes', "it's", 'a: b', '- x', '*alias', '{k}'),
);

// Proves the property is not vacuous: enough runs must get all the way to a rendered file.
const outcomes = { refusedByProfile: 0, refusedByRenderer: 0, rendered: 0 };
afterAll(() => {
  expect(outcomes.rendered).toBeGreaterThan(20);
});

test.prop([fc.constantFrom(...FREE_TEXT), anyText], { numRuns: 200 })('a free-text profile value reaches gateway.yaml unchanged, or is refused naming its variable', (variable, value) => {
  const env = { [variable]: value, ENABLE_SPEND_CAPS: 'true', GATEWAY_ADMIN_WRITE_KEY_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:admin-AbCdEf', DENY_TOOL_GROUP: 'contractors' };
  if (variable === 'DENY_TOOL_GROUP') env.DENY_TOOL_GROUP = value;
  const loaded = loadSettings({ profilePath: profile, env });
  if (!loaded.settings) {
    outcomes.refusedByProfile++;
    expect(loaded.problems.map((p) => p.variable)).toContain(variable);
    return;
  }
  const settings = loaded.settings;
  const problems = checkRenderInput(settings);
  if (problems.length > 0) {
    outcomes.refusedByRenderer++;
    const expectedWhere = variable === 'DENY_TOOL_GROUP' || variable === 'DENY_TOOLS' ? 'POLICIES_FILE policy' : variable;
    for (const p of problems) expect(p.where?.startsWith(expectedWhere)).toBe(true);
    return;
  }
  outcomes.rendered++;
  const { config } = renderGatewayConfig(settings);
  expect(config.admin?.blocked_message).toBe(settings.SPEND_BLOCKED_MESSAGE);
  expect(config.oidc.groups_claim).toBe(settings.GROUPS_CLAIM);
  expect(config.oidc.client_id).toBe(settings.OIDC_CLIENT_ID);
  expect(config.oidc.allowed_email_domains).toEqual(settings.ALLOWED_DOMAINS);
  expect(config.admin?.admin_groups ?? []).toEqual(settings.ADMIN_GROUPS ?? []);
  const [denyPolicy] = config.managed?.policies ?? [];
  expect(denyPolicy?.match.groups ?? []).toEqual(settings.policies[0]?.groups ?? []);
  expect((denyPolicy?.cli?.permissions as { deny?: string[] } | undefined)?.deny).toEqual(settings.policies[0]?.denyTools);
  if (value !== '' && variable !== 'ALLOWED_DOMAINS' && variable !== 'ADMIN_GROUPS' && variable !== 'DENY_TOOLS') {
    // single values are kept verbatim by the profile (empty means unset), so they read back as typed
    const read = { SPEND_BLOCKED_MESSAGE: config.admin?.blocked_message, GROUPS_CLAIM: config.oidc.groups_claim, DENY_TOOL_GROUP: denyPolicy?.match.groups?.[0], OIDC_CLIENT_ID: config.oidc.client_id }[variable];
    expect(read).toBe(value);
  }
});
