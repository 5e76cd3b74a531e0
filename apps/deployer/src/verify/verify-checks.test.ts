// Issue 22: one cause is one failure. A check whose prerequisite failed is skipped because of it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { verifyGateway } from './verify-checks.ts';

const noDns = async (host: string): Promise<string[]> => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};
const statusOf = (results: { id: string; status: string; message: string }[]) => Object.fromEntries(results.map((r) => [r.id, r.status === 'skip' ? r.message : r.status]));

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** a gateway on loopback answering each path with the given status (and the landing page's version) */
async function gateway(statuses: Record<string, number>): Promise<string> {
  server = createServer((request, response) => {
    const status = statuses[request.url ?? ''] ?? 404;
    response.writeHead(status, { 'content-type': 'text/plain' }).end(request.url === '/' ? 'Version 2.1.330' : '{}');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

test('with no DNS, the name is the one failure and every check of the gateway is skipped because of it; the IdP is checked apart', async () => {
  const issuer = await gateway({});
  const results = await verifyGateway({ url: 'https://claude.gateway.example.com', expectedVersion: '2.1.330', issuer, scopes: ['openid'] }, new Date(), noDns);
  expect(statusOf(results)).toEqual({
    'dns-private': 'fail',
    tls: 'skipped: needs dns-private',
    healthz: 'skipped: needs dns-private',
    readyz: 'skipped: needs dns-private',
    version: 'skipped: needs dns-private',
    'issuer-discovery': 'fail',
    'device-authorization': 'skipped: needs dns-private',
    'managed-settings-guarded': 'skipped: needs dns-private',
  });
  expect(results.find((r) => r.id === 'healthz')).toMatchObject({ needs: 'dns-private', fix: 'fix dns-private first (above)' });
  expect(results.find((r) => r.id === 'dns-private')?.message).toContain('does not resolve: ENOTFOUND');
});

test('a gateway whose database is down fails /readyz alone: the sign-in that needs it is skipped, what does not need it still runs', async () => {
  const url = await gateway({ '/healthz': 200, '/readyz': 503, '/': 200, '/managed/settings': 401 });
  const results = await verifyGateway({ url, expectedVersion: '2.1.330', issuer: undefined, scopes: ['openid'] });
  expect(statusOf(results)).toMatchObject({
    'dns-private': 'pass', tls: expect.stringContaining('plain HTTP on loopback'), healthz: 'pass', readyz: 'fail', version: 'pass',
    'device-authorization': 'skipped: needs readyz', 'managed-settings-guarded': 'pass',
  });
});

test('a gateway process that does not answer is one failure at /healthz', async () => {
  const url = await gateway({});
  server!.close();
  server = undefined;
  const results = await verifyGateway({ url, expectedVersion: '2.1.330', issuer: undefined, scopes: ['openid'] });
  expect(results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['healthz']);
  expect(statusOf(results)).toMatchObject({ readyz: 'skipped: needs healthz', version: 'skipped: needs healthz', 'managed-settings-guarded': 'skipped: needs healthz' });
});
