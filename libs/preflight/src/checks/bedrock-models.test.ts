import { BedrockClient, GetFoundationModelAvailabilityCommand, ListInferenceProfilesCommand, type InferenceProfileSummary } from '@aws-sdk/client-bedrock';
import { renderGatewayConfig } from '@cagw/config-render';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { bedrockModels } from './bedrock-models.ts';

const bedrock = mockClient(BedrockClient);
beforeEach(() => {
  bedrock.reset();
  bedrock.onAnyCommand().rejects(new Error('unexpected Bedrock call'));
});

const settings = settingsFrom({ AWS_REGION: 'eu-west-1' });
const routed = Object.values(renderGatewayConfig(settings).config.models ?? []).flatMap((m) => Object.values(m.upstream_model));
const profile = (id: string): InferenceProfileSummary => ({
  inferenceProfileId: id, inferenceProfileName: id, inferenceProfileArn: `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/${id}`,
  status: 'ACTIVE', type: 'SYSTEM_DEFINED', models: [{ modelArn: `arn:aws:bedrock:eu-west-1::foundation-model/${id.replace(/^eu\./, '')}` }],
});
const granted = { authorizationStatus: 'AUTHORIZED', entitlementAvailability: 'AVAILABLE', regionAvailability: 'AVAILABLE', agreementAvailability: { status: 'AVAILABLE' } } as const;

test('the rendered config routes to eu. profiles in an eu region', () => {
  expect(routed.length).toBeGreaterThan(0);
  expect(routed.every((id) => id.startsWith('eu.'))).toBe(true);
});

test('every routed profile offered (over two pages) and access granted passes', async () => {
  const half = Math.ceil(routed.length / 2);
  bedrock.on(ListInferenceProfilesCommand).resolvesOnce({ inferenceProfileSummaries: routed.slice(0, half).map(profile), nextToken: 'page2' })
    .resolvesOnce({ inferenceProfileSummaries: routed.slice(half).map(profile) });
  bedrock.on(GetFoundationModelAvailabilityCommand).resolves(granted);
  const r = await runOne(bedrockModels, settings);
  expect(r).toMatchObject({ status: 'pass', message: `${routed.length} inference profiles exist in eu-west-1` });
});

test('a profile the region does not offer fails, suggesting the geography it does offer', async () => {
  const missing = routed[0]!;
  bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: [...routed.slice(1).map(profile), { ...profile(missing), inferenceProfileId: missing.replace(/^eu\./, 'global.') }] });
  bedrock.on(GetFoundationModelAvailabilityCommand).resolves(granted);
  const r = await runOne(bedrockModels, settings);
  expect(r.status).toBe('fail');
  expect(r.message).toContain(`inference profile ${missing}, which eu-west-1 does not offer`);
  expect(r.fix).toContain(missing.replace(/^eu\./, 'global.'));
});

test('a model without access fails with the console link', async () => {
  bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: routed.map(profile) });
  bedrock.on(GetFoundationModelAvailabilityCommand).resolves(granted);
  bedrock.on(GetFoundationModelAvailabilityCommand, { modelId: routed[0]!.replace(/^eu\./, '') }).resolves({ ...granted, agreementAvailability: { status: 'NOT_AVAILABLE' } });
  const r = await runOne(bedrockModels, settings);
  expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('agreement NOT_AVAILABLE') });
  expect(r.fix).toContain('https://eu-west-1.console.aws.amazon.com/bedrock/home?region=eu-west-1#/modelaccess');
});

test('access that cannot be proven is a warning, not a pass', async () => {
  bedrock.on(ListInferenceProfilesCommand).resolves({ inferenceProfileSummaries: routed.map(profile) });
  bedrock.on(GetFoundationModelAvailabilityCommand).rejects(awsError('AccessDeniedException'));
  const r = await runOne(bedrockModels, settings);
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('not proven') });
});

test('a failed ListInferenceProfiles fails the check', async () => {
  bedrock.on(ListInferenceProfilesCommand).rejects(awsError('ThrottlingException', 'slow down'));
  expect((await runOne(bedrockModels, settings)).message).toBe('bedrock:ListInferenceProfiles failed: ThrottlingException: slow down');
});
