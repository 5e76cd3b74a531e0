// What preflight found in the account that decides parameters: the NAT mode the region offers
// (or the live network stack already uses), and whether ECR_REPO already exists outside the
// network stack, and the MFA mode a live Cognito pool can take. A plan made without preflight
// (cagw plan) assumes regional NAT, a new repository and the profile's MFA mode.
import type { CheckResult } from '@cagw/preflight';
import type { DeployFacts } from './plan-deployment.ts';

export function deployFactsOf(results: readonly CheckResult[]): DeployFacts {
  const data = (id: string) => results.find((r) => r.id === id)?.data ?? {};
  const natMode = data('network.regional-nat').natMode;
  const repository = data('image.repository').imageRepository;
  const mfaMode = data('cognito.mfa').mfaMode;
  return {
    ...(mfaMode === 'ON' || mfaMode === 'OPTIONAL' || mfaMode === 'OFF' ? { mfaMode } : {}),
    ...(natMode === 'regional' || natMode === 'zonal' ? { natMode } : {}),
    ...(repository === 'adopt' || repository === 'create' ? { adoptImageRepository: repository === 'adopt' } : {}),
  };
}
