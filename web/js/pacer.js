// A token bucket for outgoing frames. The server allows a burst of 100 and 20 a second per
// connection (protocol.md); staying well inside leaves room for resubscribing while an
// offline queue flushes.
const BURST = 40;
const PER_SECOND = 12;

export function createPacer(send, { burst = BURST, perSecond = PER_SECOND } = {}) {
  const queue = [];
  let tokens = burst, refilledAt = performance.now(), pausedUntil = 0, timer = 0;

  function pump() {
    clearTimeout(timer);
    timer = 0;
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * perSecond);
    refilledAt = now;
    while (queue.length && tokens >= 1 && now >= pausedUntil) {
      tokens -= 1;
      send(queue.shift());
    }
    if (!queue.length) return;
    const wait = Math.max(pausedUntil - now, ((1 - tokens) / perSecond) * 1000, 5);
    timer = setTimeout(pump, wait);
  }

  return {
    push(item) { queue.push(item); pump(); },
    clear() { queue.length = 0; clearTimeout(timer); timer = 0; },
    reset() { tokens = burst; refilledAt = performance.now(); pausedUntil = 0; },
    pause(ms) { pausedUntil = performance.now() + ms; tokens = 0; },
    get size() { return queue.length; },
  };
}
