import { expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { spendLimitsAdmin } from './spend-limits-admin.ts';

const KEY = 'write-'.repeat(8);
const answer = (status: number, body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status });
const apiError = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: 'req_0a1b2c' });

test.each([
  [403, apiError('permission_error', 'read-only key'), 'AdminKeyReadOnly', /use the write key/],
  [401, apiError('authentication_error', 'invalid token'), 'AdminKeyRefused', /redeploy/],
  [404, apiError('not_found_error', 'no route'), 'AdminApiOff', /ENABLE_SPEND_CAPS=true/],
  [503, apiError('api_error', 'store unavailable'), 'AdminApiFailed', /database may be down/],
])('an answer %i becomes %s with its fix, and never carries the key', async (status, body, code, fix) => {
  const admin = spendLimitsAdmin('https://claude.internal.example.com', KEY, answer(status, body));
  const error = await admin.upsert({ type: 'organization' }, 'daily', '10000').catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe(code);
  expect((error as CagwError).fix).toMatch(fix);
  expect(`${(error as CagwError).message} ${(error as CagwError).fix} ${(error as CagwError).where}`).not.toContain(KEY);
});

test('the key travels only in the x-api-key header; amounts go as whole-cent strings', async () => {
  const seen: { url: string; headers: Record<string, string>; body: string | undefined }[] = [];
  const recording: typeof fetch = async (url, init) => {
    seen.push({ url: String(url), headers: init?.headers as Record<string, string>, body: init?.body as string | undefined });
    return new Response(JSON.stringify({ type: 'spend_limit', id: 'spl_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }), { status: 200 });
  };
  const id = await spendLimitsAdmin('https://claude.internal.example.com/', KEY, recording).upsert({ type: 'rbac_group', rbac_group_id: 'contractors' }, 'monthly', '5000');
  expect(id).toBe('spl_0a1b2c3d4e5f60718293a4b5c6d7e8f9');
  expect(seen[0]).toEqual({
    url: 'https://claude.internal.example.com/v1/organizations/spend_limits',
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ scope: { type: 'rbac_group', rbac_group_id: 'contractors' }, amount: '5000', period: 'monthly' }),
  });
  expect(seen[0]!.url).not.toContain(KEY);
});
