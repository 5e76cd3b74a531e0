// cagw state push: moves what an earlier cagw kept only in ./out/<profile>/ into the account's
// state bucket, once, so every operator and CI work from it: the VPN certificate authority
// (pki/, its key as openssl encrypted it, without developers' keys) and the rollback record.
// What the account already holds is kept: it is the newer truth another operator works from.
// cagw state history: the profile's deploy history (state/history-store.ts), oldest first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Settings } from '@cagw/profile';
import { defineCommand } from '../cli/command-spec.ts';
import { formatTable } from '../cli/format-table.ts';
import { createDeployClients } from '../cli/deploy-aws-clients.ts';
import { loadProfile, profileFlag, profileName } from '../cli/load-profile.ts';
import { outDirOf } from '../cli/run-deployment.ts';
import { UsageError } from '../cli/usage-error.ts';
import { listHistory, type HistoryRecord } from '../state/history-store.ts';
import { pullPki, pushPki } from '../state/pki-store.ts';
import { accountRollbackRecord, saveRollbackRecord, type StateAccess } from '../state/rollback-store.ts';
import { readRollbackRecord } from '../upgrade/rollback-record.ts';

const USAGE = 'cagw state push|history --profile FILE [--json]';

export interface StateDeps {
  clients(settings: Settings): { s3: S3Client; sts: STSClient };
  env: NodeJS.ProcessEnv;
  /** folder under which ./out/<profile>/ is (default the working folder) */
  outRoot?: string;
}

const systemClients = (s: Settings) => {
  const { s3, sts } = createDeployClients(s);
  return { s3: s3 as S3Client, sts: sts as STSClient };
};

type Moved = { what: 'vpn-ca' | 'rollback-record'; result: 'moved' | 'already-in-account' | 'none-here'; where: string };

export function makeStateCommand(deps: StateDeps = { clients: systemClients, env: process.env }) {
  return defineCommand({
    name: 'state',
    summary: "Move a profile's ./out/ state (VPN CA, rollback record) into the account's state bucket; list its deploy history",
    details: [
      'cagw keeps the VPN certificate authority and the rollback record in the state bucket (the one',
      'cagw bootstrap made, else cagw-templates-<account>-<region>); out/<profile>/ is a cache. state push',
      'moves what an earlier cagw kept only there, once; what the account already holds is kept.',
      'state history lists every deploy, upgrade, rollback and destroy of the profile, oldest first:',
      'when, who (the STS caller ARN), the command, how it ended, the gateway version, the profile digest, each stack.',
      'Examples:',
      '  cagw state push --profile profiles/prod.env',
      '  cagw state history --profile profiles/prod.env',
      '  cagw state history --profile profiles/prod.env --json',
      'docs/team.md says how a team works from the account.',
    ].join('\n'),
    positionals: [{ name: 'push|history', desc: 'what to do' }],
    flags: {
      profile: profileFlag,
      json: { type: 'boolean', desc: 'print the result as one JSON document (push: [{ what, result, where }]; history: the records)' },
    },
    async run(flags, positionals, io) {
      const [sub, ...extra] = positionals;
      if ((sub !== 'push' && sub !== 'history') || extra.length > 0) throw new UsageError(sub === undefined ? 'say push or history' : `unknown sub-command "${positionals.join(' ')}" for cagw state`, USAGE);
      const settings = loadProfile(flags.profile, io, deps.env);
      const access: StateAccess = { ...deps.clients(settings), region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(flags.profile) };
      if (sub === 'history') {
        const records = await listHistory(access);
        if (flags.json) io.result(records);
        else io.result(records.length === 0 ? `no deploy history for profile ${access.profile} in the account yet` : formatHistory(records));
        return 0;
      }
      const outDir = outDirOf(flags.profile, deps.outRoot);
      const moved: Moved[] = [];

      const pkiDir = join(outDir, 'pki');
      const inAccount = await pullPki(access, pkiDir, { write: false });
      const where = `s3://${inAccount.bucket}/${inAccount.key}`;
      if (!existsSync(join(pkiDir, 'ca.crt'))) moved.push({ what: 'vpn-ca', result: 'none-here', where: pkiDir });
      else if (inAccount.etag) moved.push({ what: 'vpn-ca', result: 'already-in-account', where });
      else {
        await pushPki(access, pkiDir, inAccount);
        moved.push({ what: 'vpn-ca', result: 'moved', where });
      }

      const recordPath = join(outDir, 'rollback.json');
      if (!existsSync(recordPath)) moved.push({ what: 'rollback-record', result: 'none-here', where: recordPath });
      else {
        const local = readRollbackRecord(recordPath);
        // the account's record, when it has one, is the newer truth: kept
        if (await accountRollbackRecord(access)) moved.push({ what: 'rollback-record', result: 'already-in-account', where: `the state bucket, profiles/${access.profile}/rollback.json` });
        else moved.push({ what: 'rollback-record', result: 'moved', where: await saveRollbackRecord(recordPath, local, access) });
      }
      if (flags.json) io.result(moved);
      else io.result(moved.map((m) => `${m.what === 'vpn-ca' ? 'VPN CA         ' : 'rollback record'}  ${m.result === 'moved' ? `moved to ${m.where}` : m.result === 'already-in-account' ? `already in the account (${m.where}): kept` : `none in ${m.where}`}`).join('\n'));
      return 0;
    },
  });
}

/** One row a run, oldest first: when, who, what, how it ended, the version, the profile, the stacks. */
function formatHistory(records: readonly HistoryRecord[]): string {
  return formatTable(['WHEN', 'COMMAND', 'RESULT', 'GATEWAY', 'PROFILE', 'BY', 'STACKS'], records.map((r) => [
    r.at, r.command, r.result, r.gatewayVersion, r.profileDigest.slice(0, 19), r.by, r.stacks.map((st) => `${st.name} ${st.outcome}`).join(', '),
  ]));
}

export const stateCommand = makeStateCommand();
