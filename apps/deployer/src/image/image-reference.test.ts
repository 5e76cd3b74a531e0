import { CagwError } from '@cagw/errors';
import { describe, expect, test } from 'vitest';
import { formatImageReference, isLoopbackRegistry, parseImageReference } from './image-reference.ts';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  test.each([
    ['debian:bookworm-slim', { registry: 'registry-1.docker.io', repository: 'library/debian', tag: 'bookworm-slim' }],
    ['grafana/otel-lgtm:0.8.1', { registry: 'registry-1.docker.io', repository: 'grafana/otel-lgtm', tag: '0.8.1' }],
    ['public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3', { registry: 'public.ecr.aws', repository: 'aws-observability/aws-otel-collector', tag: 'v0.43.3' }],
    [`127.0.0.1:5000/debian@${DIGEST}`, { registry: '127.0.0.1:5000', repository: 'debian', digest: DIGEST }],
    [`localhost/cagw-gateway:2.1.330@${DIGEST}`, { registry: 'localhost', repository: 'cagw-gateway', tag: '2.1.330', digest: DIGEST }],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway', { registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com', repository: 'claude-apps-gateway' }],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text, 'BASE_IMAGE')).toEqual(expected);
  });

  test.each([
    ['debian@sha256:abc', /the digest sha256:abc is not sha256: followed by 64/],
    ['Debian:bookworm', /the repository name library\/Debian is not lower-case/],
    ['debian:-bad', /the tag -bad has characters a tag cannot hold/],
  ])('refuses %s, naming the variable and the form to use', (text, why) => {
    const error = (() => {
      try {
        return parseImageReference(text, '--base');
      } catch (e) {
        return e;
      }
    })();
    expect(CagwError.is(error) && error.where).toBe('--base');
    expect((error as Error).message).toMatch(why);
    expect((error as CagwError).fix).toContain('registry/repository@sha256:');
  });

  test('formats back what it parsed', () => {
    expect(formatImageReference(parseImageReference(`127.0.0.1:5000/team/gw:1@${DIGEST}`, 'x'))).toBe(`127.0.0.1:5000/team/gw:1@${DIGEST}`);
  });
});

test('only a registry on this machine counts as loopback (plain http is allowed there only)', () => {
  expect(['127.0.0.1:5000', '127.9.0.1', 'localhost:5000', '[::1]:5000'].map(isLoopbackRegistry)).toEqual([true, true, true, true]);
  expect(['127.0.0.1.example.com', 'registry.example.com:5000', '10.0.0.1:5000', 'localhost.example.com'].map(isLoopbackRegistry)).toEqual([false, false, false, false]);
});
