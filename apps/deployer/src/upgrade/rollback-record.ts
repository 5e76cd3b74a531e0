// What `cagw rollback` returns to: the Claude Code version and the exact image (by digest) the
// gateway stack ran before `cagw upgrade`, kept in out/<profile>/rollback.json (no secret).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CagwError } from '@cagw/errors';

export interface RollbackRecord {
  previousVersion: string;
  /** the gateway stack's GatewayImageUri before the upgrade */
  previousImage: string;
  upgradedTo: string;
  at: string;
}

export function writeRollbackRecord(path: string, record: RollbackRecord): void {
  // out/<profile>/ also holds the VPN's keys and .ovpn files: its owner's only (issue 27.9)
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
}

export function readRollbackRecord(path: string): RollbackRecord {
  if (!existsSync(path)) {
    throw new CagwError('NothingToRollBack', `there is no record of an upgrade to roll back (${path})`, {
      source: 'user',
      where: path,
      fix: 'cagw rollback returns to what ran before the last cagw upgrade of this profile; without one, deploy the previous CLAUDE_VERSION with cagw deploy',
    });
  }
  const record = JSON.parse(readFileSync(path, 'utf8')) as Partial<RollbackRecord>;
  if (!record.previousVersion || !record.previousImage || !record.upgradedTo) {
    // records of an earlier cagw named an ECS task definition, which CloudFormation deregisters
    throw new CagwError('NothingToRollBack', `${path} does not name the version and image to return to (it was written by an earlier cagw)`, {
      source: 'user',
      where: path,
      fix: 'set CLAUDE_VERSION in the profile to the version that ran before and run cagw deploy: the image of that version is reused from ECR',
    });
  }
  return record as RollbackRecord;
}
