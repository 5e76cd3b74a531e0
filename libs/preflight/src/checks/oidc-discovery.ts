// The gateway loads the issuer's discovery document at boot and crash-loops when it cannot, or
// when its `issuer` differs from the configured one (a trailing slash is enough).
import type { Settings } from '@cagw/profile';
import { combineOutcomes, fail, warn, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { errorMessage } from '../aws-failure.ts';

/** The issuer the gateway will be configured with, when it is known before deploying. */
export function expectedIssuer(s: Pick<Settings, 'idpMode' | 'OIDC_ISSUER' | 'COGNITO_POOL_ID'>): string | undefined {
  if (s.idpMode === 'byo') return s.OIDC_ISSUER;
  if (s.idpMode === 'existing-cognito' && s.COGNITO_POOL_ID) return `https://cognito-idp.${s.COGNITO_POOL_ID.split('_')[0]}.amazonaws.com/${s.COGNITO_POOL_ID}`;
  return undefined;
}

/** fetch's own message is "fetch failed"; the cause (ENOTFOUND, ECONNREFUSED…) says more. */
function networkCause(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? errorMessage(e);
}

interface Discovery {
  issuer?: unknown;
  authorization_endpoint?: unknown;
  token_endpoint?: unknown;
  jwks_uri?: unknown;
  scopes_supported?: unknown;
  response_modes_supported?: unknown;
}

export const oidcDiscovery: PreflightCheck = {
  id: 'oidc.discovery',
  title: 'the issuer\'s discovery document matches the configuration',
  needs: 'network',
  reads: ['IDP_MODE', 'OIDC_ISSUER', 'COGNITO_POOL_ID', 'OIDC_SCOPES'],
  skipReason: (s) => (expectedIssuer(s) ? undefined : 'IDP_MODE=new-cognito: the pool and its issuer are created by the idp stack'),
  async run({ fetch, settings: s, rendered, signal }) {
    const issuer = expectedIssuer(s) ?? '';
    if (!issuer.startsWith('https://')) return fail(`the issuer ${issuer} is not https`, 'use the https:// issuer URL of your IdP');
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let doc: Discovery;
    try {
      const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
      if (!response.ok) return fail(`${url} answered HTTP ${response.status}`, 'check OIDC_ISSUER: it must be the exact issuer URL whose /.well-known/openid-configuration your IdP serves');
      doc = (await response.json()) as Discovery;
    } catch (e) {
      // Unreachable from here proves nothing about the configuration (a laptop offline, a
      // proxy): a warning. An answer that is wrong (below) is a failure.
      return warn(`${url} could not be reached from here (${networkCause(e)}), so the issuer is not proven`, 'check OIDC_ISSUER, and re-run where the IdP is reachable; the gateway must reach it from its subnets (through the NAT)');
    }
    const found: CheckOutcome[] = [];
    if (doc.issuer !== issuer) {
      const slashOnly = typeof doc.issuer === 'string' && doc.issuer.replace(/\/$/, '') === issuer.replace(/\/$/, '');
      found.push(fail(
        `the discovery document says issuer "${String(doc.issuer)}", but the configuration says "${issuer}"${slashOnly ? ' (only the trailing slash differs)' : ''}: the gateway rejects every token`,
        `set OIDC_ISSUER=${String(doc.issuer)} exactly`,
      ));
    }
    for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      const value = doc[key];
      if (typeof value !== 'string' || !value.startsWith('https://')) found.push(fail(`the discovery document's ${key} is ${JSON.stringify(value)}, not an https URL`, 'fix the IdP\'s configuration; the gateway needs https endpoints'));
    }
    const scopes = rendered?.config.oidc.scopes ?? s.OIDC_SCOPES ?? [];
    if (Array.isArray(doc.scopes_supported)) {
      const missing = scopes.filter((scope) => !(doc.scopes_supported as unknown[]).includes(scope));
      if (missing.length) found.push(warn(`the IdP does not list scope(s) ${missing.join(', ')} in scopes_supported; sign-in may fail with invalid_scope`, `remove ${missing.join(', ')} from OIDC_SCOPES, or enable them at the IdP`));
    }
    if (Array.isArray(doc.response_modes_supported) && !doc.response_modes_supported.includes('query')) {
      found.push(fail('the IdP does not support response_mode=query, which the gateway requests', 'enable the query response mode at the IdP'));
    }
    return combineOutcomes(found, `${url} loads; issuer, endpoints and scopes match`);
  },
};
