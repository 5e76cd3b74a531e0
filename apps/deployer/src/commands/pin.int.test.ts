// cagw pin against Debian's reference registry (docker-registry) on 127.0.0.1: images are
// uploaded through the registry's own API, so the digests expected here are the SHA-256 of the
// manifest bytes sent, computed by the test, not by the code under test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreeLoopbackPort } from '@cagw/local-gateway';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { pinCommand } from './pin.ts';

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

async function pin(profile: string, check = false) {
  const io = createRecordingIo();
  const code = await pinCommand.run({ profile, check, json: false }, [], io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

test('pins BASE_DIGEST, DB_CLIENT_IMAGE_URI and COLLECTOR_IMAGE_URI to what the registry serves, keeping the profile; --check exits 1 on drift, 0 when pinned', async () => {
  const baseDigest = await uploadImage('debian', 'bookworm-slim', 'base 1');
  const dbClientDigest = await uploadImage('library/postgres', '16-alpine', 'psql 1');
  const collectorDigest = await uploadImage('aws-observability/aws-otel-collector', 'v0.43.3', 'collector 1');
  const profile = join(work, 'team.env');
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

  const drift = await pin(profile, true);
  expect(drift.code).toBe(1);
  expect(drift.stdout).toContain(`BASE_DIGEST: pinned sha256:${'0'.repeat(64)}, but ${registry}/debian:bookworm-slim is ${baseDigest} now`);
  expect(drift.stdout).toContain(`DB_CLIENT_IMAGE_URI: not pinned; ${registry}/library/postgres:16-alpine is ${registry}/library/postgres@${dbClientDigest} now`);
  expect(drift.stdout).toContain(`COLLECTOR_IMAGE_URI: not pinned; ${registry}/aws-observability/aws-otel-collector:v0.43.3 is ${registry}/aws-observability/aws-otel-collector@${collectorDigest} now`);
  expect(drift.stderr).toContain(`error: BASE_DIGEST, DB_CLIENT_IMAGE_URI, COLLECTOR_IMAGE_URI differ from what the registry serves: run cagw pin --profile ${profile}`);
  expect(readFileSync(profile, 'utf8')).toBe(original);

  expect((await pin(profile)).code).toBe(0);
  expect(readFileSync(profile, 'utf8')).toBe(original.replace(`BASE_DIGEST=sha256:${'0'.repeat(64)}  # an old pin`, `BASE_DIGEST=${baseDigest}  # an old pin`)
    + `# pinned by cagw pin from ${registry}/library/postgres:16-alpine\nDB_CLIENT_IMAGE_URI=${registry}/library/postgres@${dbClientDigest}\n`
    + `# pinned by cagw pin from ${registry}/aws-observability/aws-otel-collector:v0.43.3\nCOLLECTOR_IMAGE_URI=${registry}/aws-observability/aws-otel-collector@${collectorDigest}\n`);
  const clean = await pin(profile, true);
  expect(clean).toMatchObject({ code: 0, stderr: '' });
  expect(clean.stdout).toContain(`BASE_DIGEST: up to date (${registry}/debian:bookworm-slim is ${baseDigest})`);

  // the tag moves: --check sees it, pin rewrites the same line
  const moved = await uploadImage('debian', 'bookworm-slim', 'base 2');
  expect(moved).not.toBe(baseDigest);
  expect((await pin(profile, true)).code).toBe(1);
  expect((await pin(profile)).code).toBe(0);
  const pinned = readFileSync(profile, 'utf8');
  expect(pinned.match(/^BASE_DIGEST=/gm)).toHaveLength(1);
  expect(pinned).toContain(`BASE_DIGEST=${moved}  # an old pin, kept with its comment`);
  expect((await pin(profile, true)).code).toBe(0);
});

test('a tag the registry does not have is an error that names the image', async () => {
  const profile = join(work, 'missing.env');
  writeFileSync(profile, `${readFileSync(join(PROFILES_DIR, 'byo-oidc-byotelemetry.env'), 'utf8')}\nBASE_IMAGE=${registry}/debian:no-such-tag\n`);
  const error = await pin(profile, true).catch((e: unknown) => e as Error);
  expect(error).toMatchObject({ code: 'ImageNotFound', message: `${registry}/debian:no-such-tag does not exist in ${registry}` });
});
