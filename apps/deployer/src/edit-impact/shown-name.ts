// A custom name as people read it: the parts another resource fills in (`<UserPool>|admin`: the
// pool's id, not known offline) are left out, so `admin`; a name made only of such parts is
// shown as the resources it comes from.

export function shownName(name: string, logicalId: string): string {
  const parts = name.split('|');
  const placeholder = /^<([A-Za-z0-9]+)[^>]*>(?:\.\w+)?$/;
  const literal = parts.filter((p) => !placeholder.test(p));
  // a part built around another resource's id keeps it as <Id> (<new Id> when that one is being replaced)
  if (literal.length > 0) return literal.join('|').replace(/<([A-Za-z0-9]+) after its replacement>/g, '<new $1>');
  const from = parts.map((p) => placeholder.exec(p)?.[1]).filter((id): id is string => id !== undefined);
  return from.length > 0 ? `set from ${from.join(', ')}` : logicalId;
}
