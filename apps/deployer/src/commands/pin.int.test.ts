// cagw pin against Debian's reference registry (docker-registry) on 127.0.0.1: images are
// uploaded through the registry's own API, so the digests expected here are the SHA-256 of the
// manifest bytes sent, computed by the test, not by the code under test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreeLoopbackPort } from '@cagw/local-gateway';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { pinCommand } from './pin.ts';
import { main } from '../main.ts';

const work = mkdtempSync(join(tmpdir(), 'cagw-pin-'));
let registryProcess: ChildProcess;
let registry: string;
const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Uploads a one-config, no-layer image under repository:tag and returns the digest of the bytes sent. */
async function uploadImage(repository: string, tag: string, label: string): Promise<string> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { label } }, rootfs: { type: 'layers', diff_ids: [] } }));
  const start = await fetch(`http://${registry}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location')!, `http://${registry}`);
  location.searchParams.set('digest', sha256(config));
  expect((await fetch(location, { method: 'PUT', body: config, headers: { 'Content-Type': 'application/octet-stream' } })).status).toBe(201);
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256(config) }, layers: [],
  });
  const put = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT', body: manifest, headers: { 'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  expect(put.status).toBe(201);
  return sha256(manifest);
}

beforeAll(async () => {
  registry = `127.0.0.1:${await findFreeLoopbackPort()}`;
  mkdirSync(join(work, 'storage'));
  writeFileSync(join(work, 'registry.yml'), `version: 0.1\nlog: { level: warn }\nstorage: { filesystem: { rootdirectory: ${join(work, 'storage')} } }\nhttp: { addr: "${registry}" }\n`);
  registryProcess = spawn('timeout', ['600', 'docker-registry', 'serve', join(work, 'registry.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 150; i++) {
    if ((await fetch(`http://${registry}/v2/`).catch(() => undefined))?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('docker-registry did not answer on 127.0.0.1');
});

afterAll(() => {
  registryProcess?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

async function plan(profile: string) {
  const io = createRecordingIo();
  const code = await main(['plan', '--profile', profile], io);
  return { code, stdout: io.stdout.join('\n') };
}

async function pin(profile: string, check = false) {
  const io = createRecordingIo();
  const code = await pinCommand.run({ profile, check, json: false }, [], io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

test('records DB_CLIENT_IMAGE_URI and COLLECTOR_IMAGE_URI in the lock beside the profile and updates a hand pin in the profile; --check exits 1 on drift naming each image, 0 when pinned; plan reads the lock', async () => {
  const baseDigest = await uploadImage('debian', 'bookworm-slim', 'base 1');
  const dbClientDigest = await uploadImage('library/postgres', '16-alpine', 'psql 1');
  const collectorDigest = await uploadImage('aws-observability/aws-otel-collector', 'v0.43.3', 'collector 1');
  const profile = join(work, 'team.env');
  const lockPath = join(work, 'team.pins.lock.json');
  const shipped = readFileSync(join(PROFILES_DIR, 'byo-oidc-byotelemetry.env'), 'utf8');
  const original = `${shipped}
# Images come from the team's mirror on this machine.
BASE_IMAGE=${registry}/debian:bookworm-slim
BASE_DIGEST=sha256:${'0'.repeat(64)}  # an old pin, kept with its comment
DB_CLIENT_IMAGE=${registry}/library/postgres:16-alpine
COLLECTOR_IMAGE=${registry}/aws-observability/aws-otel-collector:v0.43.3
# the end
`;
  writeFileSync(profile, original);
  const dbClientUri = (digest: string) => `${registry}/library/postgres@${digest}`;

  const drift = await pin(profile, true);
  expect(drift.code).toBe(1);
  expect(drift.stdout).toContain(`BASE_DIGEST: pinned sha256:${'0'.repeat(64)} in ${profile}, but ${registry}/debian:bookworm-slim is ${baseDigest} now`);
  expect(drift.stdout).toContain(`DB_CLIENT_IMAGE_URI: not pinned; ${registry}/library/postgres:16-alpine is ${dbClientUri(dbClientDigest)} now`);
  expect(drift.stdout).toContain(`COLLECTOR_IMAGE_URI: not pinned; ${registry}/aws-observability/aws-otel-collector:v0.43.3 is ${registry}/aws-observability/aws-otel-collector@${collectorDigest} now`);
  expect(drift.stderr).toContain(`error: BASE_DIGEST (${registry}/debian:bookworm-slim), DB_CLIENT_IMAGE_URI (${registry}/library/postgres:16-alpine), COLLECTOR_IMAGE_URI (${registry}/aws-observability/aws-otel-collector:v0.43.3) differ from what the registry serves: run cagw pin --profile ${profile}`);
  expect(readFileSync(profile, 'utf8')).toBe(original);
  expect(existsSync(lockPath)).toBe(false);

  // before the lock, plan says where the pin will come from
  expect((await plan(profile)).stdout).toContain(`<DB_CLIENT_IMAGE_URI: resolved by the first preflight or deploy into ${lockPath}>`);

  expect((await pin(profile)).code).toBe(0);
  // the hand pin is updated in place; the others go in the lock, not the profile
  expect(readFileSync(profile, 'utf8')).toBe(original.replace(`BASE_DIGEST=sha256:${'0'.repeat(64)}  # an old pin`, `BASE_DIGEST=${baseDigest}  # an old pin`));
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  expect(Object.keys(lock.pins)).toEqual(['DB_CLIENT_IMAGE_URI', 'COLLECTOR_IMAGE_URI']);
  expect(lock).toMatchObject({
    lockfileVersion: 1,
    pins: {
      DB_CLIENT_IMAGE_URI: { image: `${registry}/library/postgres:16-alpine`, registry, digest: dbClientDigest, value: dbClientUri(dbClientDigest) },
      COLLECTOR_IMAGE_URI: { image: `${registry}/aws-observability/aws-otel-collector:v0.43.3`, registry, digest: collectorDigest },
    },
  });
  expect(Date.now() - Date.parse(lock.pins.DB_CLIENT_IMAGE_URI.resolvedAt)).toBeLessThan(600_000);
  const clean = await pin(profile, true);
  expect(clean).toMatchObject({ code: 0, stderr: '' });
  expect(clean.stdout).toContain(`BASE_DIGEST: up to date (${registry}/debian:bookworm-slim is ${baseDigest})`);
  expect(clean.stdout).toContain(`DB_CLIENT_IMAGE_URI: up to date (${registry}/library/postgres:16-alpine is ${dbClientUri(dbClientDigest)})`);

  // plan reads the lock
  const planned = await plan(profile);
  expect(planned.stdout).not.toContain('<DB_CLIENT_IMAGE_URI: resolved by');
  expect(planned.stdout).toContain(dbClientUri(dbClientDigest));

  // the tags move: --check names both images, pin rewrites the profile's line and the lock's entry
  const moved = await uploadImage('debian', 'bookworm-slim', 'base 2');
  const movedDbClient = await uploadImage('library/postgres', '16-alpine', 'psql 2');
  expect(moved).not.toBe(baseDigest);
  const movedCheck = await pin(profile, true);
  expect(movedCheck.code).toBe(1);
  expect(movedCheck.stderr).toContain(`error: BASE_DIGEST (${registry}/debian:bookworm-slim), DB_CLIENT_IMAGE_URI (${registry}/library/postgres:16-alpine) differ`);
  expect(movedCheck.stdout).toContain(`DB_CLIENT_IMAGE_URI: pinned ${dbClientUri(dbClientDigest)} in ${lockPath}, but`);
  expect((await pin(profile)).code).toBe(0);
  const pinned = readFileSync(profile, 'utf8');
  expect(pinned.match(/^BASE_DIGEST=/gm)).toHaveLength(1);
  expect(pinned).toContain(`BASE_DIGEST=${moved}  # an old pin, kept with its comment`);
  expect(JSON.parse(readFileSync(lockPath, 'utf8')).pins.DB_CLIENT_IMAGE_URI.value).toBe(dbClientUri(movedDbClient));
  expect((await pin(profile, true)).code).toBe(0);
});

test('a tag the registry does not have is an error that names the image', async () => {
  const profile = join(work, 'missing.env');
  await uploadImage('library/postgres', '16-alpine', 'psql for the missing tag');
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-byotelemetry.env'), 'utf8')}\nBASE_IMAGE=${registry}/debian:no-such-tag\nDB_CLIENT_IMAGE=${registry}/library/postgres:16-alpine\n`);
  const error = await pin(profile, true).catch((e: unknown) => e as Error);
  expect(error).toMatchObject({ code: 'ImageNotFound', message: `${registry}/debian:no-such-tag does not exist in ${registry}` });
});

test('images that cannot be resolved are named together, with the command that resolves them', async () => {
  const profile = join(work, 'two-missing.env');
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-byotelemetry.env'), 'utf8')}\nBASE_IMAGE=${registry}/debian:no-such-tag\nDB_CLIENT_IMAGE=${registry}/library/postgres:no-such-tag\n`);
  const error = (await pin(profile, true).catch((e: unknown) => e)) as { code: string; message: string; where: string; fix: string };
  expect(error).toMatchObject({ code: 'PinsMissing', where: 'BASE_DIGEST, DB_CLIENT_IMAGE_URI', fix: expect.stringContaining(`cagw pin --profile ${profile}`) });
  expect(error.message).toContain(`BASE_DIGEST (the digest of ${registry}/debian:no-such-tag): ${registry}/debian:no-such-tag does not exist`);
  expect(error.message).toContain(`DB_CLIENT_IMAGE_URI (the digest of ${registry}/library/postgres:no-such-tag): ${registry}/library/postgres:no-such-tag does not exist`);
});

test('the first preflight that reaches the registry records the pins in the lock; the next one reads them from there', async () => {
  const dbClientDigest = await uploadImage('library/postgres', '17-alpine', 'psql for preflight');
  const baseDigest = await uploadImage('debian', 'trixie-slim', 'base for preflight');
  const profile = join(work, 'first-preflight.env');
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-byotelemetry.env'), 'utf8')}\nBASE_IMAGE=${registry}/debian:trixie-slim\nDB_CLIENT_IMAGE=${registry}/library/postgres:17-alpine\n`);
  const preflight = async () => {
    const io = createRecordingIo();
    const code = await main(['preflight', '--profile', profile, '--only', 'image.pins', '--json'], io);
    return { code, result: (JSON.parse(io.stdout.join('\n')) as { results: { id: string; status: string; message: string }[] }).results[0]! };
  };
  const first = await preflight();
  expect(first).toMatchObject({ code: 0, result: { id: 'image.pins', status: 'pass' } });
  expect(first.result.message).toContain(`BASE_DIGEST (resolved now from ${registry}/debian:trixie-slim)`);
  const lock = JSON.parse(readFileSync(join(work, 'first-preflight.pins.lock.json'), 'utf8'));
  expect(lock.pins.BASE_DIGEST).toMatchObject({ image: `${registry}/debian:trixie-slim`, registry, digest: baseDigest, value: baseDigest });
  expect(lock.pins.DB_CLIENT_IMAGE_URI).toMatchObject({ digest: dbClientDigest, value: `${registry}/library/postgres@${dbClientDigest}` });
  // the tag moves; the lock keeps the build reproducible until cagw pin moves it on
  await uploadImage('debian', 'trixie-slim', 'base for preflight, moved');
  const second = await preflight();
  expect(second.result.message).toBe('BASE_DIGEST (from the lock), DB_CLIENT_IMAGE_URI (from the lock)');
  expect(JSON.parse(readFileSync(join(work, 'first-preflight.pins.lock.json'), 'utf8')).pins.BASE_DIGEST.digest).toBe(baseDigest);
});
