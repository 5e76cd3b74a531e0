// cagw vpn add-user NAME [--csr FILE] | add-users --from FILE | revoke NAME | revoke-users --from FILE
// | list | crl: one Client VPN certificate per developer, by the hundred.
// The CA lives in out/<profile>/pki/ with its key encrypted; commands that sign read the
// passphrase from CAGW_VPN_CA_PASSPHRASE_FILE (or CAGW_VPN_CA_PASSPHRASE in CI).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CagwError } from '@cagw/errors';
import type { Settings } from '@cagw/profile';
import { defineCommand } from '../cli/command-spec.ts';
import { formatTable } from '../cli/format-table.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { outDirOf } from '../cli/run-deployment.ts';
import { UsageError } from '../cli/usage-error.ts';
import { pullPki, pushPki } from '../state/pki-store.ts';
import { stateKeyOf } from '../state/state-bucket.ts';
import { readCaPassphrase } from '../vpn/ca-passphrase.ts';
import { resolveCaPassphrase } from '../vpn/ca-passphrase-secret.ts';
import { assertClientName } from '../vpn/client-name.ts';
import { readUserList } from '../vpn/user-list.ts';
import { addUser, addUsers, listUsers, refreshCrl, revokeUser, revokeUsers, type AddedUser, type VpnContext } from '../vpn/vpn-users.ts';

const USAGE = 'cagw vpn add-user NAME [--csr FILE] | add-users --from FILE | revoke NAME | revoke-users --from FILE | list | crl [--profile FILE] [--json]';
const SUBS = ['add-user', 'add-users', 'revoke', 'revoke-users', 'list', 'crl'] as const;
type Sub = (typeof SUBS)[number];

export interface VpnDeps {
  /** s3 and sts: the VPN CA in the account's state bucket (docs/team.md); without them pki/ alone */
  clients(settings: Settings): { cfn: CloudFormationClient; ec2: EC2Client; s3?: S3Client; sts?: STSClient; secrets?: SecretsManagerClient };
  env: NodeJS.ProcessEnv;
  /** folder under which ./out/<profile>/ is (default the working folder) */
  outRoot?: string;
}

function readCsr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CagwError('VpnCsrUnreadable', `the certificate signing request ${path} cannot be read: ${(e as Error).message}`, {
      source: 'user', where: path, fix: 'give --csr the .csr file the developer sent (PEM, -----BEGIN CERTIFICATE REQUEST-----)', cause: e,
    });
  }
}

const systemClients = (s: Settings) => {
  const config = { region: s.AWS_REGION, credentials: fromNodeProviderChain(s.AWS_PROFILE ? { profile: s.AWS_PROFILE } : {}) };
  return { cfn: new CloudFormationClient(config), ec2: new EC2Client(config), s3: new S3Client(config), sts: new STSClient(config), secrets: new SecretsManagerClient(config) };
};

const day = (d: Date) => d.toISOString().slice(0, 10);

/** What happened to the developer's key, said to the operator: where it is and what to do with the .ovpn. */
function describeAdded(a: AddedUser): string {
  const c = a.certificate;
  const head = `${c.name}: certificate ${c.serial}, valid until ${day(c.expires)}`;
  if (a.key === 'in-ovpn') return `${head}\nVPN profile: ${a.ovpnPath} (it holds ${c.name}'s private key, now deleted from pki/: hand it to ${c.name} privately, then delete it)`;
  if (a.key === 'developer') {
    return a.ovpnPath
      ? `${head}\nVPN profile: ${a.ovpnPath} (no private key in it: ${c.name} adds the key they made with their request)`
      : `${head}\nthe VPN is not deployed yet: after cagw deploy, run cagw vpn add-user ${c.name} --csr FILE again to write the .ovpn`;
  }
  return `${head}\nthe VPN is not deployed yet: the key waits in pki/clients/; after cagw deploy, run cagw vpn add-user ${c.name} again to write the .ovpn (the key is then deleted from pki/)`;
}

const addedJson = (a: AddedUser) => ({ name: a.certificate.name, serial: a.certificate.serial, expires: a.certificate.expires.toISOString(), ovpnPath: a.ovpnPath ?? null, key: a.key });

export function makeVpnCommand(deps: VpnDeps = { clients: systemClients, env: process.env }) {
  return defineCommand({
    name: 'vpn',
    summary: 'Client VPN certificates, one per developer: add-user NAME, add-users --from FILE, revoke NAME, revoke-users --from FILE, list, crl',
    details: [
      'add-user NAME             issue NAME a certificate and write out/<profile>/NAME.ovpn (once the VPN is deployed);',
      '                          the key cagw made is deleted from pki/ once it is in the .ovpn (the .ovpn is the delivery)',
      'add-user NAME --csr FILE  sign NAME\'s own certificate signing request instead: their key never reaches this machine',
      'add-users --from FILE     add every user of FILE (one name or email a line; blank lines and # comments ignored);',
      '                          a bad line stops the whole list, names already issued are skipped',
      'revoke NAME               revoke it, import the new revocation list into the endpoint, end NAME\'s open sessions',
      'revoke-users --from FILE  revoke every user of FILE with one revocation list (one import)',
      'list                      every certificate issued (valid, revoked, expired) and the endpoint\'s revocation list',
      'crl                       renew the revocation list and import it (yearly: it expires after 365 days; cagw deploy puts it on a new endpoint)',
      'The CA key (out/<profile>/pki/ca.key) is encrypted; every sub-command but list reads its passphrase from the',
      'account (Secrets Manager secret cagw/<profile>/vpn-ca-passphrase, made on the first run), or from the file named by',
      'CAGW_VPN_CA_PASSPHRASE_FILE (mode 0600) / CAGW_VPN_CA_PASSPHRASE, which win and are stored there if it holds none. docs/vpn.md',
      '',
      'Examples:',
      '  cagw vpn add-user ana.lopez --profile profiles/my.env',
      '  cagw vpn add-user bo.chen --csr bo.chen.csr --profile profiles/my.env',
      '  cagw vpn add-users --from developers.txt --profile profiles/my.env',
      '  cagw vpn revoke-users --from leavers.txt --profile profiles/my.env --json',
    ].join('\n'),
    flags: {
      profile: profileFlag,
      from: { type: 'string', value: 'FILE', desc: 'add-users, revoke-users: the file of users, one name or email a line' },
      csr: { type: 'string', value: 'FILE', desc: 'add-user: sign this certificate signing request of the developer (its common name must be NAME)' },
      json: { type: 'boolean', desc: 'print the result as one JSON document' },
    },
    positionals: [{ name: SUBS.join('|'), desc: 'what to do' }, { name: 'NAME', desc: 'the developer (add-user, revoke)' }],
    async run(flags, positionals, io) {
      const [subArg, name, ...extra] = positionals;
      if (!SUBS.includes(subArg as Sub)) throw new UsageError(subArg ? `unknown sub-command "${subArg}" for cagw vpn` : `say ${SUBS.join(', ')}`, USAGE);
      const sub = subArg as Sub;
      const needsName = sub === 'add-user' || sub === 'revoke';
      const needsFrom = sub === 'add-users' || sub === 'revoke-users';
      if (needsName && !name) throw new UsageError(`cagw vpn ${sub} needs the developer's name`, USAGE);
      if ((!needsName && name) || extra.length > 0) throw new UsageError(`too many arguments for cagw vpn ${sub}${needsFrom ? ` (the users come from --from FILE)` : ''}`, USAGE);
      if (needsFrom && !flags.from) throw new UsageError(`cagw vpn ${sub} needs --from FILE (one name or email a line)`, USAGE);
      if (!needsFrom && flags.from) throw new UsageError(`--from is for add-users and revoke-users, not ${sub}`, USAGE);
      if (sub !== 'add-user' && flags.csr) throw new UsageError(`--csr is for add-user, not ${sub}`, USAGE);
      // a bad name or list is refused before the profile, the passphrase or AWS are read
      if (needsName) assertClientName(name as string);
      const users = needsFrom ? readUserList(flags.from as string) : [];
      const csr = flags.csr ? { pem: readCsr(flags.csr), where: flags.csr } : undefined;

      const settings = loadProfile(flags.profile, io, deps.env);
      if (!settings.ENABLE_VPN) io.warn('ENABLE_VPN is false in this profile: certificates are kept locally until the VPN is deployed');
      const outDir = outDirOf(flags.profile, deps.outRoot);
      const { s3, sts, secrets, ...clients } = deps.clients(settings);
      const pkiDir = join(outDir, 'pki');
      // the CA lives in the account: pulled before, pushed back after a change (state/pki-store.ts)
      const access = s3 && sts ? { s3, sts, region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(flags.profile) } : undefined;
      const pulled = access ? await pullPki(access, pkiDir) : undefined;
      // and so does its passphrase (vpn/ca-passphrase-secret.ts): the operator needs none of their own
      const passphrase = s3 && secrets && pulled
        ? async () => (await resolveCaPassphrase(deps.env, {
          secrets, profile: profileName(flags.profile), awsProfile: settings.AWS_PROFILE,
          kmsKeyId: await stateKeyOf(s3, { name: pulled.bucket, account: pulled.account, from: pulled.from }, settings.AWS_PROFILE),
        }, existsSync(join(pkiDir, 'ca.key')))).passphrase
        : () => readCaPassphrase(deps.env);
      const ctx: VpnContext = {
        ...clients, outDir, pkiDir, prefix: settings.STACK_PREFIX, vpnStackName: settings.stackNames.vpn, passphrase, awsProfile: settings.AWS_PROFILE,
      };
      const changed = async () => {
        if (access && pulled) await pushPki(access, ctx.pkiDir, pulled);
      };

      if (sub === 'add-user') {
        const added = await addUser(ctx, name as string, csr ? { csr } : {});
        await changed();
        io.result(flags.json ? addedJson(added) : describeAdded(added));
        return 0;
      }
      if (sub === 'add-users') {
        const { added, skipped } = await addUsers(ctx, users);
        await changed();
        if (flags.json) io.result({ added: added.map(addedJson), skipped });
        else {
          const lines = [...added.map(describeAdded), ...skipped.map((s) => `${s.where}: ${s.name} skipped: ${s.reason}`)];
          io.result(`${lines.join('\n')}\n\n${added.length} added, ${skipped.length} skipped`);
        }
        return 0;
      }
      if (sub === 'revoke') {
        const revoked = await revokeUser(ctx, name as string);
        await changed();
        if (flags.json) io.result({ name, endpointId: revoked.endpointId ?? null, disconnected: revoked.disconnected });
        else io.result(revoked.endpointId
          ? `${name}: revoked; the endpoint ${revoked.endpointId} refuses the certificate from now on${revoked.disconnected.length ? `; ended ${revoked.disconnected.length} open session(s)` : ''}`
          : `${name}: revoked in the local CA; the VPN is not deployed, so there was no endpoint to tell (cagw deploy imports the list)`);
        return 0;
      }
      if (sub === 'revoke-users') {
        const done = await revokeUsers(ctx, users);
        await changed();
        if (flags.json) io.result({ revoked: done.revoked, skipped: done.skipped, endpointId: done.endpointId ?? null, disconnected: done.disconnected });
        else {
          const where = done.revoked.length === 0 ? 'nothing revoked' : done.endpointId
            ? `revoked ${done.revoked.join(', ')}; one revocation list imported into ${done.endpointId}${done.disconnected.length ? `; ended ${done.disconnected.length} open session(s)` : ''}`
            : `revoked ${done.revoked.join(', ')} in the local CA; the VPN is not deployed (cagw deploy imports the list)`;
          io.result([where, ...done.skipped.map((s) => `${s.where}: ${s.name} skipped: ${s.reason}`)].join('\n'));
        }
        return 0;
      }
      if (sub === 'crl') {
        const { endpointId } = await refreshCrl(ctx);
        await changed();
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
