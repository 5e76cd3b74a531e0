// What the person needs after a deploy, as data: where the gateway is, what to register with
// the IdP, where to look, what to hand to developers, and the next three steps.
import type { DeployOutcome } from './deploy-plan.ts';

export interface SummaryInput {
  publicUrl: string;
  idpMode: 'new-cognito' | 'existing-cognito' | 'byo';
  region: string;
  vpn: boolean;
  /** where cagw wrote the client settings */
  clientSettingsDir: string;
  /** where the VPN client configuration goes */
  ovpnPath?: string | undefined;
  dashboards?: readonly string[];
}

export interface DeploySummary {
  gatewayUrl: string;
  idpCallbackUrl: string;
  registerCallback: boolean;
  hostedUiUrl: string | undefined;
  dashboards: string[];
  alarmTopicArn: string | undefined;
  ovpnPath: string | undefined;
  clientSettingsDir: string;
  nextSteps: string[];
}

export function deploySummary(outcome: Pick<DeployOutcome, 'outputs'>, input: SummaryInput): DeploySummary {
  const gatewayUrl = outcome.outputs.gateway?.GatewayUrl ?? input.publicUrl;
  const callback = `${input.publicUrl}/oauth/callback`;
  const dashboards = (input.dashboards ?? []).map((name) => `https://${input.region}.console.aws.amazon.com/cloudwatch/home?region=${input.region}#dashboards/dashboard/${encodeURIComponent(name)}`);
  return {
    gatewayUrl,
    idpCallbackUrl: callback,
    // the Cognito stacks register the callback themselves
    registerCallback: input.idpMode === 'byo',
    hostedUiUrl: outcome.outputs.idp?.HostedUiUrl,
    dashboards,
    alarmTopicArn: outcome.outputs.observability?.AlarmTopicArn,
    ovpnPath: input.vpn ? input.ovpnPath : undefined,
    clientSettingsDir: input.clientSettingsDir,
    nextSteps: [
      input.vpn ? `connect to the VPN with ${input.ovpnPath ?? 'the exported .ovpn'} (or your own network path to the VPC)` : 'make sure developer machines reach the VPC (corporate VPN, Direct Connect or peering) and resolve the gateway name privately',
      `push the files in ${input.clientSettingsDir} to developer machines with your MDM (README.txt says where each goes)`,
      input.idpMode === 'byo' ? `register ${callback} as a redirect URI of the gateway's OIDC client, then run: claude /login` : 'add developers to the user pool groups, then run: claude /login',
    ],
  };
}
