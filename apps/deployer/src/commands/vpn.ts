// cagw vpn add-user NAME | revoke NAME | list | crl: one Client VPN certificate per developer.
// The CA lives in out/<profile>/pki/ with its key encrypted; commands that sign read the
// passphrase from CAGW_VPN_CA_PASSPHRASE_FILE (or CAGW_VPN_CA_PASSPHRASE in CI).
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Settings } from '@cagw/profile';
import { defineCommand } from '../cli/command-spec.ts';
import { formatTable } from '../cli/format-table.ts';
import { loadProfile, profileFlag } from '../cli/load-profile.ts';
import { outDirOf } from '../cli/run-deployment.ts';
import { UsageError } from '../cli/usage-error.ts';
import { readCaPassphrase } from '../vpn/ca-passphrase.ts';
import { addUser, listUsers, refreshCrl, revokeUser, type VpnContext } from '../vpn/vpn-users.ts';

const USAGE = 'cagw vpn add-user NAME | revoke NAME | list | crl [--profile FILE] [--json]';

export interface VpnDeps {
  clients(settings: Settings): { cfn: CloudFormationClient; ec2: EC2Client };
  env: NodeJS.ProcessEnv;
  /** folder under which ./out/<profile>/ is (default the working folder) */
  outRoot?: string;
}

const systemClients = (s: Settings) => {
  const config = { region: s.AWS_REGION, credentials: fromNodeProviderChain(s.AWS_PROFILE ? { profile: s.AWS_PROFILE } : {}) };
  return { cfn: new CloudFormationClient(config), ec2: new EC2Client(config) };
};

export function makeVpnCommand(deps: VpnDeps = { clients: systemClients, env: process.env }) {
  return defineCommand({
    name: 'vpn',
    summary: 'Client VPN certificates, one per developer: add-user NAME, revoke NAME, list, crl',
    details: [
      'add-user NAME  issue NAME a certificate and write out/<profile>/NAME.ovpn (once the VPN is deployed)',
      'revoke NAME    revoke it, import the new revocation list into the endpoint, end NAME\'s open sessions',
      'list           every certificate issued (valid, revoked, expired) and the endpoint\'s revocation list',
      'crl            renew the revocation list and import it (yearly: it expires after 365 days; cagw deploy puts it on a new endpoint)',
      'The CA key (out/<profile>/pki/ca.key) is encrypted; add-user, revoke and crl read its passphrase from',
      'the file named by CAGW_VPN_CA_PASSPHRASE_FILE (mode 0600), or CAGW_VPN_CA_PASSPHRASE in CI. docs/vpn.md',
    ].join('\n'),
    flags: {
      profile: profileFlag,
      json: { type: 'boolean', desc: 'print the result as one JSON document' },
    },
    positionals: [{ name: 'add-user|revoke|list|crl', desc: 'what to do' }, { name: 'NAME', desc: 'the developer (add-user, revoke)' }],
    async run(flags, positionals, io) {
      const [sub, name, ...extra] = positionals;
      if (sub !== 'add-user' && sub !== 'revoke' && sub !== 'list' && sub !== 'crl') throw new UsageError(sub ? `unknown sub-command "${sub}" for cagw vpn` : 'say add-user, revoke, list or crl', USAGE);
      const needsName = sub === 'add-user' || sub === 'revoke';
      if (needsName && !name) throw new UsageError(`cagw vpn ${sub} needs the developer's name`, USAGE);
      if ((!needsName && name) || extra.length > 0) throw new UsageError(`too many arguments for cagw vpn ${sub}`, USAGE);
      const settings = loadProfile(flags.profile, io, deps.env);
      if (!settings.ENABLE_VPN) io.warn('ENABLE_VPN is false in this profile: certificates are kept locally until the VPN is deployed');
      const outDir = outDirOf(flags.profile, deps.outRoot);
      const ctx: VpnContext = {
        ...deps.clients(settings), outDir, pkiDir: join(outDir, 'pki'), prefix: settings.STACK_PREFIX, vpnStackName: settings.stackNames.vpn,
        passphrase: () => readCaPassphrase(deps.env), awsProfile: settings.AWS_PROFILE,
      };

      if (sub === 'add-user') {
        const added = await addUser(ctx, name as string);
        const c = added.certificate;
        if (flags.json) io.result({ name: c.name, serial: c.serial, expires: c.expires.toISOString(), ovpnPath: added.ovpnPath ?? null });
        else io.result(added.ovpnPath
          ? `${c.name}: certificate ${c.serial}, valid until ${c.expires.toISOString().slice(0, 10)}\nVPN profile: ${added.ovpnPath} (hand it to ${c.name} privately: it holds their key)`
          : `${c.name}: certificate ${c.serial}, valid until ${c.expires.toISOString().slice(0, 10)}\nthe VPN is not deployed yet: run cagw vpn add-user again after cagw deploy to write the .ovpn`);
        return 0;
      }
      if (sub === 'revoke') {
        const revoked = await revokeUser(ctx, name as string);
        if (flags.json) io.result({ name, endpointId: revoked.endpointId ?? null, disconnected: revoked.disconnected });
        else io.result(revoked.endpointId
          ? `${name}: revoked; the endpoint ${revoked.endpointId} refuses the certificate from now on${revoked.disconnected.length ? `; ended ${revoked.disconnected.length} open session(s)` : ''}`
          : `${name}: revoked in the local CA; the VPN is not deployed, so there was no endpoint to tell (cagw deploy imports the list)`);
        return 0;
      }
      if (sub === 'crl') {
        const { endpointId } = await refreshCrl(ctx);
        io.result(flags.json ? { endpointId } : `revocation list renewed and imported into ${endpointId}`);
        return 0;
      }
      const { endpointUnreadable, ...listed } = await listUsers(ctx);
      if (endpointUnreadable) io.warn(`the endpoint could not be read, so only the local certificates are listed: ${endpointUnreadable.message}${endpointUnreadable.fix ? `\n  fix: ${endpointUnreadable.fix}` : ''}`);
      if (flags.json) {
        io.result({ ...listed, certificates: listed.certificates.map((c) => ({ ...c, expires: c.expires.toISOString(), ...(c.revoked ? { revoked: c.revoked.toISOString() } : {}) })) });
      } else {
        const rows = listed.certificates.map((c) => [c.name, c.status, c.serial, c.expires.toISOString().slice(0, 10), c.revoked?.toISOString().slice(0, 10) ?? '-']);
        const endpoint = listed.endpointId ? `endpoint ${listed.endpointId}: revocation list ${listed.crl ?? 'none imported'}` : endpointUnreadable ? 'the endpoint could not be read' : 'the VPN is not deployed';
        io.result(`${rows.length ? formatTable(['name', 'status', 'serial', 'expires', 'revoked'], rows) : 'no VPN certificates issued yet'}\n\n${endpoint}`);
      }
      return 0;
    },
  });
}

export const vpnCommand = makeVpnCommand();
