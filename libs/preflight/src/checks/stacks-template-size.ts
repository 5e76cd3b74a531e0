// CloudFormation takes at most 51,200 bytes of template body inline (without an S3 bucket).
import { INLINE_TEMPLATE_LIMIT_BYTES, loadTemplate } from '@cagw/cloudformation';
import { combineOutcomes, fail, pass, type PreflightCheck } from '../check.ts';
import { templatesOf } from './stack-templates.ts';

export const stacksTemplateSize: PreflightCheck = {
  id: 'stacks.template-size',
  title: 'every template fits the inline size limit',
  needs: 'offline',
  reads: ['IDP_MODE', 'ENABLE_COLLECTOR', 'ENABLE_VPN'],
  async run({ settings }) {
    const sizes = await Promise.all(templatesOf(settings).map(async (stack) => ({ stack, bytes: Buffer.byteLength((await loadTemplate(stack)).body, 'utf8') })));
    const over = sizes.filter((t) => t.bytes > INLINE_TEMPLATE_LIMIT_BYTES);
    if (over.length > 0) {
      return combineOutcomes(over.map((t) => fail(`template ${t.stack}.yaml is ${t.bytes} bytes, over the ${INLINE_TEMPLATE_LIMIT_BYTES}-byte inline limit`, 'report this as a cagw bug: the template must be split')), '');
    }
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    return pass(`${sizes.length} templates, the largest (${largest.stack}) ${largest.bytes} of ${INLINE_TEMPLATE_LIMIT_BYTES} bytes`);
  },
};
