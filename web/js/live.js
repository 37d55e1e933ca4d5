// The only module that touches the WebSocket (protocol.md): connects with backoff, asks for
// every subscription again after a reconnect (topics.js keeps them and their seq), paces what
// it sends to stay inside the server's rate limit, and matches answers to requests. The token
// rides as a subprotocol (wolfpack.token.TOKEN), never in the URL: no access log or proxy sees it.
import { createPacer } from './pacer.js';
import { createTopics } from './topics.js';

// Capped at a few seconds: a wall or a rep's tab is back within about 3 s of the server's return
// (the jitter below spreads a floor's reconnects apart); the network coming back or the tab
// becoming visible tries at once.
const BACKOFF_MS = [250, 500, 1000, 2000, 2500];
const REQUEST_TIMEOUT_MS = 15000;
const QUIET_PROBE_MS = 70000; // the server pings every 30 s, but browsers hide pings from pages
const STABLE_MS = 10000; // a connection that lasted this long resets the backoff

export function createLive({ token, path = '/ws' }) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
  const listeners = new Map();
  const waiting = new Map(); // req -> { resolve, reject, timer }
  const unanswered = []; // reqs sent and not yet answered, in send order (answers come in order)
  let ws = null, attempt = 0, failedOpens = 0, welcomedAt = 0, nextReq = 1;
  let retryTimer = 0, quietTimer = 0, stopped = false;
  const live = { status: 'connecting', welcome: null, skewMs: 0, lastDataAt: 0, retryAt: 0 };
  const topics = createTopics((message) => live.request(message), () => live.status === 'online');
  const pacer = createPacer((item) => {
    if (item.req != null && !waiting.has(item.req)) return;
    ws.send(item.frame);
    if (item.req == null) return;
    unanswered.push(item.req);
    waiting.get(item.req).timer = setTimeout(() => abandon(), REQUEST_TIMEOUT_MS);
  });

  const emit = (name, detail) => { for (const fn of listeners.get(name) || []) fn(detail); };
  function setStatus(next) {
    live.status = next;
    emit('status', next);
  }

  function connect() {
    clearTimeout(retryTimer);
    if (stopped || ws) return;
    let socket;
    try {
      socket = new WebSocket(url, ['wolfpack.v1', `wolfpack.token.${token}`]);
    } catch {
      stopped = true; // a token with characters a subprotocol cannot carry is not one of ours
      setStatus('denied');
      return;
    }
    let welcomed = false;
    ws = socket;
    socket.onmessage = (e) => {
      if (ws !== socket) return;
      let frame;
      try { frame = JSON.parse(e.data); } catch { return; }
      if (frame.type === 'welcome') welcomed = true;
      onFrame(frame);
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      disconnected();
      if (!welcomed) probeToken(++failedOpens);
    };
  }

  // Gives up on a connection that stopped answering; its own close may take minutes.
  function abandon() {
    const socket = ws;
    if (!socket) return;
    disconnected();
    try { socket.close(4000, 'not answering'); } catch { /* already closing */ }
  }

  function disconnected() {
    ws = null;
    clearTimeout(quietTimer);
    pacer.clear();
    unanswered.length = 0;
    for (const [req, w] of waiting) {
      clearTimeout(w.timer);
      waiting.delete(req);
      w.reject({ code: 'disconnected', message: 'connection lost' });
    }
    if (welcomedAt && Date.now() - welcomedAt > STABLE_MS) attempt = 0;
    welcomedAt = 0;
    if (stopped) return;
    const delay = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)] * (0.75 + Math.random() * 0.5);
    live.retryAt = Date.now() + delay;
    retryTimer = setTimeout(connect, delay);
    setStatus('offline');
  }

  // A refused upgrade looks like any network failure to a page; ask over HTTP whether the
  // token is the reason (401/403), on the 1st, 3rd and every 10th failure in a row.
  function probeToken(n) {
    if (n !== 1 && n !== 3 && n % 10 !== 0) return;
    const metric = live.welcome?.team?.metrics?.[0]?.id || 'calls';
    fetch(`/api/v1/leaderboard?metric=${encodeURIComponent(metric)}&period=day`,
      { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' })
      .then((res) => {
        if (res.status !== 401 && res.status !== 403) return;
        stopped = true;
        clearTimeout(retryTimer);
        setStatus('denied');
      })
      .catch(() => { /* server unreachable: keep retrying */ });
  }

  function onFrame(frame) {
    clearTimeout(quietTimer);
    quietTimer = setTimeout(probeQuiet, QUIET_PROBE_MS);
    switch (frame.type) {
      case 'welcome': {
        const serverNow = Date.parse(frame.now);
        live.skewMs = Number.isFinite(serverNow) ? serverNow - Date.now() : 0;
        live.welcome = frame;
        welcomedAt = Date.now();
        failedOpens = 0;
        pacer.reset();
        live.status = 'online'; // before resubscribing: requests need it; listeners hear it below
        topics.resubscribeAll();
        setStatus('online');
        emit('welcome', frame);
        break;
      }
      case 'ack': settle(frame.req, null, frame.result || {}); break;
      case 'error':
        if (frame.code === 'rate_limited') pacer.pause(1000);
        // Errors without req (rate_limited, malformed) answer the oldest unanswered request.
        settle(frame.req ?? unanswered[0], frame);
        break;
      case 'snapshot': case 'update':
        if (topics.apply(frame)) {
          live.lastDataAt = Date.now();
          emit('data', frame);
        }
        break;
      case 'event': emit('event', frame.event); break;
      default: break; // newer servers may add frame types
    }
  }

  function settle(req, error, result) {
    const w = waiting.get(req);
    if (!w) return;
    waiting.delete(req);
    clearTimeout(w.timer);
    const i = unanswered.indexOf(req);
    if (i >= 0) unanswered.splice(i, 1);
    if (error) w.reject(error); else w.resolve(result);
  }

  function probeQuiet() {
    const topic = topics.first();
    const metric = live.welcome?.team?.metrics?.[0]?.id;
    if (live.status !== 'online') return;
    // Any answer proves the connection is alive; resubscribing resends a snapshot whose seq
    // was already applied, so it changes nothing.
    if (topic) live.request({ type: 'subscribe', topic }).catch(() => {});
    else if (metric) live.request({ type: 'unsubscribe', topic: `leaderboard:${metric}:all` }).catch(() => {});
  }

  // The network or the tab came back: try now rather than at the end of the backoff.
  const onOnline = () => live.nudge(0);
  const onVisible = () => document.visibilityState === 'visible' && live.nudge(0);

  Object.assign(live, {
    on(name, fn) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name).add(fn);
      return () => listeners.get(name).delete(fn);
    },
    // Resolves with the ack's result; rejects with the error frame or {code:'offline'|'disconnected'}.
    request(message) {
      if (live.status !== 'online' || !ws) return Promise.reject({ code: 'offline', message: 'not connected' });
      const req = nextReq++;
      return new Promise((resolve, reject) => {
        waiting.set(req, { resolve, reject, timer: 0 });
        pacer.push({ req, frame: JSON.stringify({ ...message, req }) });
      });
    },
    subscribe: topics.subscribe,
    // Something happened that makes a retry worth trying sooner (a tap, the network came back).
    nudge(withinMs = 1000) {
      if (stopped || ws || live.retryAt - Date.now() <= withinMs) return;
      clearTimeout(retryTimer);
      live.retryAt = Date.now() + withinMs;
      retryTimer = setTimeout(connect, withinMs);
      emit('status', live.status);
    },
    start() {
      // The team topic: the welcome's team, me and teammates, again whenever the manager changes
      // the team's settings or people; the pages re-render from it without a reload.
      topics.subscribe('team', (data) => {
        live.welcome = { ...live.welcome, team: data.team, me: data.me, teammates: data.teammates };
        emit('team', live.welcome);
      });
      addEventListener('online', onOnline);
      document.addEventListener('visibilitychange', onVisible);
      connect();
      return live;
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      abandon();
    },
  });
  return live;
}
