// Issue 24: `cagw state push` moves an existing out/<profile>/ (a CA made before the state
// bucket, a rollback record) into the account in one command; then another operator revokes
// from the bucket, and a second push keeps what the account holds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { makeStateCommand } from '../commands/state.ts';
import { makeVpnCommand } from '../commands/vpn.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { writeRollbackRecord } from '../upgrade/rollback-record.ts';
import { FakeStateS3, fakeCaller } from './testing/fake-state-s3.ts';

const BUCKET = 'cagw-state-123456789012-us-east-1';
const NAME = 'managed-newcognito-collector-vpn';
const PROFILE = join(PROFILES_DIR, `${NAME}.env`);
const cfnMock = mockClient(CloudFormationClient);
let s3: FakeStateS3;
let root: string;

beforeEach(() => {
  cfnMock.reset();
  cfnMock.on(DescribeStacksCommand).rejects(new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: 'Stack with id claude-gateway-vpn does not exist' }));
  s3 = new FakeStateS3();
  s3.addBucket(BUCKET);
  root = mkdtempSync(join(tmpdir(), 'cagw-state-push-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('state push moves the CA and the rollback record into the bucket once; another operator then revokes from it', async () => {
  const passFile = join(root, 'ca.pass');
  writeFileSync(passFile, 'q7Vx2mLp9RtZ4wKs-team-passphrase\n', { mode: 0o600 });
  const env = { CAGW_VPN_CA_PASSPHRASE_FILE: passFile };
  const vpnFlags = { profile: PROFILE, json: true, from: undefined, csr: undefined };
  const base = () => ({ cfn: new CloudFormationClient({ region: 'us-east-1' }), ec2: new EC2Client({ region: 'us-east-1' }) });
  // an earlier cagw: the CA and a rollback record only in ./out/
  expect(await makeVpnCommand({ clients: base, env, outRoot: root }).run(vpnFlags, ['add-user', 'ana.lopez'], createRecordingIo())).toBe(0);
  writeRollbackRecord(join(root, 'out', NAME, 'rollback.json'), { previousVersion: '2.1.329', previousImage: 'repo@sha256:' + 'c'.repeat(64), upgradedTo: '2.1.330', at: '2026-12-01T10:00:00.000Z' });
  expect(s3.keys(BUCKET)).toEqual([]);

  const alice = () => ({ s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice') });
  const push = async () => {
    const io = createRecordingIo();
    expect(await makeStateCommand({ clients: alice, env: {}, outRoot: root }).run({ profile: PROFILE, json: true }, ['push'], io)).toBe(0);
    return JSON.parse(io.stdout[0] ?? '[]') as { what: string; result: string }[];
  };
  expect((await push()).map((m) => [m.what, m.result])).toEqual([['vpn-ca', 'moved'], ['rollback-record', 'moved']]);
  expect(s3.keys(BUCKET)).toEqual([`profiles/${NAME}/pki.json`, `profiles/${NAME}/rollback.json`]);
  expect(JSON.parse(s3.body(BUCKET, `profiles/${NAME}/rollback.json`) ?? '{}')).toMatchObject({ previousVersion: '2.1.329', upgradedTo: '2.1.330' });

  // bob, in his own folder, revokes the certificate issued before the push
  const bobRoot = mkdtempSync(join(tmpdir(), 'cagw-state-bob-'));
  try {
    const bob = () => ({ ...base(), s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob') });
    const io = createRecordingIo();
    expect(await makeVpnCommand({ clients: bob, env, outRoot: bobRoot }).run(vpnFlags, ['revoke', 'ana.lopez'], io), io.stderr.join('\n')).toBe(0);
  } finally {
    rmSync(bobRoot, { recursive: true, force: true });
  }
  expect((await push()).map((m) => [m.what, m.result])).toEqual([['vpn-ca', 'already-in-account'], ['rollback-record', 'already-in-account']]);
});
