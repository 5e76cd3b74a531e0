// What a service refuses when CloudFormation creates a resource, beyond the resource's own
// properties: rules about what else already exists in the account. They matter most on
// replacement, because CloudFormation creates the new resource before it deletes the old one
// ("Update behaviors of stack resources", CloudFormation User Guide: "the new resource is
// created, ... and then the old resource is deleted" during cleanup), so the old one is still
// there when the new one is made.
//
// Modelled, each with its source:
// - Amazon Cognito, CreateUserPoolDomain (Amazon Cognito user pools API reference,
//   InvalidParameterException): a user pool has one domain. A second AWS::Cognito::UserPoolDomain
//   for a pool, or a change of `Domain` (createOnly, so a replacement), fails with "User pool
//   already has a domain configured." (reproduced through CloudFormation in aws/aws-cdk#10062).
//   Judged per kind: two prefix domains, or two custom domains (CustomDomainConfig); a pool with
//   one of each is not modelled.
// - The same operation: a prefix domain is unique in the region ("Configuring a user pool
//   domain", Amazon Cognito Developer Guide: the prefix "must be unique across the selected AWS
//   Region"); one another pool holds fails "Domain already associated with another user pool."
// Names unique per account (a repository, a log group) are the fake's custom-name check, not here.

/** A resource as it exists in the account: its type and resolved properties. */
export interface ExistingResource {
  type: string;
  properties: Record<string, unknown> | undefined;
}

/** Why the service refuses to create this resource next to the existing ones, or undefined. */
export function createRefusal(type: string, properties: Record<string, unknown>, existing: readonly ExistingResource[]): string | undefined {
  if (type === 'AWS::Cognito::UserPoolDomain') return userPoolDomainRefusal(properties, existing);
  return undefined;
}

function userPoolDomainRefusal(properties: Record<string, unknown>, existing: readonly ExistingResource[]): string | undefined {
  const domains = existing.filter((e) => e.type === 'AWS::Cognito::UserPoolDomain' && e.properties).map((e) => e.properties as Record<string, unknown>);
  const isCustom = (p: Record<string, unknown>) => p.CustomDomainConfig !== undefined;
  if (domains.some((d) => d.UserPoolId === properties.UserPoolId && isCustom(d) === isCustom(properties))) {
    return 'User pool already has a domain configured. (Service: CognitoIdentityProvider, Status Code: 400, Error Code: InvalidParameterException)';
  }
  if (domains.some((d) => d.Domain === properties.Domain && d.UserPoolId !== properties.UserPoolId)) {
    return 'Domain already associated with another user pool. (Service: CognitoIdentityProvider, Status Code: 400, Error Code: InvalidParameterException)';
  }
  return undefined;
}
