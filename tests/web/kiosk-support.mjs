// Helpers of the wall tests (kiosk*.test.mjs): a fresh browser context that pairs itself by the
// code it shows, requests over a WebSocket from a helper page, and what a wall shows now. Not a
// test file itself.
import { test, before, after } from 'node:test';
import { startStack, launchBrowser, openPage, until, killAll } from './harness.mjs';

// One stack (Redis, server), its team and a browser for a test file; its logs are kept when a
// test failed. Returns the state the tests read (stack, tokens, browser) and `test`.
export function useKioskStack({ name, serverArgs = [], team, reps, pairs = [] }) {
  const state = { failed: true };
  before(async () => {
    state.stack = await startStack({ name, args: serverArgs });
    state.tokens = await state.stack.createTeam(team, reps, pairs);
    state.browser = await launchBrowser();
    state.failed = false;
  }, { timeout: 60000 });
  after(async () => {
    try {
      await state.browser?.close();
      await state.stack?.stop({ keepLogs: state.failed });
    } finally {
      killAll();
    }
  }, { timeout: 30000 });
  state.test = (title, options, fn) => test(title, options, async (t) => {
    try { await fn(t); } catch (err) { state.failed = true; throw err; }
  });
  return state;
}

// A fresh wall (its own context: no stored sign-in) paired by its code through the API, or by
// `bind(code, name, page)` when given (the console page). Returns the page, its display id, its token
// and the code it showed. beforeOpen(page) runs before the page loads (to listen to it).
export async function pairWall(browser, stack, adminToken, { team = 'kiosk', name = 'Lobby', viewport = { width: 1920, height: 1080 },
  contextOptions = {}, bind = null, label = name, beforeOpen = () => {} } = {}) {
  const page = await openPage(browser, null, { viewport, contextOptions, label });
  beforeOpen(page);
  await page.goto(`${stack.baseUrl}/wall`);
  const code = await until(() => page.evaluate(() => document.querySelector('.pair-code')?.dataset.code || null),
    { timeout: 10000, message: `${label} to show a pairing code` });
  let id;
  if (bind) {
    id = await bind(code, name, page);
  } else {
    const res = await stack.api('POST', `/api/v1/teams/${team}/displays`, { code: code.toLowerCase(), name }, adminToken);
    if (res.status !== 201) throw new Error(`pairing ${label}: ${res.status} ${JSON.stringify(res.body)}`);
    id = res.body.display.id;
  }
  await until(() => page.evaluate(() => document.body.dataset.state === 'online'), { timeout: 10000, message: `${label} to bind and connect` });
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('wolfpack.wall.token')));
  return { page, id, token, code };
}

// One request over its own WebSocket (the token as a subprotocol, as the pages send it), from
// a page of the server's origin that is not under test (/favicon.svg: a JSON answer's policy allows
// no connection).
export function wsRequest(page, token, message) {
  return page.evaluate(([t, m]) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${location.host}/ws`, ['wolfpack.v1', `wolfpack.token.${t}`]);
    ws.onmessage = (e) => {
      const f = JSON.parse(e.data);
      if (f.type === 'welcome') ws.send(JSON.stringify({ ...m, req: 1 }));
      else if (f.req === 1) { ws.close(); (f.type === 'ack' ? resolve : reject)(f); }
    };
    ws.onerror = () => reject(new Error('WebSocket failed'));
  }), [token, message]);
}

export const slideOf = (page) => page.evaluate(() => document.getElementById('wall-main').dataset.slide || null);

// Every request the page made whose URL or Referer holds one of the secrets.
export function leaks(page, secrets) {
  return page.requests.filter((r) => secrets.some((s) => s && (r.url.includes(s) || (r.referer || '').includes(s))));
}
