// The gateway reads groups from `oidc.groups_claim`: a flat claim name (`groups`,
// `cognito:groups`, `roles`) or an RFC 6901 JSON Pointer into nested claims.

/** The top-level claim that carries the groups, e.g. `resource_access` for `/resource_access/gateway/roles`. */
export function groupsClaimRoot(groupsClaim: string): string {
  return groupsClaim.startsWith('/') ? unescapePointerToken(groupsClaim.slice(1).split('/')[0] ?? '') : groupsClaim;
}

/** The claims object placing `groups` where the gateway will look for them. */
export function groupsClaimValue(groupsClaim: string, groups: string[]): Record<string, unknown> {
  if (!groupsClaim.startsWith('/')) return { [groupsClaim]: groups };
  const tokens = groupsClaim.slice(1).split('/').map(unescapePointerToken);
  return tokens.reduceRight<unknown>((inner, token) => ({ [token]: inner }), groups) as Record<string, unknown>;
}

function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
