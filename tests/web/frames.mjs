// What a page sent over its WebSocket and what answered it (page.sent / page.received, see
// harness.mjs openPage): a message and its ack, and a tap on the +1 pad with its ack.
import assert from 'node:assert/strict';
import { until } from './harness.mjs';

// The first `type` message the page sent after index `from`, and the ack (or error) to it.
export async function sentAndAcked(page, type, from) {
  const sent = await until(() => page.sent.slice(from).find((s) => s.frame.type === type), { message: `${page.label} to send ${type}` });
  const answer = await until(() => page.received.find((r) => r.frame.req === sent.frame.req && (r.frame.type === 'ack' || r.frame.type === 'error')),
    { message: `the answer to ${type}` });
  assert.equal(answer.frame.type, 'ack', `${type} answered ${JSON.stringify(answer.frame)}`);
  return { sent: sent.frame, ack: answer };
}

// A tap on the page's +1 for `metric`; resolves with the ack ({frame, at}).
export async function tap(page, metric) {
  const from = page.sent.length;
  await page.click(`button[data-metric="${metric}"]`);
  return (await sentAndAcked(page, 'log', from)).ack;
}

// A side's sum of a pair-vs-pair challenge as a page shows it: rep pages in li.ch, the wall in .wall-h2h.
export const sideOn = (page, id, pair) => page.evaluate(([i, p]) => document.querySelector(
  `:is(li.ch, .wall-h2h)[data-challenge="${i}"] [data-pair="${p}"] .side-count`)?.dataset.count ?? null, [id, pair]);

// Every page of `list` shows `pair` at `count` within a second of `since` (an ack's time); the slowest delay.
export async function allShow(list, id, pair, count, since) {
  const seen = await Promise.all(list.map((page) => until(async () => ((await sideOn(page, id, pair)) === String(count) ? Date.now() : null),
    { timeout: Math.max(0, since + 1000 - Date.now()), interval: 15, message: `${pair} at ${count} on ${page.label} within 1 s of the ack` })
    .catch(async (err) => {
      const shown = await page.evaluate(([i]) => [...document.querySelectorAll(`[data-challenge="${i}"]`)]
        .map((e) => `${e.className}: ${e.textContent}`).join(' | '), [id]);
      throw new Error(`${err.message}; the page shows ${shown || 'no such challenge'}`);
    })));
  return Math.max(...seen) - since;
}
