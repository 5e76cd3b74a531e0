// Which IdP an issuer URL belongs to, for its known quirks.
import type { Settings } from '@cagw/profile';

export type IdpKind = 'cognito' | 'entra' | 'okta-org' | 'okta-custom' | 'google' | 'other';

export function idpKindOf(settings: Pick<Settings, 'idpMode' | 'OIDC_ISSUER'>): IdpKind {
  if (settings.idpMode !== 'byo') return 'cognito';
  const issuer = settings.OIDC_ISSUER ?? '';
  let host: string;
  let path: string;
  try {
    ({ hostname: host, pathname: path } = new URL(issuer));
  } catch {
    return 'other';
  }
  if (/^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/.test(host)) return 'cognito';
  if (host === 'login.microsoftonline.com' || host.endsWith('.ciamlogin.com') || host === 'sts.windows.net') return 'entra';
  if (host === 'accounts.google.com') return 'google';
  if (/\.(okta|oktapreview|okta-emea)\.com$/.test(host)) return path.startsWith('/oauth2/') ? 'okta-custom' : 'okta-org';
  return 'other';
}

/** Entra emits group object ids (GUIDs) in the groups claim, not names. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
