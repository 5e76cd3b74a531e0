// The gateway task role as CloudFormation would create it from the planned parameters: it may
// invoke exactly the models the policies allow, through the profile's geography only.
import { renderGatewayConfig } from '@cagw/config-render';
import type { Settings } from '@cagw/profile';
import { describe, expect, test } from 'vitest';
import { bedrockInvokeRegions, bedrockModelPatterns } from './bedrock-scope.ts';
import { planDeployment } from './plan-deployment.ts';
import type { StackPlan } from './stack-plan.ts';
import { loadShippedProfile, realTemplates } from './testing/profile-fixture.ts';
import { resolvedResource } from '@cagw/strict-cloudformation';

type Statement = { Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> };

async function taskRoleStatements(settings: Settings): Promise<Statement[]> {
  const templates = await realTemplates();
  const plan = planDeployment(settings, { packedConfig: renderGatewayConfig(settings).packed, templates });
  const gateway = plan.nodes.find((n): n is StackPlan => n.kind === 'stack' && n.id === 'gateway')!;
  const parameters = Object.fromEntries(Object.entries(gateway.parameters).flatMap(([k, p]) => (p.kind === 'value' ? [[k, p.value]] : [])));
  const role = resolvedResource(gateway.templateBody, 'TaskRole', { parameters, region: settings.AWS_REGION }) as { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } };
  return role.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
}

const invokeOf = (statements: Statement[]) => statements.find((s) => Array.isArray(s.Action) && s.Action.includes('bedrock:InvokeModel'))!;

describe('the gateway task role', () => {
  test('with no model policy may invoke every catalogue model, in us-east-1 and the US regions only', async () => {
    const settings = loadShippedProfile('managed-newcognito-collector-vpn.env');
    const invoke = invokeOf(await taskRoleStatements(settings));
    expect(invoke.Resource).toEqual([
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/*.anthropic.*',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-opus-5-5',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-opus-5',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-sonnet-5-5',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-sonnet-5',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-haiku-5-5',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-fable-5-2',
    ]);
    expect(invoke.Condition).toEqual({ StringLike: { 'aws:RequestedRegion': ['us-east-1', 'us-*'] } });
    expect(JSON.stringify(invoke.Resource)).not.toContain('anthropic.*,');
  });

  test('with model policies may invoke only the models some policy allows (aliases expanded)', async () => {
    const base = loadShippedProfile('managed-newcognito-collector-vpn.env');
    const settings: Settings = { ...base, policies: [
      { name: 'contractors', groups: ['contractors'], models: ['haiku'] },
      { name: 'finance', groups: ['platform-finops'] },
      { name: 'everyone-else', groups: [], models: ['claude-sonnet-5-5'] },
    ] };
    const invoke = invokeOf(await taskRoleStatements(settings));
    expect((invoke.Resource as string[]).filter((r) => r.includes('foundation-model'))).toEqual([
      'arn:*:bedrock:*::foundation-model/anthropic.claude-sonnet-5-5',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-haiku-5-5',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
    ]);
  });

  test('in an EU region reaches the EU regions only, and reads inference profiles of its own region', async () => {
    const settings = loadShippedProfile('managed-newcognito-collector-vpn.env', { AWS_REGION: 'eu-west-1' });
    const statements = await taskRoleStatements(settings);
    expect(invokeOf(statements).Condition).toEqual({ StringLike: { 'aws:RequestedRegion': ['eu-west-1', 'eu-*'] } });
    expect(statements.find((s) => s.Action === 'bedrock:GetInferenceProfile')?.Resource).toBe('arn:aws:bedrock:eu-west-1:123456789012:inference-profile/*');
  });
});

describe('the gateway execution role and task secrets during a session key rotation', () => {
  const previous = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous-AbCdEf';
  async function resolvedGateway(settings: Settings) {
    const templates = await realTemplates();
    const plan = planDeployment(settings, { packedConfig: renderGatewayConfig(settings).packed, templates });
    const gateway = plan.nodes.find((n): n is StackPlan => n.kind === 'stack' && n.id === 'gateway')!;
    const parameters = Object.fromEntries(Object.entries(gateway.parameters).flatMap(([k, p]) => (p.kind === 'value' ? [[k, p.value]] : [])));
    const resolve = (id: string) => resolvedResource(gateway.templateBody, id, { parameters, region: settings.AWS_REGION }) as { Properties: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- a resolved template fragment
    const readable = (resolve('ExecutionRole').Properties.Policies[0].PolicyDocument.Statement as Statement[]).find((st) => st.Action === 'secretsmanager:GetSecretValue')!.Resource;
    const secrets = resolve('TaskDefinition').Properties.ContainerDefinitions[0].Secrets as { Name: string; ValueFrom: string }[];
    return { readable, secrets };
  }

  test('with PREVIOUS_JWT_SECRET_ARN the task gets GATEWAY_JWT_SECRET_PREVIOUS from that secret, which the execution role may read', async () => {
    const { readable, secrets } = await resolvedGateway(loadShippedProfile('byo-oidc-notelemetry.env', { PREVIOUS_JWT_SECRET_ARN: previous }));
    expect(secrets).toContainEqual({ Name: 'GATEWAY_JWT_SECRET_PREVIOUS', ValueFrom: previous });
    expect(readable).toContain(previous);
  });

  test('without it neither the task nor the role knows a previous key', async () => {
    const { readable, secrets } = await resolvedGateway(loadShippedProfile('byo-oidc-notelemetry.env'));
    expect(secrets.map((s) => s.Name)).not.toContain('GATEWAY_JWT_SECRET_PREVIOUS');
    expect(JSON.stringify(readable)).not.toContain('previous');
  });
});

describe('bedrockModelPatterns and bedrockInvokeRegions', () => {
  test('a policy without models inherits the catch-all; with no catch-all the unmatched get everything', () => {
    expect(bedrockModelPatterns([{ groups: ['eng'] }, { groups: [], models: ['claude-opus-5'] }])).toEqual(['anthropic.claude-opus-5']);
    expect(bedrockModelPatterns([{ groups: ['eng'], models: ['claude-opus-5'] }])).toHaveLength(7);
    expect(bedrockModelPatterns([])).toHaveLength(7);
  });

  test('global-geography regions are scoped to the source region and unspecified (global profiles)', () => {
    expect(bedrockInvokeRegions('sa-east-1')).toEqual(['sa-east-1', 'unspecified']);
    expect(bedrockInvokeRegions('ap-northeast-1')).toEqual(['ap-northeast-1', 'ap-*']);
    expect(bedrockInvokeRegions('ca-central-1')).toEqual(['ca-central-1', 'us-*']);
  });
});
