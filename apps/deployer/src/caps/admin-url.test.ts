// The admin write key goes only over https (plain http on loopback, as cagw local serves), and
// only to the profile's gateway or a loopback tunnel; a redirect is never followed with it.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { deployedAdminTarget } from './admin-target.ts';
import { checkAdminUrl } from './admin-url.ts';
import { spendLimitsAdmin } from './spend-limits-admin.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/admin-key-AbCdEf';
const KEY = 'k3y-'.repeat(10);
const settings = { ENABLE_SPEND_CAPS: true, GATEWAY_ADMIN_WRITE_KEY_ARN: ARN, AWS_REGION: 'us-east-1', AWS_PROFILE: undefined, publicUrl: 'https://claude.internal.example.com' };

const codeOf = (error: unknown) => (CagwError.is(error) ? [error.code, error.where] : error);

test.each([
  ['http://claude.internal.example.com', /not https/],
  ['http://10.0.0.5:8080', /not https/],
  ['https://attacker.example.net', /not the profile's gateway/],
  ['https://user:pw@claude.internal.example.com', /user name or password/],
  ['claude.internal.example.com', /not a URL/],
])('--url %s is refused before the key is read', async (url, why) => {
  let reads = 0;
  const error = await deployedAdminTarget(settings, url, async () => {
    reads += 1;
    return KEY;
  }).catch((e: unknown) => e);
  expect(codeOf(error)).toEqual(['AdminUrlRefused', '--url']);
  expect((error as CagwError).message).toMatch(why);
  expect((error as CagwError).fix).toBeTruthy();
  expect(reads).toBe(0);
});

test('a profile whose own gateway URL is plain http over the network is refused too, before the key is read', async () => {
  let reads = 0;
  const error = await deployedAdminTarget({ ...settings, publicUrl: 'http://claude.internal.example.com' }, undefined, async () => String(++reads)).catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe('AdminUrlRefused');
  expect(reads).toBe(0);
});

test('https to the profile host, and http or https to a loopback tunnel, are accepted', () => {
  for (const url of ['https://claude.internal.example.com:8443', 'http://127.0.0.1:4000', 'https://127.0.0.1:8443', 'http://localhost:4000', 'http://[::1]:4000']) {
    expect(checkAdminUrl(url, '--url', settings.publicUrl).href).toContain(new URL(url).host);
  }
});

test('the admin client itself refuses plain http to another machine', () => {
  expect(() => spendLimitsAdmin('http://claude.internal.example.com', KEY)).toThrow(expect.objectContaining({ code: 'AdminUrlRefused' }));
});

describe('a gateway answering with a redirect', () => {
  const seenElsewhere: IncomingHttpHeaders[] = [];
  let gateway: Server;
  let elsewhere: Server;
  const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const listen = (server: Server) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));

  beforeAll(async () => {
    // another origin (another port), which must never see the key
    elsewhere = createServer((request, response) => {
      seenElsewhere.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [], has_more: false, last_id: null }));
    });
    await listen(elsewhere);
    gateway = createServer((_request, response) => response.writeHead(307, { location: `${urlOf(elsewhere)}/v1/organizations/spend_limits` }).end());
    await listen(gateway);
  });
  afterAll(async () => {
    for (const server of [gateway, elsewhere]) await new Promise((resolve) => server.close(resolve));
  });

  test('is not followed: the other origin gets no request, the error names the Location', async () => {
    const error = await spendLimitsAdmin(urlOf(gateway), KEY).list().catch((e: unknown) => e);
    expect(CagwError.is(error) && error.code).toBe('AdminApiRedirected');
    expect((error as CagwError).message).toContain(`307`);
    expect((error as CagwError).message).toContain(`redirecting to ${urlOf(elsewhere)}/v1/organizations/spend_limits`);
    expect(`${(error as CagwError).message} ${(error as CagwError).fix}`).not.toContain(KEY);
    expect(seenElsewhere).toEqual([]);
  });
});
