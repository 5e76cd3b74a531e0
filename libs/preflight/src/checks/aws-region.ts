// AWS_REGION (and the Bedrock region) exist and are enabled for the account: an opt-in region
// that is not enabled refuses every call.
import { DescribeRegionsCommand, type Region } from '@aws-sdk/client-ec2';
import { combineOutcomes, fail, pass, type PreflightCheck } from '../check.ts';
import { awsCallFailed } from '../aws-failure.ts';

export const awsRegion: PreflightCheck = {
  id: 'aws.region',
  title: 'the regions are enabled for the account',
  needs: 'aws',
  reads: ['AWS_REGION', 'BEDROCK_REGION'],
  async run({ aws, settings, signal }) {
    const wanted = [...new Set([settings.AWS_REGION, settings.bedrockRegion])];
    let regions: Region[];
    try {
      ({ Regions: regions = [] } = await aws.ec2.send(new DescribeRegionsCommand({ AllRegions: true }), { abortSignal: signal }));
    } catch (e) {
      return awsCallFailed('ec2:DescribeRegions', e);
    }
    return combineOutcomes(wanted.map((name) => {
      const region = regions.find((r) => r.RegionName === name);
      const variable = name === settings.AWS_REGION ? 'AWS_REGION' : 'BEDROCK_REGION';
      if (!region) return fail(`${variable} ${name} is not a region of this partition`, 'use a region name such as us-east-1 or eu-west-1');
      if (region.OptInStatus === 'not-opted-in') return fail(`${variable} ${name} is an opt-in region not enabled for this account`, `enable ${name} in the AWS console (Account → AWS Regions), or choose another region`);
      return pass(name);
    }), '');
  },
};
