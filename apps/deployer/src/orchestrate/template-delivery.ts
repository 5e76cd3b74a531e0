// How a stack's template reaches CloudFormation: inline in the request (TemplateBody, at most
// 51,200 bytes) or uploaded to S3 first (TemplateURL, at most 1 MB). The generated
// observability template grows with the users in the spend thresholds, so it is measured here
// for every stack, every time.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
import { INLINE_TEMPLATE_LIMIT_BYTES } from '@cagw/cloudformation';
import { CagwError } from '@cagw/errors';

/** Template body size in an S3 object (CloudFormation quotas: 1 MB). */
export const S3_TEMPLATE_LIMIT_BYTES = 1_048_576;

export type TemplateDelivery = 'body' | 's3';

/** The size as CloudFormation counts it: UTF-8 bytes. */
export const templateBytes = (templateBody: string): number => Buffer.byteLength(templateBody, 'utf8');

export function templateDelivery(templateBody: string): TemplateDelivery {
  return templateBytes(templateBody) > INLINE_TEMPLATE_LIMIT_BYTES ? 's3' : 'body';
}

/** Refuses a template that not even S3 delivery can carry. */
export function assertDeliverable(stackName: string, templateBody: string): void {
  const bytes = templateBytes(templateBody);
  if (bytes <= S3_TEMPLATE_LIMIT_BYTES) return;
  throw new CagwError('TemplateTooLarge', `the template of ${stackName} is ${bytes} bytes, over CloudFormation's ${S3_TEMPLATE_LIMIT_BYTES}-byte limit for a template in S3`, {
    source: 'user', where: stackName,
    fix: 'fewer alarms: list fewer users in the spend thresholds (each user adds an alarm per cap and warning), or report this as a cagw bug if the stack is not the observability stack',
  });
}

/** Where templates too big to send inline are uploaded; returns the TemplateURL. */
export interface TemplateStore {
  urlFor(stackName: string, templateBody: string): Promise<string>;
}
