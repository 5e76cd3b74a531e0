import { expect, test } from 'vitest';
import { oneQuestionAtATime } from './one-question-at-a-time.ts';

/** lets every promise callback already due run */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a second question waits until the first is answered, and each gets its own answer', async () => {
  const open: { code: string; answer: (yes: boolean) => void }[] = [];
  const confirm = oneQuestionAtATime((request) => new Promise<boolean>((answer) => open.push({ code: request.code, answer })));
  const first = confirm({ code: 'CAGW_TEST_Q0001', text: 'first?', defaultAnswer: false });
  const second = confirm({ code: 'CAGW_TEST_Q0002', text: 'second?', defaultAnswer: false });
  await settle();
  expect(open.map((q) => q.code)).toEqual(['CAGW_TEST_Q0001']);
  open[0]?.answer(true);
  expect(await first).toBe(true);
  await settle();
  expect(open.map((q) => q.code)).toEqual(['CAGW_TEST_Q0001', 'CAGW_TEST_Q0002']);
  open[1]?.answer(false);
  expect(await second).toBe(false);
});

test('a question that fails (no terminal to ask on) fails alone; the next is still asked', async () => {
  const asked: string[] = [];
  const confirm = oneQuestionAtATime(async (request) => {
    asked.push(request.code);
    if (request.code === 'CAGW_TEST_Q0001') throw new Error('no terminal');
    return true;
  });
  const first = confirm({ code: 'CAGW_TEST_Q0001', text: 'first?', defaultAnswer: false });
  const second = confirm({ code: 'CAGW_TEST_Q0002', text: 'second?', defaultAnswer: false });
  await expect(first).rejects.toThrow('no terminal');
  expect(await second).toBe(true);
  expect(asked).toEqual(['CAGW_TEST_Q0001', 'CAGW_TEST_Q0002']);
});
