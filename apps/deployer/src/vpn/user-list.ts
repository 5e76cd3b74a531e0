// A file of VPN users for `cagw vpn add-users --from FILE` and `revoke-users --from FILE`: one
// name or email a line; blank lines and # comments ignored. Every bad line is reported at once,
// as FILE:LINE, so a list of hundreds is fixed in one pass and nothing is issued from a bad list.
import { readFileSync } from 'node:fs';
import { CagwError } from '@cagw/errors';
import { clientNameProblem } from './client-name.ts';

export interface ListedUser {
  name: string;
  /** FILE:LINE */
  where: string;
}

export function readUserList(path: string): ListedUser[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CagwError('VpnUserListUnreadable', `the user list ${path} cannot be read: ${(e as Error).message}`, {
      source: 'user', where: path, fix: 'give --from a text file with one name or email a line', cause: e,
    });
  }
  return parseUserList(text, path);
}

export function parseUserList(text: string, path: string): ListedUser[] {
  const users: ListedUser[] = [];
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const name = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!name) return;
    const problem = clientNameProblem(name);
    const seen = firstLine.get(name);
    if (problem) problems.push(`${path}:${line}: ${problem.message}`);
    else if (seen !== undefined) problems.push(`${path}:${line}: "${name}" is listed twice (first on line ${seen})`);
    else {
      firstLine.set(name, line);
      users.push({ name, where: `${path}:${line}` });
    }
  });
  if (problems.length > 0) {
    throw new CagwError('VpnUserListInvalid', `${problems.length} line(s) of ${path} cannot name a VPN user, so nobody was added or revoked:\n${problems.map((p) => `  ${p}`).join('\n')}`, {
      source: 'user', where: path,
      fix: 'correct or delete those lines and run the command again: a name is 1 to 64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit, and not a name of the CA\'s own files (ca, server, crl...)',
    });
  }
  if (users.length === 0) {
    throw new CagwError('VpnUserListInvalid', `${path} names no VPN user (only blank lines and comments)`, { source: 'user', where: path, fix: 'write one name or email a line' });
  }
  return users;
}
