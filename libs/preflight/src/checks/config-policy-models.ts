// Every model a managed policy allows (ENFORCE_MODELS lands in the catch-all's availableModels)
// must be one the gateway offers: auto_include_builtin_models is off, so an id outside the
// `models` list is refused with 400 for every developer of that policy.
import { combineOutcomes, fail, pass, type PreflightCheck } from '../check.ts';

// The gateway matches availableModels entries by id or by family alias.
const FAMILY_ALIASES = new Set(['opus', 'sonnet', 'haiku', 'fable']);

export const configPolicyModels: PreflightCheck = {
  id: 'config.policy-models',
  title: 'policy models are in the models catalogue',
  needs: 'offline',
  reads: ['ENFORCE_MODELS', 'POLICIES_FILE'],
  async run({ rendered }) {
    if (!rendered) return fail('the gateway config was not rendered, so its models are unknown', 'run cagw render --profile <profile> to see why rendering failed');
    const offered = new Set((rendered.config.models ?? []).map((m) => m.id));
    const outcomes = (rendered.config.managed?.policies ?? []).flatMap((policy, index) => {
      const allowed = policy.cli?.availableModels;
      if (!Array.isArray(allowed)) return [];
      const unknown = allowed.filter((m): m is string => typeof m === 'string' && !offered.has(m) && !FAMILY_ALIASES.has(m));
      const groups = policy.match.groups?.join(',') ?? 'everyone else';
      return unknown.map((m) => fail(
        `managed policy ${index + 1} (${groups}) allows "${m}", which is not in the gateway's models list`,
        `use one of ${[...offered].join(', ')} or a family alias (${[...FAMILY_ALIASES].join(', ')}) in ENFORCE_MODELS / POLICIES_FILE`,
      ));
    });
    return outcomes.length ? combineOutcomes(outcomes, '') : pass(`every allowed model is one of the ${offered.size} models offered`);
  },
};
