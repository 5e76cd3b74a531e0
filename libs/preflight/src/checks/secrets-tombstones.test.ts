import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { namedSecretsOf, secretsTombstones, secretsTombstonesCheck } from './secrets-tombstones.ts';

const sm = mockClient(SecretsManagerClient);
beforeEach(() => {
  sm.reset();
  sm.onAnyCommand().rejects(new Error('unexpected Secrets Manager call'));
});

const settings = settingsFrom({});
const NAMED = [
  'Resources:',
  '  Fixed: {Type: "AWS::SecretsManager::Secret", Properties: {Name: cagw/fixed}}',
  '  PerStack: {Type: "AWS::SecretsManager::Secret", Properties: {Name: !Sub "${AWS::StackName}/jwt"}}',
  '  Unknowable: {Type: "AWS::SecretsManager::Secret", Properties: {Name: !Sub "${Env}/x"}}',
  '  Generated: {Type: "AWS::SecretsManager::Secret", Properties: {Description: no name}}',
].join('\n');
const withNamedGateway = secretsTombstonesCheck(async (stack) => (stack === 'gateway' ? NAMED : 'Resources: {}'));

test('only literal names and names built from the stack name are collected', () => {
  expect(namedSecretsOf(NAMED, 'acme-gateway')).toEqual(['cagw/fixed', 'acme-gateway/jwt']);
});

test('the shipped templates name no secret, so nothing can collide and AWS is not asked', async () => {
  expect(await runOne(secretsTombstones, settings)).toMatchObject({ status: 'pass', message: 'the stacks create no secret with a fixed name' });
});

test('a secret scheduled for deletion that holds a name a stack creates fails with both fixes', async () => {
  sm.on(ListSecretsCommand).callsFake(({ Filters }: { Filters: { Values: string[] }[] }) => (Filters[0]!.Values[0] === `${settings.stackNames.gateway}/jwt`
    ? { SecretList: [{ Name: `${settings.stackNames.gateway}/jwt`, DeletedDate: new Date('2026-12-01T00:00:00Z') }] }
    : { SecretList: [] }));
  const r = await runOne(withNamedGateway, settings);
  expect(r.status).toBe('fail');
  expect(r.message).toBe(`secret ${settings.stackNames.gateway}/jwt, which a stack creates, is scheduled for deletion (2026-12-01) and still holds the name`);
  expect(r.fix).toContain('restore-secret');
  expect(r.fix).toContain('--force-delete-without-recovery');
});

test('live secrets with the names pass; a ListSecrets error fails the check', async () => {
  sm.on(ListSecretsCommand).resolves({ SecretList: [] });
  expect((await runOne(withNamedGateway, settings)).status).toBe('pass');
  sm.on(ListSecretsCommand).rejects(awsError('AccessDeniedException'));
  expect(await runOne(withNamedGateway, settings)).toMatchObject({ status: 'fail', fix: expect.stringContaining('allow secretsmanager:ListSecrets') });
});
