// A VPN user's name is the common name of their certificate and the stem of their files under
// pki/clients/. The rule is the profile catalogue's (VPN_CLIENT_NAME), so a name the profile
// accepts is one `cagw vpn add-user` accepts, and the other way round.
import { CagwError } from '@cagw/errors';
import { variableCatalog } from '@cagw/profile';

/** What is wrong with NAME as a VPN user name (the value and the rule), or undefined when it is fine. */
export function clientNameProblem(name: string): { message: string; fix: string } | undefined {
  const parsed = variableCatalog.VPN_CLIENT_NAME.type.parse(name);
  return parsed.ok ? undefined : { message: `VPN user name "${name}" ${parsed.message}`, fix: parsed.fix };
}

export function assertClientName(name: string, where = 'NAME'): void {
  const problem = clientNameProblem(name);
  if (problem) throw new CagwError('VpnClientNameInvalid', problem.message, { source: 'user', where, fix: problem.fix });
}
