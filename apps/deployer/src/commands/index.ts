// Every cagw command, in the order `cagw --help` lists them. One file per command.
//
// The table is lazy on purpose: `cagw --help` needs only names and summaries, and each command
// imports only its own file when it runs, so `cagw render` never loads the AWS SDK.
// To add a command, add ONE line here (the summary must equal the one in the command's file;
// main.test.ts checks it):
//   { name: 'image', summary: 'Build the gateway image', load: async () => (await import('./image.ts')).imageCommand },
import type { CommandEntry } from '../cli/command-spec.ts';

export const commands: CommandEntry[] = [
  { name: 'profile', summary: 'Check a profile and show its resolved settings (or every problem with it)', load: async () => (await import('./profile.ts')).profileCommand },
  { name: 'render', summary: "Write the profile's gateway.yaml, its packed form and managed-settings.json (no AWS call)", load: async () => (await import('./render.ts')).renderCommand },
  { name: 'validate', summary: "Prove the profile's gateway config with the real gateway binary, booted on loopback", load: async () => (await import('./validate.ts')).validateCommand },
  { name: 'local', summary: "Run the real gateway on this machine with the profile's policies (no AWS, no Docker); 'local probe' shows what each user gets", load: async () => (await import('./local.ts')).localCommand },
  { name: 'dashboards', summary: 'Write the dashboards, alarms, saved queries and observability template of the profile, with SVG previews (no AWS call)', load: async () => (await import('./dashboards.ts')).dashboardsCommand },
  { name: 'lint-templates', summary: 'Check the CloudFormation templates against the AWS resource specification and the security baseline (no AWS call)', load: async () => (await import('./lint-templates.ts')).lintTemplatesCommand },
  { name: 'preflight', summary: 'Check the profile against the AWS account and the world before deploying', load: async () => (await import('./preflight.ts')).preflightCommand },
  { name: 'plan', summary: 'Show the stacks a profile deploys: templates, dependencies and every parameter (no AWS call)', load: async () => (await import('./plan.ts')).planCommand },
  { name: 'cost', summary: "Estimate the profile's monthly AWS bill per component, from its plan and the shipped price table (no AWS call)", load: async () => (await import('./cost.ts')).costCommand },
  { name: 'size', summary: 'Recommend MIN_TASKS, MAX_TASKS, task size and database class for a number of developers, from measured load (no AWS call)', load: async () => (await import('./size.ts')).sizeCommand },
  { name: 'iam-policy', summary: 'Print the least-privilege IAM policy that deploying, updating and destroying the profile needs (no AWS call)', load: async () => (await import('./iam-policy.ts')).iamPolicyCommand },
  { name: 'image', summary: "Build the profile's gateway image with docker, podman or buildah ('image build'), and push it", load: async () => (await import('./image.ts')).imageCommand },
  { name: 'pin', summary: "Pin the profile's base, database client and collector images to the digests their registries serve now", load: async () => (await import('./pin.ts')).pinCommand },
  { name: 'bootstrap', summary: "Create the account's cagw-bootstrap stack in the region: state bucket, CloudFormation execution role, optional GitHub deploy role", load: async () => (await import('./bootstrap.ts')).bootstrapCommand },
  { name: 'deploy', summary: 'Create or update every stack of the profile, after showing the change sets', load: async () => (await import('./deploy.ts')).deployCommand },
  { name: 'gateway', summary: 'Deploy only the gateway (with its network and database) for a bring-your-own IdP and collector', load: async () => (await import('./gateway.ts')).gatewayCommand },
  { name: 'status', summary: "Show each stack's state, the gateway's tasks and rollout, target health and the URL", load: async () => (await import('./status.ts')).statusCommand },
  { name: 'destroy', summary: 'Delete every stack of the profile (dependants first) after you type its stack prefix', load: async () => (await import('./destroy.ts')).destroyCommand },
  { name: 'client-settings', summary: 'Write managed-settings.json, a macOS .mobileconfig and a README of every step for developer machines', load: async () => (await import('./client-settings.ts')).clientSettingsCommand },
  { name: 'caps', summary: "Spend caps as code: plan, apply or export the gateway's caps from the profile's CAPS_FILE", load: async () => (await import('./caps.ts')).capsCommand },
  { name: 'report', summary: "Spend per user or group over the last days, from the gateway's own books (admin API)", load: async () => (await import('./report.ts')).reportCommand },
  { name: 'vpn', summary: 'Client VPN certificates, one per developer: add-user NAME, add-users --from FILE, revoke NAME, revoke-users --from FILE, list, crl', load: async () => (await import('./vpn.ts')).vpnCommand },
  { name: 'verify', summary: "Check a deployed gateway from a developer's seat: private name, TLS, health, version, IdP, sign-in", load: async () => (await import('./verify.ts')).verifyCommand },
  { name: 'upgrade', summary: 'Move the gateway to another Claude Code version: show what changes, validate, deploy once, keep the way back', load: async () => (await import('./upgrade.ts')).upgradeCommand },
  { name: 'rollback', summary: 'Return the gateway to the version and image it ran before the last cagw upgrade', load: async () => (await import('./rollback.ts')).rollbackCommand },
  { name: 'state', summary: "Move a profile's ./out/ state (VPN CA, rollback record) into the account's state bucket; list its deploy history", load: async () => (await import('./state.ts')).stateCommand },
];
