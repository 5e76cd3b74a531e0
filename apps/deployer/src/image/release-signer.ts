// Whose signature the gateway binary is trusted on (the image's verify stage, cagw local and
// cagw validate), for the CLI to show on every run that uses a signer other than Anthropic's.
// Kept free of @cagw/local-gateway so that loading a profile stays light; a test holds the
// fingerprint equal to that library's DEFAULT_RELEASE_SOURCE and the Dockerfile's default.

/** Anthropic Claude Code Release Signing <security@anthropic.com> */
export const ANTHROPIC_RELEASE_KEY_FINGERPRINT = '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE';

export interface ReleaseSigner {
  fingerprint: string;
  /** Anthropic's release key */
  official: boolean;
}

/** The signer a fingerprint (RELEASE_KEY_FINGERPRINT, --release-fingerprint) names; none: Anthropic's. */
export function releaseSignerOf(fingerprint: string | undefined): ReleaseSigner {
  const normalised = (fingerprint ?? ANTHROPIC_RELEASE_KEY_FINGERPRINT).replace(/\s/g, '').toUpperCase();
  return { fingerprint: normalised, official: normalised === ANTHROPIC_RELEASE_KEY_FINGERPRINT };
}
