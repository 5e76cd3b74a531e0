// The fake Secrets Manager the VPN CA's passphrase is kept in, against moto's (`moto_server`, an
// implementation nobody here wrote): the calls resolveCaPassphrase makes, the same answers, as the
// API reference documents them: CreateSecret of an existing name is ResourceExistsException,
// GetSecretValue of an absent one ResourceNotFoundException
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#API_CreateSecret_Errors,
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html#API_GetSecretValue_Errors).
// And the passphrase resolution on top: made once, then read back by another operator.
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startMoto, type MotoServer } from '@cagw/strict-cloudformation';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { resolveCaPassphrase } from '../ca-passphrase-secret.ts';
import { FakeSecrets } from './fake-secrets.ts';

const NAME = 'cagw/team/vpn-ca-passphrase';
const answer = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string }) => e.name);

async function scenario(secrets: SecretsManagerClient) {
  const raw = {
    readAbsent: await answer(secrets.send(new GetSecretValueCommand({ SecretId: NAME }))),
    create: await answer(secrets.send(new CreateSecretCommand({ Name: NAME, SecretString: 'first-passphrase-long-enough' }))),
    createAgain: await answer(secrets.send(new CreateSecretCommand({ Name: NAME, SecretString: 'second-passphrase-long-enough' }))),
    read: (await secrets.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString,
  };
  const made = await resolveCaPassphrase({}, { secrets, profile: 'other' }, false);
  const again = await resolveCaPassphrase({}, { secrets, profile: 'other' }, true);
  return { raw, resolved: { from: [made.from, again.from], same: made.passphrase === again.passphrase } };
}

const documented = {
  raw: { readAbsent: 'ResourceNotFoundException', create: 'ok', createAgain: 'ResourceExistsException', read: 'first-passphrase-long-enough' },
  resolved: { from: ['new', 'account'], same: true },
};

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
}, 70_000);
afterAll(async () => moto?.stop());

test('moto answers the calls the VPN CA passphrase makes as Secrets Manager documents', async () => {
  const secrets = new SecretsManagerClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'contract-test-not-a-secret' } });
  expect(await scenario(secrets)).toEqual(documented);
}, 30_000);

test('the fake answers them the same', async () => {
  expect(await scenario(new FakeSecrets().client())).toEqual(documented);
});
