import { describe, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { assertFitsParameterLimit, byteBudget } from './byte-budget.ts';
import { generateGroupPolicies } from './policy-capacity.ts';
import { renderGatewayConfig } from './render-gateway-config.ts';
import { renderInputFixture } from './render-input.fixture.ts';

describe('byte budget', () => {
  test('a config within the limit passes', () => {
    expect(() => assertFitsParameterLimit(byteBudget('a: 1\n', 'x'.repeat(4096)), 3)).not.toThrow();
  });

  test('one byte over gives the count, the limit and what to trim', () => {
    const budget = byteBudget('a: 1\n', 'x'.repeat(4097));
    expect(budget.fits).toBe(false);
    let error: unknown;
    try {
      assertFitsParameterLimit(budget, 250);
    } catch (e) {
      error = e;
    }
    expect(CagwError.is(error) && error.code).toBe('GatewayConfigTooLarge');
    expect((error as CagwError).message).toBe("the packed gateway config is 4097 bytes, 1 over CloudFormation's 4096-byte parameter limit");
    expect((error as CagwError).fix).toMatch(/250 now/);
  });

  test('at least 200 group policies with a 3-model allowlist and 2 denied tools fit a full profile', () => {
    const rendered = renderGatewayConfig(renderInputFixture({ policies: generateGroupPolicies(200) }));
    expect(rendered.config.managed?.policies).toHaveLength(201);
    expect(rendered.budget.fits).toBe(true);
  });

  test('twice as many do not fit, and the render says so instead of failing', () => {
    const rendered = renderGatewayConfig(renderInputFixture({ policies: generateGroupPolicies(400) }));
    expect(rendered.budget.fits).toBe(false);
    expect(() => assertFitsParameterLimit(rendered.budget, 401)).toThrow(/over CloudFormation's 4096-byte parameter limit/);
  });
});
