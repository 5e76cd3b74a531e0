// The AWS partition a region belongs to (aws, aws-cn, aws-us-gov, ...) and its DNS suffix, from
// the partition data the AWS SDK resolves its own endpoints with (partitions.json in
// @aws-sdk/core, installed with every SDK client), never from a list cagw keeps. ARNs carry the
// partition (arn:aws-cn:s3:::bucket) and hosts the suffix (s3.cn-north-1.amazonaws.com.cn).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
import { partition } from '@aws-sdk/core/client';

export interface AwsPartition {
  /** the ARN partition: aws, aws-cn, aws-us-gov, ... */
  name: string;
  /** the DNS suffix of the partition's service hosts: amazonaws.com, amazonaws.com.cn, ... */
  dnsSuffix: string;
}

export function partitionOf(region: string): AwsPartition {
  const p = partition(region);
  return { name: p.name, dnsSuffix: p.dnsSuffix };
}
