// One isolated Handlebars environment for cagw's templates. HTML escaping is off (this is YAML);
// instead every interpolation must go through the `yaml` or `yamlList` helper, which emit safe
// YAML scalars. template-engine.test.ts walks each template's syntax tree to prove it.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { yamlFlowList, yamlScalar } from './yaml-scalar.ts';

export const TEMPLATE_DIR = new URL('../templates/', import.meta.url);

/** Helpers allowed to appear in a `{{ }}` mustache: each returns a safe YAML fragment. */
export const SAFE_HELPERS = ['yaml', 'yamlList'] as const;

const handlebars = Handlebars.create();
handlebars.registerHelper('yaml', (value: unknown) => {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TypeError(`template asked to render ${typeof value} as a YAML scalar`);
  }
  return yamlScalar(value);
});
handlebars.registerHelper('yamlList', (values: unknown) => {
  if (!Array.isArray(values)) throw new TypeError('template asked to render a non-list as a YAML list');
  return yamlFlowList(values);
});

export function readTemplateSource(name: string): string {
  return readFileSync(new URL(name, TEMPLATE_DIR), 'utf8');
}

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Renders templates/<name> with `view`; `strict` makes a missing view field an error, not ''. */
export function renderTemplate(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    template = handlebars.compile(readTemplateSource(name), { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(view);
}
