// Never lose a tap: each tap is stored in localStorage with its idempotency id before it is
// sent, and leaves the store only when the server has answered for it. Resending the same id
// counts once (protocol.md), so a tap whose ack was lost in a disconnect is simply sent again.
import { read, write } from './storage.js';

const FRESH_MS = 5000; // sent within this of the tap: the server's "now" is its time
const RETRY_MS = 2000;
const DONE_KEPT = 300;

export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs https
  return 'w' + btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const valid = (i) => i && typeof i.id === 'string' && typeof i.metric === 'string' &&
  Number.isInteger(i.delta) && i.delta !== 0 && Number.isFinite(i.t);

export function createOutbox(live, key) {
  const listeners = new Map();
  const inflight = new Set();
  let items = [], done = [], retryTimer = 0;

  const emit = (name, detail) => { for (const fn of listeners.get(name) || []) fn(detail); };

  function stored() {
    const s = read(key, {}) || {};
    return { items: Array.isArray(s.items) ? s.items.filter(valid) : [], done: Array.isArray(s.done) ? s.done : [] };
  }

  // Union with what other tabs of the same rep stored, so no tab drops another's tap.
  function merge(persist) {
    const other = stored();
    const finished = new Set([...other.done, ...done]);
    const byId = new Map();
    for (const item of [...other.items, ...items]) if (!finished.has(item.id)) byId.set(item.id, { ...byId.get(item.id), ...item });
    items = [...byId.values()].sort((a, b) => a.t - b.t);
    done = [...finished].slice(-DONE_KEPT);
    if (persist) write(key, { items, done });
    emit('change', items);
  }

  function finish(id) {
    items = items.filter((i) => i.id !== id);
    done.push(id);
    merge(true);
  }

  // The time to send with a tap that waited: the tap's own time on the server's clock.
  function atFor(item) {
    if (item.noAt || Date.now() - item.t < FRESH_MS) return undefined;
    const serverNow = Date.now() + live.skewMs;
    return new Date(Math.min(item.t + live.skewMs, serverNow - 2000)).toISOString();
  }

  function retrySoon(ms = RETRY_MS) {
    if (!retryTimer) retryTimer = setTimeout(() => { retryTimer = 0; pump(); }, ms);
  }

  function pump() {
    if (live.status !== 'online') return;
    for (const item of items) {
      if (inflight.has(item.id)) continue;
      inflight.add(item.id);
      const at = atFor(item);
      const message = { type: 'log', metric: item.metric, delta: item.delta, id: item.id };
      if (at) message.at = at;
      live.request(message).then((result) => {
        inflight.delete(item.id);
        finish(item.id);
        emit('acked', { item, at, result });
      }, (err) => {
        inflight.delete(item.id);
        if (err.code === 'offline' || err.code === 'disconnected') return; // resent once reconnected
        if (err.code === 'rate_limited' || err.code === 'unavailable') return retrySoon();
        if (err.code === 'bad_request' && /^at\b/.test(err.message || '') && !item.noAt) {
          item.noAt = true; // e.g. older than the server accepts: count it now rather than never
          merge(true);
          return retrySoon(0);
        }
        finish(item.id); // it can never succeed (forbidden, unknown metric): say so once
        emit('rejected', { item, error: err });
      });
    }
  }

  function onStorage(e) {
    if (e.key !== key) return;
    merge(false); // adopt, don't write back: two tabs must not echo each other forever
    pump();
  }
  merge(false);
  const offStatus = live.on('status', (s) => s === 'online' && pump());
  addEventListener('storage', onStorage);

  return {
    on(name, fn) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name).add(fn);
      return () => listeners.get(name)?.delete(fn); // after destroy() too (a view unmounted later)
    },
    add(metric, delta = 1, t = Date.now()) {
      const item = { id: newId(), metric, delta, t, queued: Date.now() }; // t: when it happened
      items.push(item);
      merge(true);
      pump();
      return item;
    },
    // Takes back a tap that has not gone out yet; false once it may have reached the server.
    cancel(id) {
      if (inflight.has(id) || !items.some((i) => i.id === id)) return false;
      finish(id);
      return true;
    },
    // The sum of the deltas still to be recorded (for a metric; only taps older than olderThanMs).
    pending(metric, olderThanMs = 0) {
      const before = Date.now() - olderThanMs;
      return items.reduce((sum, i) => sum + ((metric == null || i.metric === metric) && (i.queued ?? i.t) <= before ? i.delta : 0), 0);
    },
    get size() { return items.length; },
    get items() { return items.slice(); },
    pump,
    destroy() {
      offStatus();
      removeEventListener('storage', onStorage);
      clearTimeout(retryTimer);
      listeners.clear();
    },
  };
}
