// cagw iam-policy: the least-privilege IAM policy a person or CI needs to deploy, update and
// destroy a profile, with and without bootstrap, each statement with where its actions come
// from. Offline: ARNs name the account only when --account gives it.
import { defineCommand } from '../cli/command-spec.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { UsageError } from '../cli/usage-error.ts';
import { profilePolicies, type ProfilePolicies } from '../iam-policy/profile-policy.ts';

const USAGE_LINE = 'cagw iam-policy [--profile FILE] [--bootstrapped] [--account ID] [--json]';

function formatPolicies(p: ProfilePolicies): string {
  const why = (policy: string) => p.statements.filter((s) => s.policy === policy).flatMap((s) => [`  ${s.sid}:`, ...s.source.map((line) => `    ${line}`)]);
  return [
    `# the policy of whoever runs cagw deploy, update and destroy for this profile (${p.bootstrapped ? 'after cagw bootstrap' : 'without bootstrap'})`,
    JSON.stringify(p.deployer, null, 2),
    ...(p.executionRole ? ['', '# the CloudFormation execution role cagw bootstrap creates (for reference: bootstrap makes it)', JSON.stringify(p.executionRole, null, 2)] : []),
    '',
    '# where each action comes from',
    ...why('deployer'),
    ...(p.executionRole ? ['', '# execution role: the resource types (and templates) each service is for', ...why('execution-role')] : []),
  ].join('\n');
}

export const iamPolicyCommand = defineCommand({
  name: 'iam-policy',
  summary: 'Print the least-privilege IAM policy that deploying, updating and destroying the profile needs (no AWS call)',
  details: [
    'The actions are those the code of cagw deploy and destroy calls (read from its source), the',
    'image push, and, without bootstrap, the services of the resource types in the profile\'s',
    'templates (CloudFormation then acts with your credentials). With --bootstrapped, CloudFormation',
    'acts as the execution role cagw bootstrap made: the policy keeps CloudFormation on the',
    "profile's stacks, iam:PassRole of that role to CloudFormation only, the image push, the state",
    'bucket and the calls cagw makes itself. Attach it as a managed policy to the deploying role.',
    '',
    'Examples:',
    '  cagw iam-policy --profile profiles/my.env',
    '  cagw iam-policy --profile profiles/my.env --bootstrapped --account 123456789012 --json',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    bootstrapped: { type: 'boolean', desc: 'the policy after cagw bootstrap (CloudFormation acts as its execution role)' },
    account: { type: 'string', value: 'ID', desc: 'the 12-digit AWS account id to put in the ARNs (default: any account, *)' },
    json: { type: 'boolean', desc: 'print { bootstrapped, deployer, executionRole?, statements: [{ policy, sid, actions, source }], resourceTypes } as one JSON document' },
  },
  async run(flags, _positionals, io) {
    if (flags.account !== undefined && !/^\d{12}$/.test(flags.account)) {
      throw new UsageError(`--account "${flags.account}" is not an AWS account id (12 digits, as aws sts get-caller-identity prints it)`, USAGE_LINE);
    }
    const settings = loadProfile(flags.profile, io);
    const policies = await profilePolicies(settings, { bootstrapped: flags.bootstrapped === true, account: flags.account, profileName: profileName(flags.profile) });
    io.result(flags.json ? policies : formatPolicies(policies));
    return 0;
  },
});
