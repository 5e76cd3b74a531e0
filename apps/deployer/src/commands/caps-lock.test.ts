// cagw caps apply and reconcile change the deployed gateway under the profile's lock, as deploy
// and destroy do: while another operator's run holds it nothing is changed and the holder is
// named; otherwise the lock is held while the caps change and released after. The gateway is a
// loopback stand-in recording what it is asked; the state bucket is the strict state S3 fake.
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { FakeStateS3 } from '../state/testing/fake-state-s3.ts';

const WORKSPACE = join(import.meta.dirname, '../../../..');
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/admin-key-AbCdEf';
const BUCKET = 'cagw-state-123456789012-us-east-1';
const PROFILE = 'caps-lock';
const LOCK = `locks/${PROFILE}.lock.json`;
const alice = { who: 'arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice', host: 'alice-laptop', pid: 4242, command: 'cagw deploy', since: '2026-12-08T00:40:00.000Z' };

const secrets = mockClient(SecretsManagerClient);
const s3Mock = mockClient(S3Client);
const sts = mockClient(STSClient);
let state: FakeStateS3;
let bucket: S3Client;
let server: Server;
let url: string;
let dir: string;
/** the gateway's calls, with whether the lock was in the bucket at that moment */
let calls: { method: string; locked: boolean }[];

beforeAll(async () => {
  server = createServer((request, response) => {
    calls.push({ method: request.method as string, locked: state.keys(BUCKET).includes(LOCK) });
    const body = request.method === 'POST' ? { id: 'spl_1' } : request.url?.includes('/audit') ? { data: [], has_more: false } : { data: [], has_more: false, last_id: null };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'cagw-caps-lock-'));
  writeFileSync(join(dir, 'caps.yaml'), 'organization: { daily: 100 }\n');
  writeFileSync(join(dir, `${PROFILE}.env`), `${readFileSync(join(WORKSPACE, 'profiles/byo-oidc-notelemetry.env'), 'utf8')}\nENABLE_SPEND_CAPS=true\nGATEWAY_ADMIN_WRITE_KEY_ARN=${ARN}\nCAPS_FILE=caps.yaml\n`);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
  secrets.restore();
  s3Mock.restore();
  sts.restore();
});
beforeEach(() => {
  calls = [];
  state = new FakeStateS3();
  state.addBucket(BUCKET);
  // every S3 client the command makes talks to the one fake account
  bucket = state.client();
  s3Mock.reset();
  s3Mock.on(HeadBucketCommand).callsFake((input) => bucket.send(new HeadBucketCommand(input)));
  s3Mock.on(GetObjectCommand).callsFake((input) => bucket.send(new GetObjectCommand(input)));
  s3Mock.on(PutObjectCommand).callsFake((input) => bucket.send(new PutObjectCommand(input)));
  s3Mock.on(DeleteObjectCommand).callsFake((input) => bucket.send(new DeleteObjectCommand(input)));
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob' });
  secrets.reset();
  secrets.on(GetSecretValueCommand).callsFake((input: { VersionStage?: string }) => {
    if (input.VersionStage === 'AWSPREVIOUS') throw Object.assign(new Error("Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS"), { name: 'ResourceNotFoundException' });
    return { SecretString: `key-${'k'.repeat(40)}` };
  });
});

const cagw = async (...argv: string[]) => {
  const io = createRecordingIo();
  const code = await main([...argv, '--profile', join(dir, `${PROFILE}.env`), '--url', url], io);
  return { code, stderr: io.stderr.join('\n') };
};

test("apply and reconcile --once while another operator's run holds the lock change nothing and name the holder", async () => {
  await bucket.send(new PutObjectCommand({ Bucket: BUCKET, Key: LOCK, Body: JSON.stringify(alice), IfNoneMatch: '*' }));
  for (const [sub, ...rest] of [['apply', '--yes'], ['reconcile', '--once']] as const) {
    const refused = await cagw('caps', sub, ...rest);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`profile ${PROFILE} is locked by ${alice.who} on alice-laptop (pid 4242, cagw deploy)`);
    expect(refused.stderr).toContain(`cagw caps ${sub} --break-lock`);
  }
  expect(calls.filter((call) => call.method !== 'GET')).toEqual([]);
  expect(state.keys(BUCKET)).toContain(LOCK);
});

test('apply takes the lock before its first change and releases it after', async () => {
  const applied = await cagw('caps', 'apply', '--yes', '--json');
  expect(applied.code, applied.stderr).toBe(0);
  expect(calls.filter((call) => call.method === 'POST')).toEqual([{ method: 'POST', locked: true }]);
  expect(state.keys(BUCKET)).not.toContain(LOCK);
});
