// The Bedrock models the gateway offers, by the geography of the Bedrock region. Clients send
// short aliases (claude-opus-4-8); Bedrock wants a cross-region inference profile whose prefix
// names the geography (us., eu., apac.) or global. for the worldwide profiles.

export type BedrockGeography = 'us' | 'eu' | 'apac' | 'global';

export interface CatalogueModel {
  /** the id clients request and policies name */
  id: string;
  label: string;
  /** the Bedrock model id without its geography prefix */
  bedrockModel: string;
  note?: string;
}

// The current and previous model of each family (Fable: the current one), with the ids the
// pinned gateway's (2.1.330) built-in catalogue uses for Bedrock. Every entry costs bytes of the
// packed config; older models stay reachable by adding them here.
export const MODEL_CATALOGUE: readonly CatalogueModel[] = [
  { id: 'claude-opus-5-5', label: 'Claude Opus 5.5', bedrockModel: 'anthropic.claude-opus-5-5' },
  { id: 'claude-opus-5', label: 'Claude Opus 5', bedrockModel: 'anthropic.claude-opus-5' },
  { id: 'claude-sonnet-5-5', label: 'Claude Sonnet 5.5', bedrockModel: 'anthropic.claude-sonnet-5-5' },
  { id: 'claude-sonnet-5', label: 'Claude Sonnet 5', bedrockModel: 'anthropic.claude-sonnet-5' },
  { id: 'claude-haiku-5-5', label: 'Claude Haiku 5.5', bedrockModel: 'anthropic.claude-haiku-5-5' },
  { id: 'claude-haiku-4-5', label: 'Claude Haiku 4.5', bedrockModel: 'anthropic.claude-haiku-4-5-20251001-v1:0' },
  {
    id: 'claude-fable-5-2',
    label: 'Claude Fable 5.2',
    bedrockModel: 'anthropic.claude-fable-5-2',
    note: 'needs the account-level Bedrock data-retention configuration',
  },
];

/** The inference-profile geography for a Bedrock region: us-/ca- → us, eu- → eu, ap- → apac, else global. */
export function geographyOfRegion(region: string): BedrockGeography {
  if (/^(us|ca)-/.test(region)) return 'us';
  if (/^eu-/.test(region)) return 'eu';
  if (/^ap-/.test(region)) return 'apac';
  return 'global';
}

export interface RegionModel extends CatalogueModel {
  /** the inference profile id sent to Bedrock, e.g. eu.anthropic.claude-opus-4-8 */
  inferenceProfile: string;
}

export function modelsForRegion(region: string): RegionModel[] {
  const geography = geographyOfRegion(region);
  return MODEL_CATALOGUE.map((m) => ({ ...m, inferenceProfile: `${geography}.${m.bedrockModel}` }));
}
