// For arbitrary text in every free-text variable, the rendered YAML parses and every value reads
// back exactly — or the value is refused with a problem that names the variable.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { checkRenderInput } from './check-render-input.ts';
import { renderGatewayConfig } from './render-gateway-config.ts';
import { renderInputFixture } from './render-input.fixture.ts';

const text = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }), fc.constantFrom('${GATEWAY_JWT_SECRET}', 'a ${X} b', 'yes', 'a, b]', '#x', '"q"', "'", '&anchor', '*alias', '- item', 'k: v'));
const nonBlank = text.filter((s) => s.trim() !== '');

test.prop({
  groupsClaim: nonBlank,
  blockedMessage: text,
  domains: fc.array(text, { minLength: 1, maxLength: 3 }),
  adminGroups: fc.array(nonBlank, { maxLength: 3 }),
  policyName: text,
  groups: fc.array(nonBlank, { minLength: 1, maxLength: 3 }),
  tools: fc.array(nonBlank, { minLength: 1, maxLength: 3 }),
  env: fc.dictionary(nonBlank, text, { maxKeys: 3 }),
  issuer: text,
  clientId: nonBlank,
})('every free-text value reads back exactly, or is refused naming its variable', (v) => {
  const input = renderInputFixture({
    GROUPS_CLAIM: v.groupsClaim,
    SPEND_BLOCKED_MESSAGE: v.blockedMessage,
    ALLOWED_DOMAINS: v.domains,
    ADMIN_GROUPS: v.adminGroups,
    OIDC_ISSUER: v.issuer,
    OIDC_CLIENT_ID: v.clientId,
    policies: [
      { name: v.policyName, groups: v.groups, denyTools: v.tools, env: v.env },
      { name: 'everyone', groups: [], models: ['sonnet'] },
    ],
  });
  const problems = checkRenderInput(input);
  if (problems.length > 0) {
    for (const p of problems) expect(p.where).toMatch(/^(GROUPS_CLAIM|SPEND_BLOCKED_MESSAGE|ALLOWED_DOMAINS|ADMIN_GROUPS|OIDC_ISSUER|OIDC_CLIENT_ID|POLICIES_FILE policy)/);
    expect(() => renderGatewayConfig(input)).toThrow();
    return;
  }
  const { config } = renderGatewayConfig(input);
  expect(config.oidc.groups_claim).toBe(v.groupsClaim);
  expect(config.oidc.issuer).toBe(v.issuer);
  expect(config.oidc.client_id).toBe(v.clientId);
  expect(config.oidc.allowed_email_domains).toEqual(v.domains);
  expect(config.admin?.blocked_message ?? '').toBe(v.blockedMessage);
  expect(config.admin?.admin_groups ?? []).toEqual(v.adminGroups);
  const [first] = config.managed?.policies ?? [];
  expect(first?.match.groups).toEqual(v.groups);
  expect(first?.cli?.permissions).toEqual({ deny: v.tools });
  expect(first?.cli?.env ?? {}).toEqual(v.env);
});
