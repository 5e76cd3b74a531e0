import { expect, test } from 'vitest';
import type { BuilderReadiness } from '@cagw/preflight';
import { builderFor, detectBuilder, type ProbeBuilder } from './builders.ts';

const onPath = (...names: string[]) => async (name: string) => (names.includes(name) ? `/usr/bin/${name}` : undefined);
const CHROOT = { globalArgs: [], buildArgs: ['--isolation', 'chroot'], note: 'cagw builds with buildah --isolation chroot' };
/** docker's engine is down; buildah can build only with chroot isolation (this machine's case) */
const probe: ProbeBuilder = async (name): Promise<BuilderReadiness> => (name === 'buildah'
  ? { ready: true, mode: CHROOT, how: 'a build with a RUN step ran' }
  : { ready: false, tried: `${name} info --format {{.ServerVersion}}`, said: 'Cannot connect to the Docker daemon' });
const buildArguments = { platform: 'linux/amd64', buildArgs: {}, tag: 'localhost/g:1', contextDir: '/ctx', plainHttpBase: false };

test('IMAGE_BUILDER unset: docker whose engine does not answer is passed over for buildah, which builds in the mode its probe found', async () => {
  const builder = await detectBuilder(undefined, onPath('docker', 'buildah'), 'IMAGE_BUILDER', probe);
  expect(builder.name).toBe('buildah');
  expect(builder.note).toBe('cagw builds with buildah --isolation chroot');
  expect(builder.buildArgs(buildArguments)).toEqual(['build', '--isolation', 'chroot', '--format', 'docker', '--platform', 'linux/amd64', '--tag', 'localhost/g:1', '/ctx']);
});

test('a mode with storage of its own puts its flags before every sub-command, so the push finds what the build stored', () => {
  const builder = builderFor('buildah', '/usr/bin/buildah', { globalArgs: ['--storage-driver', 'vfs', '--root', '/c/s', '--runroot', '/c/r'], buildArgs: ['--isolation', 'chroot'] });
  expect(builder.buildArgs(buildArguments).slice(0, 9)).toEqual(['--storage-driver', 'vfs', '--root', '/c/s', '--runroot', '/c/r', 'build', '--isolation', 'chroot']);
  expect(builder.pushArgs('r/g:1', { plainHttp: false, digestFile: '/d' }).slice(0, 7)).toEqual(['--storage-driver', 'vfs', '--root', '/c/s', '--runroot', '/c/r', 'push']);
});

test('IMAGE_BUILDER=docker whose engine does not answer: ImageBuilderCannotBuild, with the engine’s words and the ways out', async () => {
  const error = await detectBuilder('docker', onPath('docker', 'buildah'), 'IMAGE_BUILDER', probe).catch((e: unknown) => e);
  expect(error).toMatchObject({
    code: 'ImageBuilderCannotBuild',
    message: 'docker at /usr/bin/docker cannot build: `docker info --format {{.ServerVersion}}` failed (Cannot connect to the Docker daemon)',
  });
  expect((error as { fix: string }).fix).toContain('unset IMAGE_BUILDER');
});

test('no installed builder can build: every one is named with why', async () => {
  const error = await detectBuilder(undefined, onPath('docker', 'finch'), 'IMAGE_BUILDER', probe).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'ImageBuilderCannotBuild' });
  expect((error as Error).message).toMatch(/^docker at \/usr\/bin\/docker cannot build: .*; finch at \/usr\/bin\/finch cannot build: /);
});

test('a chosen builder not on PATH, and none at all, are ImageBuilderMissing; an unknown one ImageBuilderUnknown', async () => {
  await expect(detectBuilder('podman', onPath('docker'), '--builder', probe)).rejects.toMatchObject({ code: 'ImageBuilderMissing', message: '--builder=podman, but podman is not on PATH' });
  await expect(detectBuilder(undefined, onPath(), 'IMAGE_BUILDER', probe)).rejects.toMatchObject({ code: 'ImageBuilderMissing' });
  await expect(detectBuilder('kaniko', onPath('docker'), 'IMAGE_BUILDER', probe)).rejects.toMatchObject({ code: 'ImageBuilderUnknown' });
});
