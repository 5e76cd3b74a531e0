// How far one developer's spend can pass a cap when many requests run at once (issue 25): the
// real pinned gateway with an admin write key, a daily user cap set a few requests above what
// the user has spent, then many parallel streams from that one user. Prints the cap, the spend
// after, the overshoot and how many requests the gateway let through or refused.
// Loopback only, bounded; everything it starts is stopped on every path.
//   nx run local-gateway:bench-caps [-- --parallel N] [-- --record FILE]
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { signInTestUser } from '../client/sign-in-test-user.ts';
import { startLocalGateway, type LocalGateway } from '../gateway/start-local-gateway.ts';
import { stopSharedServices } from '../lifecycle/shared-services.ts';
import { stubPacePrompt } from '../stub-upstream/stub-anthropic-upstream.ts';
import { twoGroupPolicyConfig } from '../test-support/gateway-configs.ts';
import { timedStream } from './load/timed-stream.ts';

const args = process.argv.slice(2);
const PARALLEL = args.includes('--parallel') ? Number(args[args.indexOf('--parallel') + 1]) : 30;
const recordAt = args.includes('--record') ? args[args.indexOf('--record') + 1] : undefined;
const HEADROOM_REQUESTS = 3;
const say = (line: string) => process.stdout.write(`${line}\n`);
const adminKey = `bench-${randomBytes(24).toString('base64url')}`;

let gateway: LocalGateway | undefined;
try {
  const config = { ...twoGroupPolicyConfig(), admin: { write_keys: [{ id: 'bench', key: '${CAGW_BENCH_ADMIN_KEY}' }] } };
  gateway = await startLocalGateway({ config, upstream: 'stub', keepSharedServices: true, env: { CAGW_BENCH_ADMIN_KEY: adminKey } });
  const gw = gateway;
  const user = gw.users[0]?.email ?? '';
  const token = (await signInTestUser(gw.url, user, { signInCode: gw.signInCode })).accessToken;
  const body = JSON.stringify({ model: 'claude-haiku-4-5', stream: true, max_tokens: 4000, messages: [{ role: 'user', content: `${stubPacePrompt({ tokens: 2000, perSecond: 500 })} go` }] });
  const send = () => timedStream({ url: `${gw.url}/v1/messages`, headers: { authorization: `Bearer ${token}` }, body, timeoutMs: 60_000 });
  const admin = async (method: string, path: string, payload?: unknown) => {
    const response = await fetch(`${gw.url}/v1/organizations/spend_limits${path}`, { method, headers: { 'x-api-key': adminKey, 'content-type': 'application/json' }, ...(payload ? { body: JSON.stringify(payload) } : {}) });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} spend_limits${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  };
  const spentCents = async (): Promise<number> => {
    const answer = JSON.stringify(await admin('GET', `/effective?user_ids[]=${encodeURIComponent(user)}&period[]=daily`));
    // the to-date spend of the user's daily period, in cents (a decimal string)
    const found = /"period_to_date_spend":\s*"(\d+(?:\.\d+)?)"/.exec(answer);
    if (!found) throw new Error(`no spend figure in the effective summary: ${answer.slice(0, 400)}`);
    return Number(found[1]);
  };

  const first = await send();
  if (!first.ok) throw new Error(`the first request failed: ${first.error}`);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // spend is recorded when the stream ends
  const perRequest = await spentCents();
  const cap = Math.ceil(perRequest * (1 + HEADROOM_REQUESTS));
  await admin('POST', '', { scope: { type: 'user', user_id: user }, amount: String(cap), period: 'daily' });
  say(`claude gateway ${gw.version}: one request costs ${perRequest} cents; daily cap for ${user} set to ${cap} cents (${HEADROOM_REQUESTS} more requests' worth)`);

  const results = await Promise.all(Array.from({ length: PARALLEL }, () => send()));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const spent = await spentCents();
  const passed = results.filter((r) => r.ok).length;
  const refused = results.filter((r) => !r.ok);
  const after = await send();
  const overshoot = Math.max(0, spent - cap);
  say(`${PARALLEL} parallel streams from one user: ${passed} completed, ${refused.length} refused${refused[0] ? ` (first: ${refused[0].error})` : ''}`);
  say(`spend ${spent} cents against a cap of ${cap}: overshoot ${overshoot} cents (${(overshoot / perRequest).toFixed(1)} requests' worth, ${Math.round((100 * overshoot) / cap)}% of the cap)`);
  say(`a request after the burst: ${after.ok ? 'completed (cap not enforced!)' : `refused: ${after.error}`}`);
  if (recordAt) await writeFile(recordAt, `${JSON.stringify({ gatewayVersion: gw.version, date: new Date().toISOString().slice(0, 10), parallel: PARALLEL, perRequestCents: perRequest, capCents: cap, spentCents: spent, overshootCents: overshoot, completed: passed, refused: refused.length, firstRefusal: refused[0]?.error, afterBurst: after.ok ? 'completed' : after.error }, null, 2)}\n`);
} finally {
  await gateway?.stop().catch(() => undefined);
  await stopSharedServices();
}
