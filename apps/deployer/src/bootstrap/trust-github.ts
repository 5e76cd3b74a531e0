// --trust-github ORG/REPO[:ENVIRONMENT]: the GitHub Actions workflows the deploy role trusts, as
// the sub claim of GitHub's OIDC token. With an environment the claim is
// repo:ORG/REPO:environment:ENV, otherwise the default branch's repo:ORG/REPO:ref:refs/heads/main
// (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims).
// Names follow GitHub's rules: owners of letters, digits and single hyphens (at most 39),
// repositories of letters, digits, '.', '_' and '-' (at most 100), environments without ':'.
import { CagwError } from '@cagw/errors';

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/;
const ENVIRONMENT = /^[A-Za-z0-9_.-]{1,255}$/;

/** The sub claim for the value of --trust-github; throws TrustGithubInvalid naming what is wrong. */
export function githubSubject(value: string): string {
  const [repoPart, environment, ...extra] = value.split(':');
  const [owner, repo, ...deeper] = (repoPart ?? '').split('/');
  const refuse = (what: string) => new CagwError('TrustGithubInvalid', `--trust-github "${value}": ${what}`, {
    source: 'user', where: '--trust-github',
    fix: 'pass ORG/REPO (the main branch) or ORG/REPO:ENVIRONMENT, e.g. --trust-github acme/claude-gateway:production',
  });
  if (extra.length > 0 || deeper.length > 0 || repo === undefined) throw refuse('is not ORG/REPO or ORG/REPO:ENVIRONMENT');
  if (!OWNER.test(owner ?? '')) throw refuse(`"${owner}" is not a GitHub owner name (letters, digits and single hyphens, at most 39)`);
  if (!REPO.test(repo)) throw refuse(`"${repo}" is not a GitHub repository name (letters, digits, '.', '_' and '-', at most 100)`);
  if (environment !== undefined && !ENVIRONMENT.test(environment)) throw refuse(`"${environment}" is not an environment name this role can trust (letters, digits, '.', '_' and '-')`);
  return environment === undefined ? `repo:${owner}/${repo}:ref:refs/heads/main` : `repo:${owner}/${repo}:environment:${environment}`;
}
