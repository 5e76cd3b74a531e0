// The gateway's spend-limit admin API (gateway-config.md §6), everything `cagw caps` calls:
// list, create-or-replace, delete, the effective caps (which also name a subject's email), and
// the audit trail; and the cost report beside it (GET /v1/organizations/analytics/cost, in the
// pinned binary though not in the reference, read by `cagw report spend`). The key travels only
// in the x-api-key header, to the URL checkAdminUrl let through and nowhere else: a redirect is
// never followed; no message ever contains the key.
import { CagwError } from '@cagw/errors';
import { checkAdminUrl } from './admin-url.ts';
import { type CapCents, type CapPeriod } from '@cagw/profile';
import type { EffectiveSpend } from './cap-warnings.ts';

export type ApiScope = { type: 'organization' } | { type: 'rbac_group'; rbac_group_id: string } | { type: 'user'; user_id: string };

export interface LiveCap {
  id: string;
  scope: ApiScope;
  period: CapPeriod;
  /** whole cents, or null for an explicit "unlimited" */
  amount: CapCents;
}

/** One principal as the gateway knows them: OIDC subject, email, IdP groups. */
export interface KnownPrincipal {
  sub: string;
  email: string | null;
  groups: string[];
}

export interface AuditEvent {
  id: string;
  action: string;
  targetId: string;
}

export interface SpendLimitsAdmin {
  readonly url: string;
  list(): Promise<LiveCap[]>;
  /** creates or replaces the cap of {scope, period}; returns its id */
  upsert(scope: ApiScope, period: CapPeriod, amount: CapCents): Promise<string>;
  remove(id: string): Promise<void>;
  /** the principals with these subjects that the gateway has seen sign in */
  principals(subs: string[]): Promise<KnownPrincipal[]>;
  /** principals whose email matches exactly (case-insensitive), among those with recorded spend */
  principalsByEmail(email: string): Promise<KnownPrincipal[]>;
  /** audit events, newest first, newer than `afterId` */
  auditSince(afterId: number): Promise<AuditEvent[]>;
  newestAuditId(): Promise<number>;
  /** every principal's resolved cap and spend so far, per period (the effective caps, all pages) */
  effectiveSpend(): Promise<EffectiveSpend[]>;
  /** one page of the gateway's cost report (the Anthropic cost report shape); `query` as the gateway takes it */
  costReport(query: URLSearchParams): Promise<CostReportPage>;
}

export interface CostReportRow {
  starting_at: string;
  ending_at: string;
  group: { rbac_group_id: string | null; actor: { user_id: string; email_address: string | null } | null };
  /** amount: a decimal string in US cents */
  cost: { currency: string; amount: string };
}

export interface CostReportPage {
  data: CostReportRow[];
  has_more: boolean;
  next_page: string | null;
}

interface EffectiveRow {
  scope: { type: 'user'; user_id: string };
  groups?: string[];
  actor?: { email_address?: string | null };
  period?: CapPeriod;
  amount?: string | null;
  source?: ApiScope | null;
  /** cents, as a decimal string */
  period_to_date_spend?: string;
}

// While the tasks roll onto a rotated key, the load balancer sends each request to a task holding
// either key; a 401 is tried again (nothing was done on a 401) in this order of current (0) and
// previous (1), which never stays out of step with a round robin over two tasks.
const ROTATION_ORDER = [0, 1, 1, 0, 0, 1] as const;

// the API's own page limits (gateway-config.md §6: effective takes up to 1000, user_ids[] 100)
const LIST_PAGE = 100;
const SUBS_PER_CALL = 100;

/** `apiKey`: the key, or the current and the previous key while a rotation rolls out. */
export function spendLimitsAdmin(gatewayUrl: string, apiKey: string | readonly [string, string], fetchImpl: typeof fetch = fetch): SpendLimitsAdmin {
  const keys = typeof apiKey === 'string' ? [apiKey] : apiKey;
  checkAdminUrl(gatewayUrl, 'the gateway URL');
  const url = gatewayUrl.replace(/\/$/, '');
  const base = `${url}/v1/organizations/spend_limits`;
  const costBase = `${url}/v1/organizations/analytics/cost`;

  async function call(method: string, path: string, what: string, body?: unknown, root = base): Promise<unknown> {
    const order = keys.length > 1 ? ROTATION_ORDER : [0];
    let response = await send(method, `${root}${path}`, what, keys[0] as string, body);
    for (let attempt = 1; attempt < order.length && response.status === 401; attempt += 1) {
      await response.body?.cancel();
      response = await send(method, `${root}${path}`, what, keys[order[attempt] as number] as string, body);
    }
    return read(response, what, root);
  }

  async function send(method: string, target: string, what: string, key: string, body: unknown): Promise<Response> {
    try {
      return await fetchImpl(target, {
        method,
        // fetch would send x-api-key on to wherever a 3xx points (another origin included)
        redirect: 'manual',
        headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new CagwError('AdminApiUnreachable', `cannot reach the gateway's admin API at ${target.split('?')[0]} to ${what}: ${causeOf(error)}`, {
        source: 'user',
        where: url,
        fix: 'check the address (on the VPN where there is one; cagw verify checks the way there), or with --local that cagw local still runs',
        cause: error,
      });
    }
  }

  async function read(response: Response, what: string, root: string): Promise<unknown> {
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location') ?? '(no Location header)';
      await response.body?.cancel();
      throw new CagwError('AdminApiRedirected', `the gateway at ${url} answered ${response.status} to ${what}, redirecting to ${location}; cagw does not follow a redirect with the admin key`, {
        source: 'user',
        where: url,
        fix: `if ${location} is the gateway's real address, pass it as --url (https, the profile's host or a loopback tunnel); otherwise find what answers at ${url} instead of the gateway`,
      });
    }
    const text = await response.text();
    if (response.ok) return text === '' ? undefined : JSON.parse(text);
    throw refusal(response.status, text, what, root, keys.length > 1);
  }

  const principalOf = (row: EffectiveRow): KnownPrincipal => ({ sub: row.scope.user_id, email: row.actor?.email_address?.toLowerCase() ?? null, groups: row.groups ?? [] });
  const distinct = (rows: EffectiveRow[]) => [...new Map(rows.map((row) => [row.scope.user_id, principalOf(row)])).values()];

  return {
    url,
    async list() {
      const caps: LiveCap[] = [];
      let after: string | null = null;
      do {
        const query = new URLSearchParams({ limit: String(LIST_PAGE), ...(after ? { after_id: after } : {}) });
        const page = (await call('GET', `?${query}`, 'list the caps')) as { data: (LiveCap & { currency: string })[]; has_more: boolean; last_id: string | null };
        caps.push(...page.data.map(({ id, scope, period, amount }) => ({ id, scope, period, amount })));
        after = page.has_more ? page.last_id : null;
      } while (after);
      return caps;
    },
    async upsert(scope, period, amount) {
      const created = (await call('POST', '', `set the ${period} cap of ${describeScope(scope)}`, { scope, amount, period })) as { id: string };
      return created.id;
    },
    async remove(id) {
      await call('DELETE', `/${encodeURIComponent(id)}`, `delete cap ${id}`);
    },
    async principals(subs) {
      const found: EffectiveRow[] = [];
      for (let i = 0; i < subs.length; i += SUBS_PER_CALL) {
        const query = new URLSearchParams([['period[]', 'daily'], ['limit', '1000'], ...subs.slice(i, i + SUBS_PER_CALL).map((sub): [string, string] => ['user_ids[]', sub])]);
        found.push(...((await call('GET', `/effective?${query}`, 'read the effective caps')) as { data: EffectiveRow[] }).data);
      }
      // the gateway answers for any subject; one it never saw has no email and no groups
      return distinct(found).filter((principal) => principal.email !== null || principal.groups.length > 0);
    },
    async principalsByEmail(email) {
      const query = new URLSearchParams([['period[]', 'daily'], ['limit', '1000'], ['q', email]]);
      const rows = ((await call('GET', `/effective?${query}`, `look up ${email}`)) as { data: EffectiveRow[] }).data;
      return distinct(rows).filter((principal) => principal.email === email.toLowerCase());
    },
    async auditSince(afterId) {
      const events: AuditEvent[] = [];
      let before: string | null = null;
      for (;;) {
        const query = new URLSearchParams({ limit: String(LIST_PAGE), ...(before ? { after_id: before } : {}) });
        const page = (await call('GET', `/audit?${query}`, 'read the audit trail')) as { data: { id: string; action: string; target_id: string }[]; has_more: boolean };
        const newer = page.data.filter((event) => Number(event.id) > afterId);
        events.push(...newer.map((event) => ({ id: event.id, action: event.action, targetId: event.target_id })));
        if (!page.has_more || newer.length < page.data.length || page.data.length === 0) return events;
        before = page.data[page.data.length - 1]!.id;
      }
    },
    async effectiveSpend() {
      const rows: EffectiveSpend[] = [];
      let page: string | null = null;
      do {
        const query = new URLSearchParams([['limit', '1000'], ...(page ? [['page', page] as [string, string]] : [])]);
        const answer = (await call('GET', `/effective?${query}`, 'read the effective spend')) as { data: EffectiveRow[]; next_page: string | null };
        rows.push(...answer.data.map((row): EffectiveSpend => ({
          sub: row.scope.user_id,
          email: row.actor?.email_address?.toLowerCase() ?? null,
          period: row.period as CapPeriod,
          capCents: row.amount ?? null,
          source: row.source ?? null,
          spentCents: Number(row.period_to_date_spend ?? 0),
        })));
        page = answer.next_page;
      } while (page);
      return rows;
    },
    async costReport(query) {
      return (await call('GET', `?${query}`, 'read the cost report', undefined, costBase)) as CostReportPage;
    },
    async newestAuditId() {
      const page = (await call('GET', '/audit?limit=1', 'read the audit trail')) as { data: { id: string }[] };
      return page.data[0] ? Number(page.data[0].id) : 0;
    },
  };
}

export function describeScope(scope: ApiScope): string {
  if (scope.type === 'organization') return 'the organisation';
  return scope.type === 'rbac_group' ? `group ${scope.rbac_group_id}` : `user ${scope.user_id}`;
}

/** The gateway's refusal as what is wrong and the fix; a read-only key gets its own code. */
function refusal(status: number, text: string, what: string, where: string, bothKeys: boolean): CagwError {
  let detail = text.trim().slice(0, 300);
  try {
    const parsed = JSON.parse(text) as { error?: { type?: string; message?: string } };
    if (parsed.error?.message) detail = `${parsed.error.type ?? 'error'}: ${parsed.error.message}`;
  } catch {
    // not the API's JSON error: keep the start of the text
  }
  if (status === 403) {
    return new CagwError('AdminKeyReadOnly', `the gateway refused to ${what} with this admin key (${status} ${detail}): it is a read key, which may only look`, {
      source: 'user',
      where,
      fix: 'use the write key: GATEWAY_ADMIN_WRITE_KEY_ARN must name the secret the gateway has under admin.write_keys, not a read key',
    });
  }
  if (status === 401) {
    return new CagwError('AdminKeyRefused', `the gateway did not accept the admin key${bothKeys ? ' (neither the current nor the previous version of the secret)' : ''} to ${what} (${status} ${detail})`, {
      source: 'user',
      where,
      fix: 'the secret at GATEWAY_ADMIN_WRITE_KEY_ARN differs from the key the running gateway loaded: redeploy (cagw deploy) after rotating it, or with --local restart cagw local',
    });
  }
  if (status === 404) {
    return new CagwError('AdminApiOff', `the gateway has no admin API at ${where} (${status} ${detail})`, {
      source: 'user',
      where,
      fix: 'set ENABLE_SPEND_CAPS=true with GATEWAY_ADMIN_WRITE_KEY_ARN in the profile and deploy (or restart cagw local)',
    });
  }
  return new CagwError('AdminApiFailed', `the gateway's admin API refused to ${what}: ${status} ${detail}`, {
    source: status >= 500 ? 'internal' : 'user',
    where,
    fix: status >= 500 ? "look at the gateway's log (its database may be down: cagw verify names it) and run again" : 'correct the request named above and run again',
  });
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
