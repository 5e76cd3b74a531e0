// This run's templates on their way to CloudFormation: every one checked deliverable before
// anything is read or made, and each one over the inline limit uploaded once, when its first
// change set needs it.
import { CagwError } from '@cagw/errors';
import type { NodeId, StackPlan } from './stack-plan.ts';
import { assertDeliverable, templateDelivery, type TemplateStore } from './template-delivery.ts';

/** The TemplateURL a stack's change set names, or undefined when the template goes inline. */
export type TemplateUrlOf = (s: StackPlan) => Promise<string | undefined>;

/** A template that cannot be delivered stops the deploy before anything is read or made. */
export function assertTemplatesDeliverable(stacks: readonly StackPlan[], store: TemplateStore | undefined): void {
  for (const s of stacks) {
    assertDeliverable(s.stackName, s.templateBody);
    if (templateDelivery(s.templateBody) === 's3' && !store) {
      throw new CagwError('TemplateStoreMissing', `the template of ${s.stackName} is over the inline limit and no S3 staging bucket was given`, { source: 'internal', where: s.stackName });
    }
  }
}

export function templateUrls(store: TemplateStore | undefined): TemplateUrlOf {
  const uploads = new Map<NodeId, Promise<string>>();
  return (s) => {
    if (!store || templateDelivery(s.templateBody) === 'body') return Promise.resolve(undefined);
    let url = uploads.get(s.id);
    if (!url) {
      url = store.urlFor(s.stackName, s.templateBody);
      uploads.set(s.id, url);
    }
    return url;
  };
}
