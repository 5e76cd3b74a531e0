// The pins lock beside a profile: what it fills, what wins over it, when an entry is stale, and
// a lock that is not one. Settings come from real profile files in a temporary folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettingsOrThrow } from '@cagw/profile';
import { afterAll, expect, test } from 'vitest';
import { pinsLockPath, readPinsLock, withLockedPins, type LockedPin } from './pins-lock.ts';
import { resolvePins } from './resolve-pins.ts';

const dir = mkdtempSync(join(tmpdir(), 'cagw-pins-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROFILE = ['AWS_REGION=us-east-1', 'ZONE=internal.example.com', 'ALLOWED_DOMAINS=example.com', 'OIDC_ISSUER=https://idp.example.com', 'OIDC_CLIENT_ID=gw',
  'OIDC_CLIENT_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw/oidc-AbCdEf', 'BUILD_IMAGE=true', 'COLLECTOR_ENDPOINT=off'].join('\n');
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const entry = (image: string, value: string, d: string): LockedPin => ({ image, registry: 'public.ecr.aws', digest: d, value, resolvedAt: '2026-12-01T00:00:00.000Z' });

function profileWith(name: string, extra: string, lock?: unknown) {
  const path = join(dir, `${name}.env`);
  writeFileSync(path, `${PROFILE}\n${extra}\n`);
  if (lock !== undefined) writeFileSync(pinsLockPath(path), typeof lock === 'string' ? lock : JSON.stringify(lock));
  return loadSettingsOrThrow({ profilePath: path, env: {} }).settings;
}

test('the lock is named after the profile, beside it', () => {
  expect(pinsLockPath('profiles/my.env')).toBe('profiles/my.pins.lock.json');
});

test('a pin the profile leaves out comes from the lock; one it sets wins; an entry for another tag is stale and not used', () => {
  const dbClient = `public.ecr.aws/docker/library/postgres@${digest('2')}`;
  const settings = withLockedPins(profileWith('filled', `BASE_DIGEST=${digest('9')}`, {
    lockfileVersion: 1,
    pins: {
      BASE_DIGEST: entry('debian:bookworm-slim', digest('1'), digest('1')),
      DB_CLIENT_IMAGE_URI: entry('public.ecr.aws/docker/library/postgres:16-alpine', dbClient, digest('2')),
      COLLECTOR_IMAGE_URI: entry('public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0', `public.ecr.aws/aws-observability/aws-otel-collector@${digest('3')}`, digest('3')),
    },
  }));
  expect(settings.BASE_DIGEST).toBe(digest('9'));
  expect(settings.DB_CLIENT_IMAGE_URI).toBe(dbClient);
  // the lock pinned v0.40.0; the profile's collector is the default v0.43.3
  expect(settings.COLLECTOR_IMAGE_URI).toBeUndefined();
});

test('a file that is not a lock is refused naming the file, the field and the fix', () => {
  const bad = profileWith('bad', '', { lockfileVersion: 1, pins: { BASE_DIGEST: { ...entry('debian:bookworm-slim', 'sha256:nope', 'sha256:nope') } } });
  expect(() => withLockedPins(bad)).toThrow(expect.objectContaining({ code: 'PinsLockInvalid', where: join(dir, 'bad.pins.lock.json'), message: expect.stringContaining('pins.BASE_DIGEST.digest') }));
  const notJson = profileWith('not-json', '', '{ "lockfileVersion": 1,');
  expect(() => readPinsLock(pinsLockPath(notJson.profilePath!))).toThrow(expect.objectContaining({ code: 'PinsLockInvalid', fix: expect.stringContaining(`cagw pin --profile ${notJson.profilePath}`) }));
});

test('resolving asks the registry only for what neither the profile nor the lock has, records it, and lists every pin it could not get', async () => {
  const settings = profileWith('resolve', 'ENABLE_COLLECTOR=true\nDOMAIN_NAME=claude.example.com\nPUBLIC_HOSTED_ZONE_ID=Z0123456789EXAMPLE01', { lockfileVersion: 1, pins: { BASE_DIGEST: entry('debian:bookworm-slim', digest('1'), digest('1')) } });
  const asked: string[] = [];
  const once = await resolvePins(settings, {
    now: () => new Date('2026-12-08T01:00:00Z'),
    resolve: async (ref) => {
      asked.push(ref.repository);
      if (ref.repository.includes('collector')) throw new Error('connect ECONNREFUSED');
      return digest('4');
    },
  });
  expect(asked).toEqual(['docker/library/postgres', 'aws-observability/aws-otel-collector']);
  expect(once.pins.map((p) => [p.variable, p.from])).toEqual([['BASE_DIGEST', 'lock'], ['DB_CLIENT_IMAGE_URI', 'registry'], ['COLLECTOR_IMAGE_URI', 'missing']]);
  expect(once.pins[2]!.reason).toBe('connect ECONNREFUSED');
  expect(once.settings.DB_CLIENT_IMAGE_URI).toBe(`public.ecr.aws/docker/library/postgres@${digest('4')}`);
  const lock = JSON.parse(readFileSync(join(dir, 'resolve.pins.lock.json'), 'utf8'));
  expect(Object.keys(lock.pins)).toEqual(['BASE_DIGEST', 'DB_CLIENT_IMAGE_URI']);
  expect(lock.pins.DB_CLIENT_IMAGE_URI).toEqual({ image: 'public.ecr.aws/docker/library/postgres:16-alpine', registry: 'public.ecr.aws', digest: digest('4'), value: `public.ecr.aws/docker/library/postgres@${digest('4')}`, resolvedAt: '2026-12-08T01:00:00.000Z' });
});
