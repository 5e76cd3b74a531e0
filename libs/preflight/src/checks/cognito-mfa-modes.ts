// Which MFA mode the idp stack may pass to a live user pool it made, so that a deploy never
// weakens the pool (ON > OPTIONAL > OFF) and never asks CloudFormation for what it cannot do.
//
// - CloudFormation sends the template's MfaConfiguration to UpdateUserPool whenever it updates the
//   pool, and UpdateUserPool takes ON only when a pool is created ("You can only specify required
//   when you're initially creating a user pool", UserPoolType.MfaConfiguration, Amazon Cognito API
//   reference; the update fails "Cannot turn MFA functionality ON, once the user pool has been
//   created", cloudformation-coverage-roadmap issue 1176). ON is applied by SetUserPoolMfaConfig only.
// - The live pool's mode is what GetUserPoolMfaConfig says, which may differ from the stack's
//   MfaMode parameter: an operator may have required MFA by hand.

export type MfaMode = 'ON' | 'OPTIONAL' | 'OFF';

export const MFA_MODE_OF = { required: 'ON', optional: 'OPTIONAL', off: 'OFF' } as const;
const RANK: Record<MfaMode, number> = { OFF: 0, OPTIONAL: 1, ON: 2 };
export const stricter = (a: MfaMode, b: MfaMode): MfaMode => (RANK[a] >= RANK[b] ? a : b);
export const weakerThan = (a: MfaMode, b: MfaMode): boolean => RANK[a] < RANK[b];
export const isMfaMode = (v: unknown): v is MfaMode => v === 'ON' || v === 'OPTIONAL' || v === 'OFF';

export interface LivePoolMfa {
  /** COGNITO_MFA as a mode */
  wanted: MfaMode;
  /** the pool's mode now (GetUserPoolMfaConfig) */
  live: MfaMode;
  /** the idp stack's MfaMode parameter now */
  stackParameter: MfaMode;
}

export interface MfaParameterChoice {
  /** the MfaMode the deploy passes */
  mfaMode: MfaMode;
  /** the mode the pool has after a deploy that does not otherwise update it */
  after: MfaMode;
  /** true when MfaMode is weaker than the live pool: any update of the pool would weaken it */
  weakerThanLive: boolean;
}

/**
 * The target is the stricter of the profile and the live pool (a deploy never relaxes MFA; that
 * is done by hand). CloudFormation can set OFF or OPTIONAL on a live pool, and keeps ON only where
 * the parameter already says ON; when the target is ON and the parameter is not, the parameter
 * moves at most to the live mode (below ON), or stays as it is when the live pool is ON.
 */
export function chooseMfaParameter({ wanted, live, stackParameter }: LivePoolMfa): MfaParameterChoice {
  const target = stricter(wanted, live);
  let mfaMode: MfaMode;
  if (target !== 'ON' || stackParameter === 'ON') mfaMode = target;
  else if (live === 'ON') mfaMode = stackParameter;
  else mfaMode = stricter(stackParameter, live);
  // an unchanged parameter leaves the pool as it is; a changed one is applied by UpdateUserPool
  const after = mfaMode === stackParameter ? live : mfaMode;
  return { mfaMode, after, weakerThanLive: weakerThan(mfaMode, live) };
}
