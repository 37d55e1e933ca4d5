// The subscriptions a page wants and the last state of each topic. Survives reconnects: on
// every welcome live.js asks for all of them again. Applies a topic frame only when its seq
// is above the last one applied (protocol.md), and tells views about topics a server lacks.
const PERMANENT = new Set(['not_found', 'bad_request', 'forbidden']);

export function createTopics(request, isOnline) {
  const topics = new Map(); // topic -> { handlers, errorHandlers, seq, data, fresh, failed }

  function send(topic, entry) {
    entry.fresh = true;
    entry.failed = null;
    request({ type: 'subscribe', topic }).catch((err) => {
      if (topics.get(topic) !== entry) return;
      if (!PERMANENT.has(err.code)) {
        // Lost with the connection: asked again on the next welcome. Busy: ask again soon.
        if (err.code === 'rate_limited' || err.code === 'unavailable') {
          setTimeout(() => isOnline() && topics.get(topic) === entry && send(topic, entry), 2000);
        }
        return;
      }
      entry.failed = err; // e.g. a topic this server does not have (yet)
      for (const fn of [...entry.errorHandlers]) fn(err);
    });
  }

  return {
    // onData(data, frame) runs for the current state and every newer one; returns an unsubscriber.
    subscribe(topic, onData, onError) {
      let entry = topics.get(topic);
      if (!entry) {
        entry = { handlers: new Set(), errorHandlers: new Set(), seq: null, data: null, fresh: true, failed: null };
        topics.set(topic, entry);
        if (isOnline()) send(topic, entry);
      }
      entry.handlers.add(onData);
      if (onError) entry.errorHandlers.add(onError);
      if (entry.data) queueMicrotask(() => entry.handlers.has(onData) && onData(entry.data));
      else if (entry.failed && onError) queueMicrotask(() => onError(entry.failed));
      return () => {
        entry.handlers.delete(onData);
        entry.errorHandlers.delete(onError);
        if (entry.handlers.size || topics.get(topic) !== entry) return;
        topics.delete(topic);
        if (isOnline() && !entry.failed) request({ type: 'unsubscribe', topic }).catch(() => {});
      };
    },
    resubscribeAll() {
      for (const [topic, entry] of topics) send(topic, entry);
    },
    // True when the frame was newer than what the views have, and they have it now.
    apply(frame) {
      const entry = topics.get(frame.topic);
      if (!entry || typeof frame.seq !== 'number') return false;
      // The first frame after (re)subscribing on a connection is that server's current state;
      // after it, only a higher seq is newer.
      if (!entry.fresh && entry.seq != null && frame.seq <= entry.seq) return false;
      entry.fresh = false;
      entry.seq = frame.seq;
      entry.data = frame.data;
      for (const fn of [...entry.handlers]) fn(frame.data, frame);
      return true;
    },
    first() { return topics.keys().next().value; },
  };
}
