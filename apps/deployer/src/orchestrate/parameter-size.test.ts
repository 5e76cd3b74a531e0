// Issue 21.6: no parameter value over CloudFormation's 4,096 bytes reaches CreateChangeSet. The
// plan measures every value it passes and refuses, naming the variables behind it and the fix.
import { CagwError } from '@cagw/errors';
import { expect, test } from 'vitest';
import { assertParametersFit, oversizedParameters } from './parameter-size.ts';
import { planFromSettings } from './plan-from-settings.ts';
import { output, value, type DeploymentPlan, type ParameterSource } from './stack-plan.ts';
import { loadShippedProfile, shippedProfiles } from './testing/profile-fixture.ts';

const FLAGSHIP = 'managed-newcognito-collector-vpn.env';

const planWith = (parameters: Record<string, ParameterSource>): DeploymentPlan => ({
  prefix: 'claude-gateway', region: 'us-east-1',
  nodes: [{ kind: 'stack', id: 'collector', stackName: 'claude-gateway-collector', template: 'collector', templateBody: '', dependsOn: [], parameters, tags: {} }],
});

test('a value of 4,096 bytes fits; one byte more is refused, counted in UTF-8 bytes, not characters', () => {
  expect(oversizedParameters(planWith({ AtTheLimit: value('a'.repeat(4096)) }))).toEqual([]);
  expect(oversizedParameters(planWith({ OneOver: value('a'.repeat(4097)) })).map((p) => [p.parameter, p.bytes])).toEqual([['OneOver', 4097]]);
  // 2,049 characters, 4,098 bytes
  expect(oversizedParameters(planWith({ Accented: value('é'.repeat(2049)) })).map((p) => [p.parameter, p.bytes])).toEqual([['Accented', 4098]]);
  // a value from another stack's output is AWS's to make, not the plan's
  expect(oversizedParameters(planWith({ FromNetwork: output('network', 'PrivateSubnetIds') }))).toEqual([]);
});

test('every oversized parameter is named at once, with its variables and fix where the plan knows them', () => {
  const plan = planWith({ CollectorConfig: value('x'.repeat(5000)), Other: value('y'.repeat(4100)), Small: value('z') });
  const error = (() => {
    try {
      assertParametersFit(plan, { 'collector.CollectorConfig': { variables: ['FORWARD_LOGS'], fix: 'set FORWARD_LOGS=false' } });
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  expect(CagwError.is(error) && error.code).toBe('ParameterTooLarge');
  const e = error as CagwError;
  expect(e.message).toContain('claude-gateway-collector parameter CollectorConfig is 5000 bytes (made from FORWARD_LOGS)');
  expect(e.message).toContain('claude-gateway-collector parameter Other is 4100 bytes');
  expect(e.message).toContain("over CloudFormation's 4096-byte limit for a parameter value");
  expect(e.where).toBe('FORWARD_LOGS; claude-gateway-collector parameter Other');
  expect(e.fix).toContain('set FORWARD_LOGS=false');
  expect(e.fix).toContain('shorten the profile values that make Other');
});

test('the flagship with EMF and forwarded logs plans: its collector config goes in parts, every value within the limit', async () => {
  const emfWithLogs = loadShippedProfile(FLAGSHIP, { ENABLE_CODING_AGENT_INSIGHTS: 'false', FORWARD_LOGS: 'true' });
  const { plan } = await planFromSettings(emfWithLogs, { requireCollectorImage: false });
  expect(oversizedParameters(plan)).toEqual([]);
  const collector = plan.nodes.find((n) => n.id === 'collector');
  const parts = collector?.kind === 'stack' ? ['CollectorConfig', 'CollectorConfigPart2'].map((n) => collector.parameters[n]) : [];
  // over one value: the second part is in use
  expect(parts.map((p) => (p?.kind === 'value' ? p.value.length > 0 : false))).toEqual([true, true]);
});

test('a part over the limit (a text longer than every part together) is named with the variables of the whole', () => {
  const plan = planWith({ CollectorConfig: value('x'.repeat(4096)), CollectorConfigPart4: value('x'.repeat(4200)) });
  const over = oversizedParameters(plan, { 'collector.CollectorConfig': { variables: ['FORWARD_LOGS'], fix: 'set FORWARD_LOGS=false' } });
  expect(over.map((p) => [p.parameter, p.origin?.variables])).toEqual([['CollectorConfigPart4', ['FORWARD_LOGS']]]);
});

test('every shipped profile plans with every parameter value within the limit', async () => {
  for (const profile of shippedProfiles()) {
    const { plan } = await planFromSettings(loadShippedProfile(profile), { requireCollectorImage: false });
    expect(oversizedParameters(plan), profile).toEqual([]);
  }
});
