// A module resolve hook for running cagw from its sources inside the workspace: the cagw
// libraries export their TypeScript sources under the "development" condition, and their
// built JavaScript otherwise.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('development') ? context.conditions : [...context.conditions, 'development'];
  return nextResolve(specifier, { ...context, conditions });
}
