// The distribution API client against a registry stand-in on 127.0.0.1 that behaves like the
// token-protected public registries: 401 with a Bearer challenge, then a token from its realm.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseImageReference } from './image-reference.ts';
import { resolveManifestDigest } from './registry-client.ts';

const MANIFEST = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] });
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const TOKEN = 'anonymous-pull-token';
let server: Server;
let registry: string;
const seen: { url: string; accept?: string; authorization?: string }[] = [];
let sendDigestHeader = true;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', accept: request.headers.accept, authorization: request.headers.authorization });
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      const ok = url.searchParams.get('service') === 'registry.test' && url.searchParams.get('scope') === 'repository:library/debian:pull';
      response.writeHead(ok ? 200 : 400, { 'Content-Type': 'application/json' }).end(JSON.stringify(ok ? { token: TOKEN } : {}));
      return;
    }
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      response.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${registry}/token",service="registry.test",scope="repository:library/debian:pull"` }).end();
      return;
    }
    if (url.pathname !== '/v2/library/debian/manifests/bookworm-slim') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json', ...(sendDigestHeader ? { 'Docker-Content-Digest': DIGEST } : {}) }).end(request.method === 'HEAD' ? undefined : MANIFEST);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('asks anonymously, follows the Bearer challenge, and returns the digest the registry reports', async () => {
  seen.length = 0;
  expect(await resolveManifestDigest(parseImageReference(`${registry}/library/debian:bookworm-slim`, 'BASE_IMAGE'))).toBe(DIGEST);
  expect(seen.map((s) => s.url)).toEqual(['/v2/library/debian/manifests/bookworm-slim', '/token?service=registry.test&scope=repository%3Alibrary%2Fdebian%3Apull', '/v2/library/debian/manifests/bookworm-slim']);
  // an index first: the digest pinned is the one every platform shares
  expect(seen[0]!.accept?.split(', ')[0]).toBe('application/vnd.oci.image.index.v1+json');
});

test('without a Docker-Content-Digest header, the digest is the SHA-256 of the manifest bytes', async () => {
  sendDigestHeader = false;
  try {
    expect(await resolveManifestDigest(parseImageReference(`${registry}/library/debian:bookworm-slim`, 'BASE_IMAGE'))).toBe(DIGEST);
  } finally {
    sendDigestHeader = true;
  }
});

test('a tag the registry does not have is ImageNotFound, naming the image', async () => {
  await expect(resolveManifestDigest(parseImageReference(`${registry}/library/debian:trixie`, 'BASE_IMAGE'))).rejects.toMatchObject({
    code: 'ImageNotFound', message: `${registry}/library/debian:trixie does not exist in ${registry}`,
  });
});

test('a registry that is not on this machine is asked over https only', async () => {
  const urls: string[] = [];
  const recordingFetch = (async (url: string | URL) => {
    urls.push(String(url));
    throw new Error('offline');
  }) as typeof fetch;
  await expect(resolveManifestDigest(parseImageReference('public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3', 'COLLECTOR_IMAGE'), { fetch: recordingFetch })).rejects.toMatchObject({ code: 'RegistryUnreachable' });
  expect(urls).toEqual(['https://public.ecr.aws/v2/aws-observability/aws-otel-collector/manifests/v0.43.3']);
});
