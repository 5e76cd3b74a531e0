// What the gateway task role may invoke, derived from the profile: the foundation models its
// policies allow, and the regions its inference profiles route to. The gateway enforces the
// policies' availableModels at /v1/messages; the role makes the same limit hold in IAM.
import { MODEL_CATALOGUE, geographyOfRegion, type BedrockGeography } from '@cagw/config-render';

interface PolicyModels {
  readonly groups: readonly string[];
  readonly models?: readonly string[] | undefined;
}

/**
 * The Bedrock model ids (BedrockModelPatterns) every user can reach. A policy with models
 * replaces the catch-all's list, one without inherits it, and with no catch-all a user who
 * matches nothing gets every catalogue model (gateway-config.md §2.1).
 */
export function bedrockModelPatterns(policies: readonly PolicyModels[]): string[] {
  const everyModel = MODEL_CATALOGUE.map((m) => m.id);
  const catchAll = policies.find((p) => p.groups.length === 0);
  const inherited = catchAll?.models ?? everyModel;
  const reachable = new Set<string>(catchAll ? [] : everyModel);
  for (const p of policies) for (const name of p.models ?? inherited) reachable.add(name);
  // an inference profile <geo>.<model> routes to the foundation model <model> in each region
  return MODEL_CATALOGUE.filter((m) => reachable.has(m.id) || reachable.has(familyOf(m.id))).map((m) => m.bedrockModel);
}

/** The family alias that matches a catalogue id (claude-opus-5-5 → opus), as the gateway matches availableModels. */
const familyOf = (id: string): string => /^claude-([a-z]+)-/.exec(id)?.[1] ?? id;

// Destination regions of each geography's inference profiles, as aws:RequestedRegion patterns:
// Bedrock evaluates the foundation model in the region it routes to. Global profiles route to
// any commercial region and are evaluated with aws:RequestedRegion "unspecified" (Bedrock user
// guide, "Global cross-Region inference", IAM policy requirements).
const DESTINATIONS: Record<BedrockGeography, string[]> = {
  us: ['us-*'],
  eu: ['eu-*'],
  apac: ['ap-*'],
  global: ['unspecified'],
};

/** BedrockInvokeRegions: the source region, then the geography's destination regions. */
export function bedrockInvokeRegions(bedrockRegion: string): string[] {
  return [...new Set([bedrockRegion, ...DESTINATIONS[geographyOfRegion(bedrockRegion)]])];
}
