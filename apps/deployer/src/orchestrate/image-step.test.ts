// The image step with a fake `docker` on PATH (a script that records its arguments and stdin)
// and a fake ECR: the tag is immutable and reused, the password travels only on stdin.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeImagesCommand, ECRClient, ECRServiceException, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { CagwError } from '@cagw/errors';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, expect, test } from 'vitest';
import { builderFor } from '../image/builders.ts';
import { parseImageReference } from '../image/image-reference.ts';
import { imageStep, imageTag } from './image-step.ts';

const dir = mkdtempSync(join(tmpdir(), 'cagw-image-'));
const bin = join(dir, 'bin');
const context = join(dir, 'context');
const log = join(dir, 'docker.log');
const pushed = join(dir, 'pushed');
const PASSWORD = 's3cr3t-ecr-password';
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway';
const ecrMock = mockClient(ECRClient);
const ecr = new ECRClient({ region: 'us-east-1' });

mkdirSync(bin, { recursive: true });
mkdirSync(context, { recursive: true });
writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\n');
writeFileSync(join(bin, 'docker'), `#!/bin/bash
# a stand-in for docker: records argv and stdin, fails a build when FAIL_BUILD is set
printf 'argv:%s\\n' "$*" >> "${log}"
if [[ "$1" == login ]]; then printf 'stdin:%s\\n' "$(cat)" >> "${log}"; fi
if [[ "$1" == build && -n "\${FAIL_BUILD:-}" ]]; then echo "failed to solve: base image not found" >&2; exit 1; fi
if [[ "$1" == build && -n "\${CAGW_FAKE_DOCKER_LIST_CONTEXT:-}" ]]; then (cd "\${@: -1}" && find . -type f | sed 's|^./|context-file:|') >> "${log}"; fi
if [[ "$1" == push ]]; then touch "${pushed}"; fi
exit 0
`);
chmodSync(join(bin, 'docker'), 0o755);

beforeEach(() => {
  rmSync(log, { force: true });
  rmSync(pushed, { force: true });
  ecrMock.reset();
  ecrMock.onAnyCommand().rejects(new Error('unexpected ECR call'));
  ecrMock.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [{ authorizationToken: Buffer.from(`AWS:${PASSWORD}`).toString('base64') }] });
  ecrMock.on(DescribeImagesCommand).callsFake(async () => {
    if (!existsSync(pushed)) throw new ECRServiceException({ name: 'ImageNotFoundException', $fault: 'client', $metadata: {}, message: 'not found' });
    return { imageDetails: [{ imageDigest: `sha256:${'c'.repeat(64)}` }] };
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE_DIGEST = `sha256:${'d'.repeat(64)}`;
const image = (extraCaFiles: string[] = [], baseName = 'debian:bookworm-slim') => ({
  contextDir: context, base: { ...parseImageReference(baseName, 'BASE_IMAGE'), digest: BASE_DIGEST }, baseName, extraCaFiles,
});
const step = (env: Record<string, string> = {}) => imageStep({
  ecr, builder: builderFor('docker'), image: image(), env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env },
});
const inputs = { RepositoryUri: REPO, ClaudeVersion: '2.1.330', Architecture: 'ARM64' };

test('builds for the task architecture, pushes an immutable tag and returns the digest-pinned URI', async () => {
  expect(await step().find(inputs)).toBeUndefined();
  const out = await step().run(inputs);
  expect(out.ImageUri).toBe(`${REPO}@sha256:${'c'.repeat(64)}`);
  expect(out.ImageTag).toMatch(/^2\.1\.330-[0-9a-f]{12}$/);
  const recorded = readFileSync(log, 'utf8');
  expect(recorded).toContain(`argv:build --platform linux/arm64 --build-arg BASE_DIGEST=sha256:${'d'.repeat(64)} --build-arg CLAUDE_VERSION=2.1.330 --tag ${REPO}:${out.ImageTag}`);
  expect(recorded).toContain(`argv:push ${REPO}:${out.ImageTag}`);
  // the password reaches docker on stdin only
  expect(recorded).toContain(`stdin:${PASSWORD}`);
  expect(recorded.split('\n').filter((l) => l.startsWith('argv:')).join('\n')).not.toContain(PASSWORD);
});

test('a tag that exists is found and reused: nothing is built', async () => {
  writeFileSync(pushed, '');
  const found = await step().find(inputs);
  expect(found?.ImageUri).toBe(`${REPO}@sha256:${'c'.repeat(64)}`);
  expect(existsSync(log)).toBe(false);
});

test('IMAGE_TAG from the profile wins over the derived tag', async () => {
  const out = await step().run({ ...inputs, ImageTag: 'release-7' });
  expect(out.ImageTag).toBe('release-7');
  expect(readFileSync(log, 'utf8')).toContain(`argv:push ${REPO}:release-7`);
});

test('the tag changes when an image input changes, and not otherwise', () => {
  const before = imageTag(context, '2.1.330', 'X86_64', 'sha256:x');
  expect(imageTag(context, '2.1.330', 'X86_64', 'sha256:x')).toBe(before);
  expect(imageTag(context, '2.1.330', 'ARM64', 'sha256:x')).not.toBe(before);
  writeFileSync(join(context, 'entrypoint.sh'), '#!/bin/bash\n');
  expect(imageTag(context, '2.1.330', 'X86_64', 'sha256:x')).not.toBe(before);
  rmSync(join(context, 'entrypoint.sh'));
});

test('a failed build names the builder and its last error lines', async () => {
  const error = await step({ FAIL_BUILD: '1' }).run(inputs).catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe('ImageBuildFailed');
  expect((error as Error).message).toContain('base image not found');
  expect(existsSync(pushed)).toBe(false);
});

test('COLLECTOR_CA_PEM is baked into extra-ca/ of the build context and is part of the tag', async () => {
  const ca = join(dir, 'collector-ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const withCa = imageStep({
    ecr, builder: builderFor('docker'), image: image([ca]),
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, CAGW_FAKE_DOCKER_LIST_CONTEXT: '1' },
  });
  const out = await withCa.run(inputs);
  expect(out.ImageTag).not.toBe(imageTag(context, '2.1.330', 'ARM64', `sha256:${'d'.repeat(64)}`));
  const recorded = readFileSync(log, 'utf8');
  expect(recorded).toContain('context-file:extra-ca/collector-ca.pem');
  expect(recorded).toContain('context-file:Dockerfile');
  // the staged copy is removed after the build, and the repository's own folder is untouched
  const staged = /argv:build .* (\S+)\n/.exec(recorded)![1]!;
  expect(existsSync(staged)).toBe(false);
  expect(existsSync(join(context, 'extra-ca', 'collector-ca.pem'))).toBe(false);
});

test('a base from a mirror is passed as BASE_IMAGE; the default base is left to the Dockerfile', async () => {
  const mirrored = imageStep({
    ecr, builder: builderFor('docker'), image: image([], 'mirror.example.com/debian:bookworm-slim'), env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  await mirrored.run(inputs);
  expect(readFileSync(log, 'utf8')).toContain(`argv:build --platform linux/arm64 --build-arg BASE_IMAGE=mirror.example.com/debian:bookworm-slim --build-arg BASE_DIGEST=${BASE_DIGEST}`);
});

test('podman and buildah build in the Docker format (OCI would drop SHELL and HEALTHCHECK) and push with a digest file', async () => {
  writeFileSync(join(bin, 'buildah'), `#!/bin/bash
printf 'argv:%s\\n' "$*" >> "${log}"
if [[ "$1" == login ]]; then printf 'stdin:%s\\n' "$(cat)" >> "${log}"; fi
if [[ "$1" == push ]]; then touch "${pushed}"; printf 'sha256:%s' "${'f'.repeat(64)}" > "$3"; fi
exit 0
`);
  chmodSync(join(bin, 'buildah'), 0o755);
  const buildah = imageStep({ ecr, builder: builderFor('buildah', join(bin, 'buildah')), image: image(), env: process.env });
  const out = await buildah.run(inputs);
  const recorded = readFileSync(log, 'utf8');
  expect(recorded).toContain('argv:build --format docker --platform linux/arm64 ');
  expect(recorded).toContain(`argv:push --digestfile `);
  expect(recorded).toContain(` ${REPO}:${out.ImageTag} docker://${REPO}:${out.ImageTag}`);
  expect(recorded).toContain(`argv:login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com`);
  expect(recorded).toContain(`stdin:${PASSWORD}`);
});
