import { expect, test } from 'vitest';
import { buildConfigSources } from './config-sources.ts';
import { renderInputFixture } from './render-input.fixture.ts';
import { traceGatewayErrors, traceGatewayWarning } from './trace-gateway-errors.ts';

const sources = buildConfigSources(renderInputFixture());

test('gateway field errors are traced to the variable or policy that produced them', () => {
  expect(
    traceGatewayErrors(
      [
        { path: 'managed.policies[0].cli.permissions', message: 'Invalid input: expected object, received string' },
        { path: 'oidc.groups_claim', message: 'Required' },
        { path: 'pricing', message: 'has no effect' },
        { path: '', message: 'undefined env var in config: X' },
      ],
      sources,
    ).map((f) => f.source),
  ).toEqual(['policy "contractors" (policy 1 of 2, from POLICIES_FILE or DENY_TOOL_GROUP / ENFORCE_MODELS)', 'GROUPS_CLAIM', undefined, undefined]);
});

test('gateway warnings that name a policy or a section are traced too', () => {
  expect(traceGatewayWarning("[gateway] t warn managed policy 2 availableModels contains 'best'", sources)).toMatch(/^policy "everyone"/);
  expect(traceGatewayWarning('[gateway] t warn managed.policies[0] after merge', sources)).toMatch(/^policy "contractors"/);
  expect(traceGatewayWarning('[gateway] t warn telemetry.forward_to is configured but', sources)).toBe('COLLECTOR_ENDPOINT / ENABLE_COLLECTOR / FORWARD_LOGS');
  expect(traceGatewayWarning('[gateway] t warn something else entirely', sources)).toBeUndefined();
});
