// Every cagw preflight check, in the order results are listed (offline ones run first).
import type { PreflightCheck } from '../check.ts';
import { configByteBudget } from './config-byte-budget.ts';
import { configPolicyGroups } from './config-policy-groups.ts';
import { configPolicyModels } from './config-policy-models.ts';
import { imageBuilder } from './image-builder.ts';
import { networkAlbPrivate } from './network-alb-private.ts';
import { networkCidrs } from './network-cidrs.ts';
import { oidcIdpQuirks } from './oidc-idp-quirks.ts';
import { stacksTemplateSize } from './stacks-template-size.ts';
import { tlsNamesInZone } from './tls-names-in-zone.ts';

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
];
