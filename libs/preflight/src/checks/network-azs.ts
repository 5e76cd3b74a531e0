// The network spreads subnets, tasks and the load balancer over two availability zones.
import { DescribeAvailabilityZonesCommand, type AvailabilityZone } from '@aws-sdk/client-ec2';
import { fail, pass, type PreflightCheck } from '../check.ts';
import { awsCallFailed } from '../aws-failure.ts';

export const networkAzs: PreflightCheck = {
  id: 'network.azs',
  title: 'the region has at least two availability zones',
  needs: 'aws',
  reads: ['AWS_REGION'],
  async run({ aws, settings, signal }) {
    let zones: AvailabilityZone[];
    try {
      ({ AvailabilityZones: zones = [] } = await aws.ec2.send(new DescribeAvailabilityZonesCommand({
        Filters: [{ Name: 'state', Values: ['available'] }, { Name: 'zone-type', Values: ['availability-zone'] }],
      }), { abortSignal: signal }));
    } catch (e) {
      return awsCallFailed('ec2:DescribeAvailabilityZones', e);
    }
    const names = zones.map((z) => z.ZoneName ?? '?');
    return names.length >= 2
      ? pass(`${names.length} zones available in ${settings.AWS_REGION}`)
      : fail(`${settings.AWS_REGION} has ${names.length} available zone(s) (${names.join(', ') || 'none'}); the load balancer and database need two`, 'choose a region with at least two availability zones');
  },
};
