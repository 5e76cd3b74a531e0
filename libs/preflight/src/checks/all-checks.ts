// Every cagw preflight check, in the order results are listed (offline ones run first).
import type { PreflightCheck } from '../check.ts';
import { awsIdentity } from './aws-identity.ts';
import { awsRegion } from './aws-region.ts';
import { bedrockModels } from './bedrock-models.ts';
import { cognitoDomainPrefix } from './cognito-domain-prefix.ts';
import { cognitoMfa } from './cognito-mfa.ts';
import { cognitoPool } from './cognito-pool.ts';
import { configByteBudget } from './config-byte-budget.ts';
import { configPolicyGroups } from './config-policy-groups.ts';
import { configPolicyModels } from './config-policy-models.ts';
import { dnsPrivateResolution } from './dns-private-resolution.ts';
import { imageBuilder } from './image-builder.ts';
import { imageEcr } from './image-ecr.ts';
import { imageRepository } from './image-repository.ts';
import { imageTag } from './image-tag.ts';
import { networkAlbPrivate } from './network-alb-private.ts';
import { networkAzs } from './network-azs.ts';
import { networkCidrs } from './network-cidrs.ts';
import { networkExistingVpc } from './network-existing-vpc.ts';
import { networkQuotas } from './network-quotas.ts';
import { networkRegionalNat } from './network-regional-nat.ts';
import { networkSubnetLayout } from './network-subnet-layout.ts';
import { networkVpcOverlap } from './network-vpc-overlap.ts';
import { oidcDiscovery } from './oidc-discovery.ts';
import { oidcIdpQuirks } from './oidc-idp-quirks.ts';
import { secretsReadable } from './secrets-readable.ts';
import { secretsTombstones } from './secrets-tombstones.ts';
import { stacksState } from './stacks-state.ts';
import { stacksTemplateSize } from './stacks-template-size.ts';
import { tlsCertificate } from './tls-certificate.ts';
import { tlsHostedZone } from './tls-hosted-zone.ts';
import { tlsNamesInZone } from './tls-names-in-zone.ts';
import { tlsZoneDelegation } from './tls-zone-delegation.ts';

export const allChecks: readonly PreflightCheck[] = [
  configByteBudget,
  configPolicyModels,
  configPolicyGroups,
  oidcIdpQuirks,
  tlsNamesInZone,
  networkCidrs,
  networkAlbPrivate,
  stacksTemplateSize,
  imageBuilder,
  dnsPrivateResolution,
  oidcDiscovery,
  awsIdentity,
  awsRegion,
  tlsHostedZone,
  tlsZoneDelegation,
  tlsCertificate,
  cognitoPool,
  cognitoDomainPrefix,
  cognitoMfa,
  secretsReadable,
  secretsTombstones,
  bedrockModels,
  networkAzs,
  networkVpcOverlap,
  networkQuotas,
  networkRegionalNat,
  networkSubnetLayout,
  networkExistingVpc,
  stacksState,
  imageEcr,
  imageRepository,
  imageTag,
];
