import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { findExecutableOnPath, runCommandBounded } from '../system-clients.ts';
import { runOne, settingsFrom } from '../test-support.ts';
import { imageBuilder } from './image-builder.ts';

// Stand-ins on a PATH of their own, run through the real bounded runner: a docker whose engine
// is down (what `docker info` prints then), and a buildah that can build.
const bin = mkdtempSync(join(tmpdir(), 'cagw-builders-'));
writeFileSync(join(bin, 'docker'), '#!/bin/sh\n[ "$1" = --version ] && { echo "Docker version 27.3.1"; exit 0; }\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n');
writeFileSync(join(bin, 'buildah'), '#!/bin/sh\n[ "$1" = info ] && { echo \'{"host":{"os":"linux"}}\'; exit 0; }\nexit 1\n');
chmodSync(join(bin, 'docker'), 0o755);
chmodSync(join(bin, 'buildah'), 0o755);
afterAll(() => rmSync(bin, { recursive: true, force: true }));
const real = { findExecutable: findExecutableOnPath(bin), runCommand: runCommandBounded };

test('podman counts as a builder when docker is missing', async () => {
  const r = await runOne(imageBuilder, settingsFrom({}), { findExecutable: async (n) => (n === 'podman' ? '/usr/bin/podman' : undefined) });
  expect(r).toMatchObject({ status: 'pass', message: 'podman found at /usr/bin/podman' });
});

test('docker installed but its engine not answering fails, with the engine’s own words and the ways out', async () => {
  const r = await runOne(imageBuilder, settingsFrom({}), real);
  expect(r.status).toBe('fail');
  expect(r.message).toBe(`docker is installed at ${join(bin, 'docker')} but cannot build: \`docker info --format {{.ServerVersion}}\` failed (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?)`);
  expect(r.fix).toContain('start the docker engine');
  expect(r.fix).toContain('IMAGE_BUILDER=buildah');
});

test('IMAGE_BUILDER=buildah is asked, and passes when buildah info answers', async () => {
  const r = await runOne(imageBuilder, settingsFrom({ IMAGE_BUILDER: 'buildah' }), real);
  expect(r).toMatchObject({ status: 'pass', message: `buildah at ${join(bin, 'buildah')} can build (buildah info answered)` });
});

test('IMAGE_BUILDER names a builder that is not installed: fail, even though docker is there', async () => {
  const r = await runOne(imageBuilder, settingsFrom({ IMAGE_BUILDER: 'podman' }), real);
  expect(r.status).toBe('fail');
  expect(r.message).toBe('IMAGE_BUILDER=podman, but podman is not on PATH');
});

test('no builder with BUILD_IMAGE=true fails with both ways out', async () => {
  const r = await runOne(imageBuilder, settingsFrom({}), { findExecutable: async () => undefined });
  expect(r.status).toBe('fail');
  expect(r.fix).toContain('BUILD_IMAGE=false');
});

test('BUILD_IMAGE=false skips it', async () => {
  const r = await runOne(imageBuilder, settingsFrom({ BUILD_IMAGE: 'false', GATEWAY_IMAGE_URI: `123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway@sha256:${'b'.repeat(64)}` }));
  expect(r.status).toBe('skip');
});
