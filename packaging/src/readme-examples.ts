// The runnable examples of a README: every ```js block. A README's ```ts and ```sh blocks are
// illustrations; a ```js block is a promise that it runs as is, so the consumer test runs it.
export function readmeExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}
