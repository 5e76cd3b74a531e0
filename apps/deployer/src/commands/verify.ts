// cagw verify: after a deploy, from a developer's machine (on the VPN where there is one), checks
// what a developer's first /login needs, each result with its fix; --user also signs a real
// person in through the device flow and shows the policy they get.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkRenderInput, renderGatewayConfig } from '@cagw/config-render';
import { CagwError } from '@cagw/errors';
import { defineCommand } from '../cli/command-spec.ts';
import { formatTable } from '../cli/format-table.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { UsageError } from '../cli/usage-error.ts';
import { readRunningSession } from '../local/session-file.ts';
import { localStateDir } from '../local/state-dir.ts';
import { signInCheck } from '../verify/sign-in-check.ts';
import { readSignInCodeFile } from '../local/sign-in-code-file.ts';
import { verifyGateway, type VerifyTarget } from '../verify/verify-checks.ts';
import { failureBehind, skippedFor, type VerifyResult } from '../verify/checks-in-order.ts';

const USAGE = 'cagw verify [--profile FILE] [--url URL | --local] [--user EMAIL] [--ca FILE] [--issuer URL] [--json]';
const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: "Check a deployed gateway from a developer's seat: private name, TLS, health, version, IdP, sign-in",
  details: [
    'Run it after a deploy from a developer machine (connected to the VPN where there is one). Checks:',
    'the name resolves to private addresses only; TLS is trusted for the name and valid for more than',
    "30 days; /healthz and /readyz; the gateway's version is the profile's CLAUDE_VERSION; the IdP's",
    'discovery document offers the scopes the config asks for; a device sign-in can start; managed',
    'settings are refused without a session. --user EMAIL then signs that person in for real (open the',
    'printed address) and shows their managed settings and models. A check whose prerequisite failed is',
    'not run but shown as "skipped: needs <check>" (no DNS is one failure, not seven). Exit 1 when a',
    'check fails.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    url: { type: 'string', value: 'URL', desc: "check this address instead of the profile's" },
    local: { type: 'boolean', desc: 'check the gateway cagw local runs for this profile' },
    'state-dir': { type: 'string', value: 'DIR', desc: 'with --local: the state directory of that cagw local' },
    user: { type: 'string', value: 'EMAIL', desc: 'also sign this user in through the device flow and show their policy' },
    ca: { type: 'string', value: 'FILE', desc: "PEM of the CA to trust besides the system store (default for self-signed TLS: out/<profile>/pki/gateway-ca.pem)" },
    issuer: { type: 'string', value: 'URL', desc: "the IdP issuer, when the config takes it from the deploy (Cognito)" },
    json: { type: 'boolean', desc: 'print { "results": [ { id, title, status, message, fix, needs? } ] } as one JSON document (needs: the failed check a skipped one waited on)' },
  },
  async run(flags, _positionals, io) {
    if (flags.local && flags.url) throw new UsageError('--local and --url name two different gateways; pass one', USAGE);
    const settings = loadProfile(flags.profile, io);
    const renderProblems = checkRenderInput(settings);
    const oidc = renderProblems.length === 0 ? ((parse(renderGatewayConfig(settings).yaml) as { oidc?: { issuer?: string; scopes?: string[] } }).oidc ?? {}) : {};
    const scopes = oidc.scopes ?? DEFAULT_SCOPES;
    // the self-signed mode's certificate, as the deploy left it: trusted like developers are told to
    const deployedCa = join('out', profileName(flags.profile), 'pki', 'gateway-ca.pem');
    const caFile = flags.ca ?? (settings.tlsMode === 'self-signed' && existsSync(deployedCa) ? deployedCa : undefined);
    const extraCa = caFile ? readCa(caFile) : undefined;

    let target: VerifyTarget;
    let signInCode: string | undefined;
    if (flags.local) {
      const session = readRunningSession(flags['state-dir'] ?? localStateDir(flags.profile, process.cwd()));
      signInCode = readSignInCodeFile(session.signInCodeFile);
      // cagw local replaces the IdP with its development issuer, which the gateway uses instead
      target = { url: session.url, expectedVersion: settings.CLAUDE_VERSION, issuer: `http://127.0.0.1:${session.ports.issuer}`, scopes };
    } else {
      const literal = oidc.issuer && /^https?:\/\//.test(oidc.issuer) ? oidc.issuer : undefined;
      const issuer = flags.issuer ?? literal;
      target = {
        url: flags.url ?? settings.publicUrl,
        expectedVersion: settings.CLAUDE_VERSION,
        issuer,
        ...(issuer ? {} : { issuerUnknownBecause: `the config reads it from ${oidc.issuer ?? 'the deploy'} (the Cognito stack's output)` }),
        scopes,
        ...(extraCa ? { extraCa } : {}),
      };
    }
    if (!flags.json) io.info(`verifying ${target.url} as a developer's Claude Code would reach it...`);
    const results: VerifyResult[] = await verifyGateway(target);
    // a sign-in cannot start where a device authorization did not: skipped because of it, without waiting for a person
    const signInBlockedBy = failureBehind(results.find((r) => r.id === 'device-authorization'));
    if (flags.user && signInBlockedBy) results.push(skippedFor('sign-in', 'a developer signs in and gets their policy', signInBlockedBy));
    else if (flags.user) {
      const mode = flags.local ? 'local' : 'person';
      results.push(
        await signInCheck({
          url: target.url,
          email: flags.user.trim().toLowerCase(),
          mode,
          ...(signInCode ? { signInCode } : {}),
          ...(extraCa ? { extraCa } : {}),
          prompt: (uri, code) => io.info(`sign in as ${flags.user}: open ${uri} (code ${code}) in a browser; waiting...`),
        }),
      );
    }
    const failed = results.filter((r) => r.status === 'fail').length;
    if (flags.json) io.result({ results: results.map(({ id, title, status, message, fix, needs }) => ({ id, title, status, message, fix, ...(needs ? { needs } : {}) })) });
    else {
      io.result(formatTable(['check', 'result', 'message', 'fix'], results.map((r) => [r.id, r.status, r.message, r.fix])));
      const count = (s: string) => results.filter((r) => r.status === s).length;
      io.info(`verify: ${count('pass')} passed, ${count('warn')} warned, ${failed} failed, ${count('skip')} skipped`);
    }
    return failed > 0 ? 1 : 0;
  },
});

function readCa(path: string): string {
  try {
    const pem = readFileSync(path, 'utf8');
    if (pem.includes('-----BEGIN CERTIFICATE-----')) return pem;
  } catch {
    // reported below
  }
  throw new CagwError('VerifyCaUnreadable', `${path} is not a readable PEM certificate`, { source: 'user', where: '--ca', fix: 'pass the PEM file of the CA that signed the gateway certificate' });
}
