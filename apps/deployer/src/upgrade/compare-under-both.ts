// What an upgrade changes for this exact config: the profile's rendered config booted under the
// running version's binary and under the target's (both real, the target installed on demand),
// and the difference in what each gateway says about it: warnings that appear or go, and the
// keys the target refuses.
import type { Settings } from '@cagw/profile';
import { startLocalGateway } from '@cagw/local-gateway';
import { validateSettings, type ValidationReport } from '../commands/validate.ts';

export interface VersionComparison {
  from: string;
  to: string;
  /** the target boots this config */
  accepted: boolean;
  /** what the target refuses, each with the profile variable behind it (config keys that became invalid) */
  refused: ValidationReport['errors'];
  /** boot warnings only the target prints */
  newWarnings: string[];
  /** boot warnings only the current version prints */
  goneWarnings: string[];
  /** what the current version says, for reference */
  current: ValidationReport;
}

export interface CompareOptions {
  profileName?: string;
  /** where other gateway versions are installed (default ~/.cache/cagw/gateway) */
  cacheDir?: string;
}

export async function compareUnderBoth(settings: Settings, to: string, options: CompareOptions = {}): Promise<VersionComparison> {
  // validateSettings verifies the other version against the profile's release tree and key
  const startGateway: typeof startLocalGateway = (start) => startLocalGateway({ ...start, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });
  const common = { strict: false, startGateway, keepSharedServices: true, ...(options.profileName ? { profileName: options.profileName } : {}) };
  const current = (await validateSettings(settings, common)).report;
  const target = (await validateSettings({ ...settings, CLAUDE_VERSION: to }, common)).report;
  // the gateway's log prefix carries a timestamp: compare what the warnings say
  const texts = (report: ValidationReport) => report.warnings.map((warning) => warning.text.replace(/^\[gateway\] \S+ warn /, ''));
  return {
    from: settings.CLAUDE_VERSION,
    to,
    accepted: target.result === 'pass',
    refused: target.errors,
    newWarnings: texts(target).filter((text) => !texts(current).includes(text)),
    goneWarnings: texts(current).filter((text) => !texts(target).includes(text)),
    current,
  };
}
