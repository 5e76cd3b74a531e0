import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { imageBuilder } from './image-builder.ts';

test('podman counts as a builder when docker is missing', async () => {
  const r = await runOne(imageBuilder, settingsFrom({}), { findExecutable: async (n) => (n === 'podman' ? '/usr/bin/podman' : undefined) });
  expect(r).toMatchObject({ status: 'pass', message: 'podman found at /usr/bin/podman' });
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
