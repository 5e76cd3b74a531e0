// Issue 21.6: no parameter value over CloudFormation's 4,096 bytes may reach CreateChangeSet. The
// flagship with the EMF collector and forwarded logs renders a collector config over that; it now
// goes to the collector stack in parts (parameter-parts.ts) that the template joins back. Checked
// on the strict fake, which refuses any value over the limit, and with its evaluator, which
// resolves the task's AOT_CONFIG_CONTENT from the parameters the fake was given.
import { PARAMETER_LIMIT_BYTES } from '@cagw/config-render';
import { renderCollectorConfigYaml } from '@cagw/observability';
import { resolvedResource } from '@cagw/strict-cloudformation';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { expect, test } from 'vitest';
import { deployPlan } from './deploy-plan.ts';
import { stacksOf } from './stack-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { planFromSettings } from './plan-from-settings.ts';
import { loadShippedProfile, planForProfile } from './testing/profile-fixture.ts';
import { RecordingDeployHost } from './testing/recording-deploy-host.ts';
import { testDeployContext } from './testing/test-deploy-context.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 10 });
const COLLECTOR_STACK = 'claude-gateway-collector';
const EMF_WITH_LOGS = { ENABLE_CODING_AGENT_INSIGHTS: 'false', FORWARD_LOGS: 'true' };

test('the EMF collector config with forwarded logs, over one parameter value, deploys in parts the task joins back', async () => {
  // as cagw deploy plans it, with the plan-time size check
  const settings = loadShippedProfile('managed-newcognito-collector-vpn.env', EMF_WITH_LOGS);
  const { plan } = await planFromSettings(settings, { collectorImageUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/adot@sha256:${'a'.repeat(64)}` });
  const config = renderCollectorConfigYaml({
    stackPrefix: settings.STACK_PREFIX, region: settings.AWS_REGION, collectorMode: 'emf', forwardLogs: settings.FORWARD_LOGS, forwardLogDetails: settings.FORWARD_LOG_DETAILS,
    eventsLogGroupName: '${env:EVENTS_LOG_GROUP}', emfLogGroupName: '${env:METRICS_LOG_GROUP}',
  });
  // the case of the issue: more than one parameter value holds
  expect(Buffer.byteLength(config, 'utf8')).toBeGreaterThan(PARAMETER_LIMIT_BYTES);

  const outcome = await advanceUntilSettled(deployPlan(plan, testDeployContext(cfn, { host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true }) })));
  expect(outcome.failure, outcome.failure?.message).toBeUndefined();
  expect(fake.status(COLLECTOR_STACK)).toBe('CREATE_COMPLETE');

  const given = fake.parametersOf(COLLECTOR_STACK);
  for (const [name, v] of Object.entries(given)) expect(Buffer.byteLength(v, 'utf8'), name).toBeLessThanOrEqual(PARAMETER_LIMIT_BYTES);
  const template = stacksOf(plan).find((s) => s.stackName === COLLECTOR_STACK)?.templateBody ?? '';
  const task = resolvedResource(template, 'TaskDefinition', { parameters: given }) as { Properties: { ContainerDefinitions: { Environment: { Name: string; Value: string }[] }[] } };
  const environment = task.Properties.ContainerDefinitions.flatMap((c) => c.Environment ?? []);
  expect(environment.find((e) => e.Name === 'AOT_CONFIG_CONTENT')?.Value).toBe(config);
});

test('a config that fits one value leaves the other parts empty', async () => {
  const { plan } = await planForProfile('managed-newcognito-collector-vpn.env');
  const collector = stacksOf(plan).find((s) => s.stackName === COLLECTOR_STACK);
  const parts = Object.entries(collector?.parameters ?? {}).filter(([name]) => name.startsWith('CollectorConfig'));
  expect(parts.map(([name]) => name)).toEqual(['CollectorConfig', 'CollectorConfigPart2', 'CollectorConfigPart3', 'CollectorConfigPart4']);
  expect(parts.slice(1).map(([, source]) => (source.kind === 'value' ? source.value : 'output'))).toEqual(['', '', '']);
});
