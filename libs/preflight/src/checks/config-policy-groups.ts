// Group names in policies must look like what the IdP emits: Entra sends group object ids
// (GUIDs), everyone else names. A mismatch means the policy silently never matches.
import { pass, warn, type PreflightCheck } from '../check.ts';
import { GUID, idpKindOf } from './idp-kind.ts';

export const configPolicyGroups: PreflightCheck = {
  id: 'config.policy-groups',
  title: 'policy group names match what the IdP emits',
  needs: 'offline',
  reads: ['POLICIES_FILE', 'DENY_TOOL_GROUP', 'ADMIN_GROUPS', 'OIDC_ISSUER', 'GROUPS_CLAIM'],
  async run({ settings }) {
    const groups = [...new Set([...settings.policies.flatMap((p) => p.groups), ...(settings.ADMIN_GROUPS ?? [])])];
    if (groups.length === 0) return pass('no policy names a group');
    const kind = idpKindOf(settings);
    // Entra app roles (groups_claim roles) are names, not object ids.
    const expectGuids = kind === 'entra' && settings.GROUPS_CLAIM === 'groups';
    const mismatched = groups.filter((g) => GUID.test(g) !== expectGuids);
    if (mismatched.length === 0) return pass(`${groups.length} group name(s) look like ${expectGuids ? 'Entra object ids' : 'group names'}`);
    return expectGuids
      ? warn(`Entra emits group object ids, but these groups are names: ${mismatched.join(', ')}`, 'use the groups\' object ids (Entra admin center → Groups → Object ID), or app roles with GROUPS_CLAIM=roles')
      : warn(`these groups look like Entra object ids, but the IdP (${kind}) emits names: ${mismatched.join(', ')}`, 'use the group names your IdP puts in the groups claim');
  },
};
