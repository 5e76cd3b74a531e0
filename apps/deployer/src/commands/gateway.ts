// cagw gateway: the gateway alone (the original's deploy.sh), for teams that bring their own
// IdP and collector: network, database and gateway stacks, with the same machinery as deploy.
import { defineCommand } from '../cli/command-spec.ts';
import { runDeployment, type DeploymentDeps } from '../cli/run-deployment.ts';
import { systemDeploymentDeps } from '../cli/system-deployment-deps.ts';
import { deploymentFlags } from './deploy.ts';

export function makeGatewayCommand(deps: () => DeploymentDeps = () => systemDeploymentDeps()) {
  return defineCommand({
    name: 'gateway',
    summary: 'Deploy only the gateway (with its network and database) for a bring-your-own IdP and collector',
    details: 'Needs IDP_MODE=byo (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET_ARN); COLLECTOR_ENDPOINT may name your own collector.',
    flags: deploymentFlags,
    run: (flags, _positionals, io) => runDeployment(flags, io, deps(), { gatewayOnly: true }),
  });
}

export const gatewayCommand = makeGatewayCommand();
