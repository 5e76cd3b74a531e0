// Parses a CloudFormation YAML template into plain values (short forms turned into long
// forms) and remembers the line of every node, so a finding can name file:line.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { SHORT_FORM_KEYS, cfnCustomTags } from './cfn-tags.ts';
import type { Finding } from './finding.ts';

export type TemplatePath = (string | number)[];

export interface ParsedTemplate {
  file: string;
  text: string;
  /** size in bytes as CloudFormation counts it (UTF-8) */
  bytes: number;
  /** the template as plain values; undefined when the YAML did not parse */
  body: Record<string, unknown>;
  /** line (1-based) of the node at path, or of its nearest ancestor that exists */
  lineOf(path: TemplatePath): number;
  /** YAML syntax errors, as findings */
  syntaxErrors: Finding[];
}

const pathKey = (path: TemplatePath) => path.join('\u0000');

/** What parsing a text yields, whatever file it came from. */
interface ParsedText {
  body: Record<string, unknown>;
  lines: Map<string, number>;
  syntaxErrors: Omit<Finding, 'file'>[];
}

// A deploy plans, diffs and models the same few templates again and again (the fake
// CloudFormation, the guarded-change and edit checks each parse what they are given): parsing
// was over half of a deploy's CPU. The result is frozen, so one caller cannot change another's.
const parsedTexts = new Map<string, ParsedText>();
const PARSED_TEXTS_KEPT = 64;

export function parseTemplate(text: string, file: string): ParsedTemplate {
  let parsed = parsedTexts.get(text);
  if (!parsed) {
    parsed = parseText(text);
    if (parsedTexts.size >= PARSED_TEXTS_KEPT) parsedTexts.delete(parsedTexts.keys().next().value!);
    parsedTexts.set(text, parsed);
  }
  const { body, lines, syntaxErrors } = parsed;
  return {
    file,
    text,
    bytes: Buffer.byteLength(text, 'utf8'),
    body,
    syntaxErrors: syntaxErrors.map((e) => ({ file, ...e })),
    lineOf(path) {
      for (let end = path.length; end >= 0; end--) {
        const line = lines.get(pathKey(path.slice(0, end)));
        if (line !== undefined) return line;
      }
      return 1;
    },
  };
}

function parseText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { customTags: cfnCustomTags, lineCounter, uniqueKeys: true });
  const lines = new Map<string, number>();
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  // errors are broken YAML; warnings include tags that are not CloudFormation's
  const syntaxErrors = [...doc.errors, ...doc.warnings].map((e) => ({
    line: e.linePos?.[0].line ?? 1,
    rule: 'YAML_SYNTAX',
    message: e.message.split('\n')[0] ?? e.message,
    fix: 'correct the YAML at this line',
  }));

  const toValue = (node: unknown, path: TemplatePath): unknown => {
    if (isAlias(node)) return toValue(node.resolve(doc as Document), path);
    if (!node || typeof node !== 'object') return node;
    const n = node as Node;
    // a tagged node becomes { "Fn::X": value }: its children live under that key
    const longKey = n.tag?.startsWith('!') ? SHORT_FORM_KEYS[n.tag.slice(1)] : undefined;
    const base = longKey ? [...path, longKey] : path;
    // a key's own line wins over its value's (a block mapping starts on the next line)
    for (const p of [path, base]) {
      if (n.range && !lines.has(pathKey(p))) lines.set(pathKey(p), lineAt(n.range[0]));
    }
    let value: unknown;
    if (isMap(n)) {
      const obj: Record<string, unknown> = {};
      for (const pair of n.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (isScalar(pair.key) && pair.key.range) lines.set(pathKey([...base, key]), lineAt(pair.key.range[0]));
        obj[key] = toValue(pair.value, [...base, key]);
      }
      value = obj;
    } else if (isSeq(n)) {
      value = n.items.map((item, i) => toValue(item, [...base, i]));
    } else if (isScalar(n)) {
      value = n.value;
    }
    return longKey ? longForm(longKey, value) : value;
  };

  const body = toValue(doc.contents, []);
  return {
    body: deepFreeze(body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}),
    lines,
    syntaxErrors,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function longForm(key: string, value: unknown): unknown {
  // `!GetAtt Resource.Attribute.Path` splits at the first dot only
  if (key === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { [key]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [key]: value };
}
