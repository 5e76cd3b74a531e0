import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadProfile } from './load-profile.ts';
import { createRecordingIo } from './recording-io.ts';

const oidcSecretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/oidc-AbCdEf';
const profileText = [
  'AWS_REGION=us-east-1', 'ZONE=internal.example.com', 'ALLOWED_DOMAINS=example.com', 'IDP_MODE=byo',
  'OIDC_ISSUER=https://example.okta.com/oauth2/default', 'OIDC_CLIENT_ID=client-1', `OIDC_CLIENT_SECRET_ARN=${oidcSecretArn}`, 'BUILD_IMAGE=true',
].join('\n');

function writeProfile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cagw-load-profile-')), 'my.env');
  writeFileSync(path, `${profileText}\n`);
  return path;
}

test('a profile value the environment overrides is named on stderr with both values and its line, stdout untouched', () => {
  const path = writeProfile();
  const io = createRecordingIo();
  const settings = loadProfile(path, io, { AWS_REGION: 'eu-west-1' });
  expect(settings.AWS_REGION).toBe('eu-west-1');
  expect(io.stderr).toEqual([`AWS_REGION=eu-west-1 from the environment overrides us-east-1 from ${path}:1 (unset AWS_REGION to use the profile's)`]);
  expect(io.stdout).toEqual([]);
});

test('a secret-naming variable is said to be overridden, without either value', () => {
  const path = writeProfile();
  const io = createRecordingIo();
  const fromEnv = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/other-XyZ123';
  loadProfile(path, io, { OIDC_CLIENT_SECRET_ARN: fromEnv });
  expect(io.stderr).toHaveLength(1);
  expect(io.stderr[0]).toContain(`OIDC_CLIENT_SECRET_ARN from the environment overrides the value in ${path}:7`);
  expect(io.stderr[0]).not.toContain('secret:claude-gateway');
});

test('the same value in both says nothing', () => {
  const io = createRecordingIo();
  loadProfile(writeProfile(), io, { AWS_REGION: 'us-east-1' });
  expect(io.stderr).toEqual([]);
});

test('an environment value for a variable the profile leaves at its default is named with the default', () => {
  const io = createRecordingIo();
  const settings = loadProfile(writeProfile(), io, { MAX_TASKS: '7' });
  expect(settings.MAX_TASKS).toBe(7);
  expect(io.stderr).toEqual(['MAX_TASKS=7 from the environment overrides the default 10 (unset MAX_TASKS to use the default, or set it in the profile)']);
});
