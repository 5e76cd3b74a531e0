// The CloudFormation resource specification as the AWS CDK ships it (@aws-cdk/aws-service-spec,
// built from the CloudFormation registry schemas): for each resource type its properties, which
// of them cause replacement, and its primary identifier. Loaded synchronously, once per process
// and only when first asked (about a second, the first time an update is diffed), so the fake's
// API handlers stay synchronous and a test that only creates stacks never pays for it. The
// package itself is required on first use too, so importing this library stays cheap.
import { createRequire } from 'node:module';
import type * as AwsServiceSpec from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, Resource, SpecDatabase } from '@aws-cdk/service-spec-types';

export type { Property, PropertyType, Resource };

let database: SpecDatabase | undefined;
const spec = (): SpecDatabase =>
  (database ??= (createRequire(import.meta.url)('@aws-cdk/aws-service-spec') as typeof AwsServiceSpec).loadAwsServiceSpecSync());

/** The specification of a resource type (`AWS::EC2::VPC`), undefined for a type it does not have. */
export function resourceSpecification(cloudFormationType: string): Resource | undefined {
  return spec().lookup('resource', 'cloudFormationType', 'equals', cloudFormationType)[0];
}

/** The properties of a property type that is a structure (`ref`), else undefined. */
export function structureProperties(type: PropertyType): Record<string, Property> | undefined {
  return type.type === 'ref' ? spec().get('typeDefinition', type.reference).properties : undefined;
}
