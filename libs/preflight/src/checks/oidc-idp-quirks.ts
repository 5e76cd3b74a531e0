// Known IdP quirks that make sign-in fail or policies silently never match, flagged before
// deploying: read from the issuer URL, the requested scopes and the rendered oidc block.
import type { Settings } from '@cagw/profile';
import { combineOutcomes, fail, pass, warn, type CheckOutcome, type PreflightCheck, type PreflightRendered } from '../check.ts';
import { idpKindOf } from './idp-kind.ts';

const hasGroupPolicies = (s: Settings) => s.policies.some((p) => p.groups.length > 0) || (s.ADMIN_GROUPS?.length ?? 0) > 0;

function quirks(settings: Settings, rendered: PreflightRendered | undefined): CheckOutcome[] {
  const scopes = rendered?.config.oidc.scopes ?? settings.OIDC_SCOPES ?? [];
  const userinfoFallback = rendered?.config.oidc.userinfo_fallback === true;
  const out: CheckOutcome[] = [];
  switch (idpKindOf(settings)) {
    case 'cognito':
      for (const scope of ['offline_access', 'groups']) {
        if (scopes.includes(scope)) out.push(fail(`the gateway would request scope ${scope} (oidc.scopes), which Cognito rejects (sign-in fails with invalid_scope)`, `set OIDC_SCOPES without ${scope}, e.g. OIDC_SCOPES=openid,email,profile`));
      }
      if (settings.GROUPS_CLAIM !== 'cognito:groups' && hasGroupPolicies(settings)) {
        out.push(warn(`GROUPS_CLAIM=${settings.GROUPS_CLAIM}: Cognito puts groups in cognito:groups; another claim needs a pre-token-generation trigger (V2, for an array)`, 'set GROUPS_CLAIM=cognito:groups, or attach a V2 pre-token trigger that adds the claim'));
      }
      break;
    case 'entra':
      // The id_token stays authoritative, but a user over Entra's group limit (overage) gets
      // no groups claim, and userinfo cannot fill it: it has no groups.
      if (userinfoFallback) out.push(warn('userinfo_fallback is on with Entra, whose userinfo has no groups: users over the group limit (overage) sign in with no groups', 'turn userinfo_fallback off for Entra and use app roles (GROUPS_CLAIM=roles) or group filtering to stay under the limit'));
      break;
    case 'okta-org':
      if (hasGroupPolicies(settings) && !scopes.includes('groups')) out.push(warn('the Okta org authorization server sends thin id_tokens: groups come only when the groups scope is requested', 'add groups to OIDC_SCOPES'));
      if (!userinfoFallback) out.push(warn('the Okta org authorization server leaves email and groups out of the id_token; the gateway must read them from userinfo', 'enable userinfo_fallback, or use a custom authorization server (https://<org>.okta.com/oauth2/default)'));
      break;
    case 'google':
      if (hasGroupPolicies(settings)) out.push(warn('Google id_tokens have no groups claim, so group policies and ADMIN_GROUPS never match', 'configure google_groups (Workspace directory lookup) or rely on the catch-all policy'));
      break;
    default:
      break;
  }
  return out;
}

export const oidcIdpQuirks: PreflightCheck = {
  id: 'oidc.idp-quirks',
  title: 'no known IdP quirk breaks sign-in or groups',
  needs: 'offline',
  reads: ['IDP_MODE', 'OIDC_ISSUER', 'OIDC_SCOPES', 'GROUPS_CLAIM', 'POLICIES_FILE', 'ADMIN_GROUPS'],
  async run({ settings, rendered }) {
    const found = quirks(settings, rendered);
    return found.length ? combineOutcomes(found, '') : pass(`no known quirk applies to this ${idpKindOf(settings)} IdP`);
  },
};
