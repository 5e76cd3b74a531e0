// The packed config reaches the gateway stack as a CloudFormation parameter, and a parameter
// value may hold at most 4,096 bytes (the original called it an ECS limit; it is CloudFormation's).
import { CagwError } from '@cagw/errors';

export const PARAMETER_LIMIT_BYTES = 4096;

export interface ByteBudget {
  /** the readable YAML, comments included */
  yamlBytes: number;
  /** the packed form that must fit the parameter */
  packedBytes: number;
  limit: number;
  fits: boolean;
}

export function byteBudget(yamlText: string, packed: string): ByteBudget {
  const packedBytes = Buffer.byteLength(packed, 'utf8');
  return { yamlBytes: Buffer.byteLength(yamlText, 'utf8'), packedBytes, limit: PARAMETER_LIMIT_BYTES, fits: packedBytes <= PARAMETER_LIMIT_BYTES };
}

/** Throws GatewayConfigTooLarge, with the count, the limit and what to trim, when it does not fit. */
export function assertFitsParameterLimit(budget: ByteBudget, policyCount: number): void {
  if (budget.fits) return;
  const over = budget.packedBytes - budget.limit;
  throw new CagwError(
    'GatewayConfigTooLarge',
    `the packed gateway config is ${budget.packedBytes} bytes, ${over} over CloudFormation's ${budget.limit}-byte parameter limit`,
    {
      source: 'user',
      where: 'POLICIES_FILE',
      fix: `trim the group policies (${policyCount} now): merge policies with the same models and denied tools into one policy with several groups, shorten env values, or drop rarely used ones`,
    },
  );
}
