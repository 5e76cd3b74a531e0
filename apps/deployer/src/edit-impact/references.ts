// The names a template value refers to: Ref, Fn::GetAtt and the ${X} / ${X.Attr} of Fn::Sub.
// Used to tell which parameters (and which other resources) a changed property is made from.

export function referencesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencesIn(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') into.add(v);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') into.add(v[0]);
      else if (k === 'Fn::GetAtt' && typeof v === 'string') into.add(v.split('.')[0] as string);
      else if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(v) ? [v[0], v[1]] : [v, undefined];
        const own = new Set(Object.keys(vars && typeof vars === 'object' ? vars : {}));
        if (typeof text === 'string') {
          for (const m of text.matchAll(/\$\{([A-Za-z0-9:]+)(?:\.[A-Za-z0-9.]+)?\}/g)) if (!own.has(m[1] as string)) into.add(m[1] as string);
        }
        referencesIn(vars, into);
      } else referencesIn(v, into);
    }
  }
  return into;
}
