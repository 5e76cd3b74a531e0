// The Bedrock region must serve the inference profiles the config routes to (the geography
// prefix must match the region), and the account must have access to the models. Access that
// cannot be proven is a warning with the console link, never a pass.
import { GetFoundationModelAvailabilityCommand, paginateListInferenceProfiles } from '@aws-sdk/client-bedrock';
import { combineOutcomes, fail, pass, warn, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorName } from '../aws-failure.ts';

const GEOGRAPHY_PREFIX = /^(us|eu|apac|jp|au|ca|us-gov|global)\./;

/** The inference profile ids the rendered config sends to Bedrock. */
function routedProfiles(ctx: CheckContext): { model: string; profile: string }[] {
  return (ctx.rendered?.config.models ?? []).flatMap((m) => Object.values(m.upstream_model).map((profile) => ({ model: m.id, profile })));
}

async function accessOf(modelId: string, ctx: CheckContext): Promise<CheckOutcome> {
  const console = `https://${ctx.settings.bedrockRegion}.console.aws.amazon.com/bedrock/home?region=${ctx.settings.bedrockRegion}#/modelaccess`;
  try {
    const a = await ctx.aws.bedrock.send(new GetFoundationModelAvailabilityCommand({ modelId }), { abortSignal: ctx.signal });
    const blocked = [
      a.authorizationStatus !== 'AUTHORIZED' && `authorization ${a.authorizationStatus ?? 'unknown'}`,
      a.entitlementAvailability !== 'AVAILABLE' && `entitlement ${a.entitlementAvailability ?? 'unknown'}`,
      a.agreementAvailability?.status !== 'AVAILABLE' && `agreement ${a.agreementAvailability?.status ?? 'unknown'}`,
      a.regionAvailability !== 'AVAILABLE' && `region ${a.regionAvailability ?? 'unknown'}`,
    ].filter((x): x is string => Boolean(x));
    return blocked.length ? fail(`${modelId}: no access (${blocked.join(', ')}); requests would get 403`, `grant model access at ${console}`) : pass(modelId);
  } catch (e) {
    return warn(`access to ${modelId} is not proven (bedrock:GetFoundationModelAvailability failed: ${errorName(e)})`, `check model access at ${console}`);
  }
}

export const bedrockModels: PreflightCheck = {
  id: 'bedrock.models',
  title: 'Bedrock serves the configured models and access is granted',
  needs: 'aws',
  reads: ['BEDROCK_REGION', 'ENFORCE_MODELS', 'POLICIES_FILE'],
  async run(ctx) {
    if (!ctx.rendered) return fail('the gateway config was not rendered, so its models are unknown', 'run cagw render --profile <profile> to see why rendering failed');
    const routed = routedProfiles(ctx);
    const available = new Map<string, string[]>();
    try {
      for await (const page of paginateListInferenceProfiles({ client: ctx.aws.bedrock }, { typeEquals: 'SYSTEM_DEFINED' })) {
        for (const p of page.inferenceProfileSummaries ?? []) {
          if (p.inferenceProfileId) available.set(p.inferenceProfileId, (p.models ?? []).map((m) => m.modelArn?.split('/').pop() ?? '').filter(Boolean));
        }
        if (ctx.signal.aborted) break;
      }
    } catch (e) {
      return awsCallFailed('bedrock:ListInferenceProfiles', e);
    }
    const missing = routed.filter((r) => !available.has(r.profile));
    const found: CheckOutcome[] = missing.map((r) => {
      const prefix = GEOGRAPHY_PREFIX.exec(r.profile)?.[1];
      const sameModel = [...available.keys()].filter((id) => id.replace(GEOGRAPHY_PREFIX, '') === r.profile.replace(GEOGRAPHY_PREFIX, ''));
      return fail(
        `model ${r.model} routes to inference profile ${r.profile}, which ${ctx.settings.bedrockRegion} does not offer${prefix ? ` (prefix ${prefix}.)` : ''}`,
        sameModel.length ? `this region offers ${sameModel.join(', ')}: use a matching geography` : `choose a BEDROCK_REGION that offers ${r.model}, or drop it from the policies`,
      );
    });
    const baseModels = [...new Set(routed.filter((r) => available.has(r.profile)).flatMap((r) => available.get(r.profile)!.slice(0, 1)))];
    found.push(...(await Promise.all(baseModels.map((m) => accessOf(m, ctx)))));
    return combineOutcomes(found, `${routed.length} inference profiles exist in ${ctx.settings.bedrockRegion}`);
  },
};
