// Gateway warnings caused by the loopback stand-ins `cagw validate` boots against, not by the
// profile. The development issuer advertises offline_access, so the gateway's "scopes omit
// offline_access but the IdP advertises it" notice describes that issuer: whether the real IdP
// advertises it is unknown here (Cognito does not, and refuses the scope).
const LOOPBACK_ISSUER_NOTICES = [/oidc\.scopes omits offline_access but the IdP advertises it/];

/** true when a boot warning comes from the loopback issuer and says nothing about the deployment */
export function isLoopbackArtefact(warning: string): boolean {
  return LOOPBACK_ISSUER_NOTICES.some((notice) => notice.test(warning));
}
