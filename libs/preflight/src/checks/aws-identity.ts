// The credentials work (STS answers) and belong to the partition of AWS_REGION: a stale SSO
// session mid-deploy once made a no-op look like a success.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fail, pass, type PreflightCheck } from '../check.ts';
import { awsCallFailed } from '../aws-failure.ts';

export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

export const awsIdentity: PreflightCheck = {
  id: 'aws.identity',
  title: 'AWS credentials work in the region\'s partition',
  needs: 'aws',
  reads: ['AWS_PROFILE', 'AWS_REGION'],
  async run({ aws, settings, signal }) {
    let arn: string;
    let account: string;
    try {
      const identity = await aws.sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
      arn = identity.Arn ?? '';
      account = identity.Account ?? '';
    } catch (e) {
      return awsCallFailed('sts:GetCallerIdentity', e);
    }
    const partition = arn.split(':')[1] ?? '';
    const expected = partitionOfRegion(settings.AWS_REGION);
    if (partition !== expected) {
      return fail(`the credentials are for partition ${partition} (${arn}), but AWS_REGION ${settings.AWS_REGION} is in ${expected}`, `use credentials of an ${expected} account, or an AWS_REGION of ${partition}`);
    }
    return pass(`account ${account} as ${arn}`);
  },
};
