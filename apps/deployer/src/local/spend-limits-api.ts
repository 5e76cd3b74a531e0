// The gateway's admin API for spend caps (gateway-config.md §6), as the cap demo calls it.
import { CagwError } from '@cagw/errors';

export interface SpendLimitsClient {
  /** sets (or replaces) a daily cap of `cents` for one user; returns the cap's id */
  capUser(userId: string, cents: string): Promise<string>;
  remove(id: string): Promise<void>;
}

export function spendLimitsClient(gatewayUrl: string, credentials: { apiKey: string } | { bearer: string }): SpendLimitsClient {
  const base = `${gatewayUrl.replace(/\/$/, '')}/v1/organizations/spend_limits`;
  const headers: Record<string, string> =
    'apiKey' in credentials ? { 'x-api-key': credentials.apiKey } : { authorization: `Bearer ${credentials.bearer}` };
  const failed = (what: string, status: number, text: string) =>
    new CagwError('AdminApiFailed', `the gateway's admin API refused to ${what}: ${status} ${text.trim().slice(0, 300)}`, {
      source: 'internal',
      where: base,
      fix: 'check that the profile turns spend caps on (ENABLE_SPEND_CAPS=true) and that cagw local still runs with the same state directory',
    });
  return {
    async capUser(userId, cents) {
      const response = await fetch(base, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ scope: { type: 'user', user_id: userId }, amount: cents, period: 'daily' }),
      });
      const text = await response.text();
      if (!response.ok) throw failed(`set a cap for ${userId}`, response.status, text);
      return (JSON.parse(text) as { id: string }).id;
    },
    async remove(id) {
      const response = await fetch(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE', headers });
      if (!response.ok) throw failed(`delete cap ${id}`, response.status, await response.text());
    },
  };
}
