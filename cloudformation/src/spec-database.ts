// The CloudFormation resource specification the AWS CDK ships (@aws-cdk/aws-service-spec),
// loaded once per process: it is a 2.6 MB gzipped database and takes about a second. Imported
// only when a check needs it, so importing the library (e.g. for `cagw plan`) stays cheap.
import type { Resource, SpecDatabase, TypeDefinition, PropertyType } from '@aws-cdk/service-spec-types';

export type { Resource, TypeDefinition, PropertyType };

let loading: Promise<SpecDatabase> | undefined;

export function loadSpecDatabase(): Promise<SpecDatabase> {
  loading ??= import('@aws-cdk/aws-service-spec').then(({ loadAwsServiceSpec }) => loadAwsServiceSpec());
  return loading;
}

export interface ResourceSpecs {
  resourceType(cloudFormationType: string): Resource | undefined;
  typeDefinition(type: PropertyType): TypeDefinition | undefined;
}

export async function loadResourceSpecs(): Promise<ResourceSpecs> {
  const db = await loadSpecDatabase();
  return {
    resourceType: (t) => db.lookup('resource', 'cloudFormationType', 'equals', t)[0],
    typeDefinition: (type) => (type.type === 'ref' ? db.get('typeDefinition', type.reference) : undefined),
  };
}
