// cagw status: each stack's state, the gateway service's tasks and rollout, target health
// and the URL.
import type { DeploymentStatus } from '../orchestrate/read-status.ts';
import { readStatus, type StatusClients } from '../orchestrate/read-status.ts';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import { defineCommand } from '../cli/command-spec.ts';
import { createDeployClients } from '../cli/deploy-aws-clients.ts';
import { formatTable } from '../cli/format-table.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import type { Settings } from '@cagw/profile';

export function makeStatusCommand(clientsFor: (s: Settings) => StatusClients = createDeployClients, env: NodeJS.ProcessEnv = process.env) {
  return defineCommand({
    name: 'status',
    summary: "Show each stack's state, the gateway's tasks and rollout, target health and the URL",
    details: 'Exit 0 when every stack is deployed and settled and every target is healthy, 1 otherwise.',
    flags: {
      profile: profileFlag,
      json: { type: 'boolean', desc: 'print { stacks, service, targets, gatewayUrl } as one JSON document' },
    },
    async run(flags, _positionals, io) {
      const settings = loadProfile(flags.profile, io, env);
      const { plan } = await planFromSettings(settings, { requireCollectorImage: false, profileName: profileName(flags.profile) });
      const status = await readStatus(plan, clientsFor(settings), settings.AWS_PROFILE);
      io.result(flags.json ? status : formatStatus(status));
      const settled = status.stacks.every((s) => /_COMPLETE$/.test(s.status) && !/ROLLBACK/.test(s.status));
      const healthy = !status.targets || status.targets.healthy === status.targets.total;
      return settled && healthy ? 0 : 1;
    },
  });
}

export function formatStatus(s: DeploymentStatus): string {
  const lines = [formatTable(['stack', 'status', 'last update'], s.stacks.map((x) => [x.name, x.status + (x.reason && /FAILED|ROLLBACK/.test(x.status) ? ` (${x.reason})` : ''), x.lastUpdated ?? '-']))];
  if (s.service) {
    lines.push('', `service  ${s.service.cluster}/${s.service.name}: ${s.service.running}/${s.service.desired} tasks running${s.service.pending ? `, ${s.service.pending} pending` : ''}; rollout ${s.service.rollout ?? 'unknown'}${s.service.rolloutReason ? ` (${s.service.rolloutReason})` : ''}`);
  }
  if (s.targets) {
    lines.push(`targets  ${s.targets.healthy}/${s.targets.total} healthy`);
    for (const t of s.targets.unhealthy) lines.push(`         ${t.id}: ${t.reason}`);
  }
  lines.push(`url      ${s.gatewayUrl ?? '(not deployed)'}`);
  return lines.join('\n');
}

export const statusCommand = makeStatusCommand();
