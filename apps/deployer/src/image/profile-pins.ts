// Writes pinned values into a profile's text in place: the line that sets the variable keeps
// its position, its `export`, and a trailing comment; every other line is left byte for byte.
// A variable the profile does not set yet is appended, with a comment saying where it came from.

/** The value a profile line sets NAME to, or undefined when no line does (the last one wins). */
export function profileValue(text: string, name: string): string | undefined {
  let value: string | undefined;
  for (const line of text.split('\n')) {
    const match = assignment(name).exec(line);
    if (match) value = unquote(match[3] ?? '');
  }
  return value;
}

/** `text` with NAME set to `value`; `note` is the comment above an appended line. */
export function setProfileValue(text: string, name: string, value: string, note: string): string {
  const lines = text.split('\n');
  let last = -1;
  lines.forEach((line, i) => {
    if (assignment(name).test(line)) last = i;
  });
  if (last >= 0) {
    lines[last] = lines[last]!.replace(assignment(name), (_all, indent: string, exported: string, _value: string, comment: string | undefined) => `${indent}${exported}${name}=${value}${comment ?? ''}`);
    return lines.join('\n');
  }
  const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  return `${body}# ${note}\n${name}=${value}\n`;
}

// indent, `export `, the value (quoted or bare), then an optional ` # comment`
const assignment = (name: string) => new RegExp(`^(\\s*)((?:export\\s+)?)${name}\\s*=\\s*("[^"]*"|'[^']*'|[^\\s#]*)(\\s+#.*)?\\s*$`);

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}
