// The packed gateway config travels as a CloudFormation parameter (4,096 bytes at most).
import { fail, pass, type PreflightCheck } from '../check.ts';

export const configByteBudget: PreflightCheck = {
  id: 'config.byte-budget',
  title: 'gateway config fits its parameter',
  needs: 'offline',
  reads: ['POLICIES_FILE', 'ENFORCE_MODELS', 'DENY_TOOL_GROUP'],
  async run({ rendered, settings }) {
    if (!rendered) return fail('the gateway config was not rendered, so its size is unknown', 'run cagw render --profile <profile> to see why rendering failed');
    const { packedBytes, limit } = rendered.budget;
    if (packedBytes > limit) {
      return fail(
        `the packed gateway config is ${packedBytes} bytes, ${packedBytes - limit} over the ${limit}-byte CloudFormation parameter limit`,
        `trim the group policies (${settings.policies.length} now): merge policies with the same models and denied tools, shorten env values`,
      );
    }
    return pass(`packed config is ${packedBytes}/${limit} bytes`);
  },
};
