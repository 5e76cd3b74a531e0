// Which cagw templates a profile deploys.
import type { Settings } from '@cagw/profile';
import type { StackName } from '@cagw/cloudformation';

export function templatesOf(s: Pick<Settings, 'idpMode' | 'ENABLE_COLLECTOR' | 'ENABLE_VPN'>): StackName[] {
  const stacks: StackName[] = ['network', 'database', 'gateway'];
  if (s.idpMode === 'new-cognito') stacks.push('idp-cognito-new');
  if (s.idpMode === 'existing-cognito') stacks.push('idp-cognito-existing');
  if (s.ENABLE_COLLECTOR) stacks.push('collector');
  if (s.ENABLE_VPN) stacks.push('client-vpn');
  return stacks;
}
