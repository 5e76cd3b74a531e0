// Issue 24, "State in the account": the VPN certificate authority lives in the state bucket.
// Operator A issues a certificate from their folder; operator B, in another folder with no
// pki/ of their own, revokes it; A then sees it revoked. The CA key goes to the bucket only as
// openssl encrypted it (AES-256, its passphrase never stored there), developers' keys never.
// Two changes from one starting state: the second is refused, not lost. Real openssl.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { makeVpnCommand } from '../commands/vpn.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { pullPki, pushPki } from './pki-store.ts';
import { FakeStateS3, fakeCaller } from './testing/fake-state-s3.ts';

const BUCKET = 'cagw-state-123456789012-us-east-1';
const PKI = 'profiles/managed-newcognito-collector-vpn/pki.json';
const PROFILE = join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env');
const cfnMock = mockClient(CloudFormationClient);
let s3: FakeStateS3;
const roots: string[] = [];

beforeEach(() => {
  cfnMock.reset();
  // the VPN is not deployed yet: the CA works alone
  cfnMock.on(DescribeStacksCommand).rejects(new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: 'Stack with id claude-gateway-vpn does not exist' }));
  s3 = new FakeStateS3();
  s3.addBucket(BUCKET);
});
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function operator(who: string) {
  const root = mkdtempSync(join(tmpdir(), `cagw-vpn-${who}-`));
  roots.push(root);
  const passFile = join(root, 'ca.pass');
  writeFileSync(passFile, 'q7Vx2mLp9RtZ4wKs-team-passphrase\n', { mode: 0o600 });
  const clients = () => ({ cfn: new CloudFormationClient({ region: 'us-east-1' }), ec2: new EC2Client({ region: 'us-east-1' }), s3: s3.client(), sts: fakeCaller(`arn:aws:sts::123456789012:assumed-role/PlatformAdmin/${who}`) });
  return {
    root,
    async vpn(args: string[]) {
      const io = createRecordingIo();
      const code = await makeVpnCommand({ clients, env: { CAGW_VPN_CA_PASSPHRASE_FILE: passFile }, outRoot: root }).run({ profile: PROFILE, json: true, from: undefined, csr: undefined }, args, io);
      return { code, out: JSON.parse(io.stdout[0] ?? 'null') as unknown, stderr: io.stderr.join('\n') };
    },
  };
}

test('B revokes the certificate A issued, from a folder without pki/; A sees it revoked', async () => {
  const a = operator('alice');
  const b = operator('bob');
  expect((await a.vpn(['add-user', 'ana.lopez'])).code).toBe(0);
  const bundle = JSON.parse(s3.body(BUCKET, PKI) ?? '{}') as { files: Record<string, string> };
  expect(Object.keys(bundle.files)).toEqual(expect.arrayContaining(['ca.crt', 'ca.key', 'index.txt', 'clients/ana.lopez.crt']));
  expect(Object.keys(bundle.files)).not.toContain('clients/ana.lopez.key');
  expect(Buffer.from(bundle.files['ca.key'] ?? '', 'base64').toString()).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');

  const revoked = await b.vpn(['revoke', 'ana.lopez']);
  expect(revoked.code, revoked.stderr).toBe(0);
  const seen = await a.vpn(['list']);
  expect(seen.code).toBe(0);
  expect(JSON.stringify(seen.out)).toMatch(/"name":"ana\.lopez"[^}]*"status":"revoked"/);
});

test('two changes from the same state: the second is refused naming the fix, not saved over the first', async () => {
  const a = operator('alice');
  expect((await a.vpn(['add-user', 'ana.lopez'])).code).toBe(0);
  const access = { s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/x'), region: 'us-east-1', profile: 'managed-newcognito-collector-vpn' };
  const dirA = join(a.root, 'pa');
  const dirB = join(a.root, 'pb');
  const first = await pullPki(access, dirA);
  const second = await pullPki(access, dirB);
  writeFileSync(join(dirA, 'crlnumber'), '1001\n'); // the first operator's change
  await pushPki(access, dirA, first);
  await expect(pushPki(access, dirB, second)).rejects.toMatchObject({ code: 'VpnCaChangedMeanwhile', fix: expect.stringContaining('run the same cagw vpn command again') });
});
