import { readdirSync } from 'node:fs';
import Handlebars from 'handlebars';
import { describe, expect, test } from 'vitest';
import { SAFE_HELPERS, TEMPLATE_DIR, readTemplateSource } from './template-engine.ts';

// Walks a template's syntax tree and lists every output mustache that is not a safe helper call.
function unsafeMustaches(source: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; path?: { original?: string }; params?: unknown[]; escaped?: boolean; loc?: { start: { line: number } } };
    if (n.type === 'MustacheStatement') {
      const helper = n.path?.original ?? '';
      const safe = (SAFE_HELPERS as readonly string[]).includes(helper) && n.params?.length === 1 && n.escaped === true;
      if (!safe) found.push(`line ${n.loc?.start.line}: {{${helper}${n.params?.length ? ' …' : ''}}}`);
    }
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(Handlebars.parse(source));
  return found;
}

describe('templates', () => {
  const templates = readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.hbs'));

  test('there is at least the gateway template', () => {
    expect(templates).toContain('gateway.yaml.hbs');
  });

  test.each(templates)('every value interpolated by %s goes through a YAML-safe helper', (name) => {
    expect(unsafeMustaches(readTemplateSource(name))).toEqual([]);
  });

  test('the checker catches a bare interpolation and a triple-stash', () => {
    expect(unsafeMustaches('a: {{value}}\nb: {{{raw}}}\nc: {{yaml ok}}\n')).toEqual(['line 1: {{value}}', 'line 2: {{raw}}']);
  });
});
