import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { findExecutableOnPath, runCommandBounded } from '../system-clients.ts';
import { runOne, settingsFrom } from '../test-support.ts';
import { imageBuilder } from './image-builder.ts';

// Stand-ins on PATHs of their own, run through the real bounded runner: a docker whose engine is
// down (what `docker info` prints then), and buildahs that run the probe's RUN step (the probe's
// own program, for real) always, only with chroot isolation (OCI fails as on a machine whose
// crun cannot create containers), or never.
const root = mkdtempSync(join(tmpdir(), 'cagw-builders-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const OCI_FAILURE = 'time="2026-12-08T00:30:43Z" level=error msg="did not get container create message from subprocess: EOF"';
const DOCKER_DOWN = '#!/bin/sh\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n';

function buildah(runs: 'always' | 'with chroot' | 'never'): string {
  const works = { always: 'true', 'with chroot': 'case " $* " in *" --isolation chroot "*) true;; *) false;; esac', never: 'false' }[runs];
  return `#!/bin/sh
echo "$*" >> "$(dirname "$0")/calls.log"
[ "$1" = build ] || [ "$3" = build ] || [ "$7" = build ] || exit 0
for last; do :; done
iid=""; prev=""
for a in "$@"; do [ "$prev" = --iidfile ] && iid="$a"; prev="$a"; done
grep -q '^RUN \\["/exit0"\\]$' "$last/Dockerfile" || { echo "no RUN step" >&2; exit 1; }
if ${works}; then "$last/exit0" && printf 'sha256:%064d' 7 > "$iid"; exit $?; fi
echo '${OCI_FAILURE}' >&2
echo 'Error: building at STEP "RUN /exit0": while running runtime: exit status 1' >&2
exit 1
`;
}

function bin(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(join(dir, file), content);
    chmodSync(join(dir, file), 0o755);
  }
  return dir;
}
const real = (dir: string) => ({ findExecutable: findExecutableOnPath(dir), runCommand: runCommandBounded });
const calls = (dir: string) => readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n');

test('podman counts as a builder when docker is missing', async () => {
  const r = await runOne(imageBuilder, settingsFrom({}), { findExecutable: async (n) => (n === 'podman' ? '/usr/bin/podman' : undefined) });
  expect(r).toMatchObject({ status: 'pass', message: 'podman found at /usr/bin/podman' });
});

test('docker installed but its engine not answering, and nothing else: fail, with the engine’s own words and the ways out', async () => {
  const dir = bin('docker-down', { docker: DOCKER_DOWN });
  const r = await runOne(imageBuilder, settingsFrom({}), real(dir));
  expect(r.status).toBe('fail');
  expect(r.message).toBe(`docker at ${join(dir, 'docker')} cannot build: \`docker info --format {{.ServerVersion}}\` failed (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?)`);
  expect(r.fix).toContain('start the docker engine');
  expect(r.fix).toContain('install buildah');
});

test('IMAGE_BUILDER unset: docker without an engine is passed over for the buildah that can build, which a RUN step proved', async () => {
  const dir = bin('docker-down-buildah', { docker: DOCKER_DOWN, buildah: buildah('always') });
  const r = await runOne(imageBuilder, settingsFrom({}), real(dir));
  expect(r.status).toBe('pass');
  expect(r.message).toBe(`buildah at ${join(dir, 'buildah')} can build (a build with a RUN step ran) (passed over: docker at ${join(dir, 'docker')} cannot build: \`docker info --format {{.ServerVersion}}\` failed (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?))`);
  // the probe's image is removed again
  expect(calls(dir).at(-1)).toBe(`rmi --force sha256:${'0'.repeat(63)}7`);
});

test('a buildah whose RUN steps fail with OCI isolation passes with chroot isolation, and says so', async () => {
  const dir = bin('buildah-chroot', { buildah: buildah('with chroot') });
  const r = await runOne(imageBuilder, settingsFrom({ IMAGE_BUILDER: 'buildah' }), real(dir));
  expect(r.status).toBe('pass');
  expect(r.message).toBe(`buildah at ${join(dir, 'buildah')} can build (a build with a RUN step ran); cagw builds with buildah --isolation chroot (as BUILDAH_ISOLATION=chroot would): with its defaults, buildah build failed at the RUN step (did not get container create message from subprocess: EOF)`);
  expect(calls(dir).filter((c) => c.includes('build'))).toEqual([
    expect.stringMatching(/^build --quiet --iidfile \S+ \S+$/),
    expect.stringMatching(/^build --isolation chroot --quiet --iidfile \S+ \S+$/),
  ]);
});

test('a buildah that answers `info` but can run no RUN step in any mode fails, with buildah’s own words', async () => {
  const dir = bin('buildah-never', { buildah: buildah('never') });
  const r = await runOne(imageBuilder, settingsFrom({ IMAGE_BUILDER: 'buildah' }), real(dir));
  expect(r.status).toBe('fail');
  expect(r.message).toBe(`buildah at ${join(dir, 'buildah')} cannot build: \`buildah build (a one-step build from scratch)\` failed (did not get container create message from subprocess: EOF)`);
  expect(r.fix).toContain('unset IMAGE_BUILDER');
  // the last way tried keeps its storage apart from the user's
  expect(calls(dir).at(-1)).toMatch(/^--storage-driver vfs --root \S+\/cagw\/containers\/storage --runroot \S+\/cagw\/containers\/run build --isolation chroot /);
});

test('IMAGE_BUILDER names a builder that is not installed: fail, even though docker is there', async () => {
  const dir = bin('docker-only', { docker: DOCKER_DOWN });
  const r = await runOne(imageBuilder, settingsFrom({ IMAGE_BUILDER: 'podman' }), real(dir));
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
