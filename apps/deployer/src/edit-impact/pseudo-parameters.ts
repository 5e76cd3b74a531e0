// The pseudo parameters a template may read (AWS::Region, AWS::Partition, ...), for one stack in
// one region: the partition and URL suffix follow the region ("Pseudo parameters reference",
// CloudFormation User Guide: aws-cn for China, aws-us-gov for GovCloud).

export interface StackLocation {
  stackName: string;
  /** default us-east-1 */
  region?: string | undefined;
  /** default 123456789012 (the documentation's example account): offline, the account is not known */
  accountId?: string | undefined;
}

export function pseudoParameters(where: StackLocation): Record<string, string> {
  const region = where.region ?? 'us-east-1';
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return {
    'AWS::Region': region, 'AWS::Partition': partition, 'AWS::AccountId': where.accountId ?? '123456789012',
    'AWS::URLSuffix': partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com', 'AWS::StackName': where.stackName,
    'AWS::StackId': `arn:${partition}:cloudformation:${region}:${where.accountId ?? '123456789012'}:stack/${where.stackName}/offline`,
  };
}
