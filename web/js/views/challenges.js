// The rep's challenges (challenges:me), live: scores, countdowns, results, accept / decline /
// cancel, and the create form. A challenge that finishes while this page watches it (or that
// finished minutes ago and this device has not announced yet) is announced: "You won!" with
// confetti, "Jake won", or "Draw", on screen and to screen readers.
import { h } from '../dom.js';
import { read, write } from '../storage.js';
import { OPEN, displayOrder, goalText, isReader, resultOf, scoreline } from '../challenge-model.js';
import { challengeItem, leftText } from './challenge-item.js';
import { mountChallengeForm } from './challenge-form.js';

const KEPT_MS = { finished: 3 * 86400000, declined: 86400000, cancelled: 86400000 }; // closed ones stay this long
const SHOWN = 6;
const FRESH_RESULT_MS = 15 * 60000;

export function mountChallenges(root, { team, me, live, teammates, partner, toast, celebrate, onAudit = null }) {
  const labelOf = (id) => team.metrics.find((m) => m.id === id)?.label || id;
  const accentOf = (id) => Math.max(0, team.metrics.findIndex((m) => m.id === id)) % 6;
  const list = h('ul', { class: 'ch-list', 'aria-label': 'Your challenges' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No challenges yet. Pick a preset and challenge your partner!');
  const region = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const formBox = h('div', { class: 'ch-form-box', id: 'ch-form-box', hidden: true });
  const newButton = h('button', { type: 'button', class: 'btn btn-primary btn-small', 'aria-expanded': 'false',
    'aria-controls': 'ch-form-box', onclick: () => toggleForm() }, 'New challenge');
  root.replaceChildren(h('section', { class: 'card challenges', 'aria-labelledby': 'ch-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'ch-title' }, 'Challenges'), newButton), formBox, list, empty, region));

  const unmountForm = mountChallengeForm(formBox, {
    team, me, live, teammates, partner,
    onDone(c) {
      toggleForm(false);
      toast?.(goalText(c, labelOf), { title: c.status === 'active' ? 'Your goal is set' : 'Challenge sent' });
    },
    onClose: () => toggleForm(false),
  });

  const seen = new Map(); // id -> { status, counts: Map rep -> count }
  const announcedKey = `wolfpack.announced.${team.id}.${me.id}`; // ids are per team: c1, c2… (across teams: x1-7)
  const announced = new Set(read(announcedKey, []) || []);
  const confirming = new Set();
  let latest = [], changed = new Set(), first = true, sayTimer = 0, news = [];

  function toggleForm(open = formBox.hidden) {
    formBox.hidden = !open;
    newButton.setAttribute('aria-expanded', String(open));
    newButton.textContent = open ? 'Close' : 'New challenge';
    if (open) formBox.querySelector('button, select, input')?.focus();
    else if (formBox.contains(document.activeElement) || document.activeElement === document.body) newButton.focus();
  }

  function onData(data) {
    latest = Array.isArray(data?.challenges) ? data.challenges : [];
    changed = new Set();
    for (const c of latest) {
      const before = seen.get(c.id);
      const counts = new Map((c.participants || []).map((p) => [p.rep, p.count]));
      for (const side of c.sides || []) counts.set(side.pair, side.count); // pair against pair: the sums move too
      const moved = before ? [...counts].filter(([rep, n]) => before.counts.get(rep) !== n) : [];
      moved.forEach(([rep]) => changed.add(`${c.id}:${rep}`));
      if (moved.length && OPEN.has(c.status)) news.push(`${goalText(c, labelOf)}: ${scoreline(c, me.id, team.id)}.`);
      const invited = c.participants?.some((p) => isReader(p, me.id, team.id) && !p.accepted);
      if (!before && !first && c.status === 'proposed' && invited) {
        const from = (c.across_teams ? c.participants[0] : c.participants.find((p) => p.rep === c.creator))?.name || 'A teammate';
        toast?.(`${goalText(c, labelOf)}${c.stakes ? ` · ${c.stakes}` : ''}`, { title: `${from} challenged you`, tone: 'cheer' });
      }
      if (c.status === 'finished' && !announced.has(c.id) &&
          (before ? OPEN.has(before.status) : Date.now() - Date.parse(c.finished_at) < FRESH_RESULT_MS)) announce(c);
      seen.set(c.id, { status: c.status, counts });
    }
    for (const id of seen.keys()) if (!latest.some((c) => c.id === id)) seen.delete(id);
    first = false;
    if (news.length) {
      clearTimeout(sayTimer);
      sayTimer = setTimeout(() => { say(news.join(' ')); news = []; }, 800);
    }
    draw();
  }

  function announce(c) {
    announced.add(c.id);
    write(announcedKey, [...announced].slice(-100));
    const result = resultOf(c, me.id, team.id);
    const goal = goalText(c, labelOf);
    const headline = result.text === 'You won' ? 'You won!' : result.tone === 'draw' ? 'It’s a draw!' : result.text;
    celebrate?.({ name: headline, text: `${goal} · ${scoreline(c, me.id, team.id)}`, tone: result.tone,
      confetti: result.tone === 'won' || result.tone === 'draw' });
    say(`Challenge finished: ${goal}. ${result.text}. ${scoreline(c, me.id, team.id)}.`);
  }

  function say(text) {
    region.textContent = ''; // identical text is not announced again
    setTimeout(() => { region.textContent = text; }, 50);
  }

  function draw(focus = null) {
    const now = Date.now();
    const shown = displayOrder(latest.filter((c) => OPEN.has(c.status) ||
      now - (Date.parse(c.finished_at) || 0) < (KEPT_MS[c.status] || 0)), me.id).slice(0, SHOWN);
    const active = document.activeElement;
    const holder = list.contains(active) ? active.closest('[data-challenge]') : null;
    const keep = focus || (holder && [holder.dataset.challenge, active.dataset.action]);
    list.replaceChildren(...shown.map((c) => challengeItem(c, {
      me: me.id, myTeam: team.id, tz: team.tz, labelOf, accentOf, changed, confirming: confirming.has(c.id), act, onAudit,
    })));
    empty.hidden = shown.length > 0;
    tick();
    if (keep) {
      const item = list.querySelector(`[data-challenge="${CSS.escape(keep[0])}"]`);
      (item?.querySelector(`[data-action="${keep[1]}"]`) || item?.querySelector('button') || (focus ? newButton : null))?.focus();
    }
    changed = new Set(); // flash once
  }

  function act(action, c) {
    if (action === 'cancel') { confirming.add(c.id); return draw([c.id, 'cancel-no']); }
    if (action === 'cancel-no') { confirming.delete(c.id); return draw([c.id, 'cancel']); }
    confirming.delete(c.id);
    const type = action === 'cancel-yes' ? 'challenge.cancel' : `challenge.${action}`;
    live.request({ type, challenge: c.id }).catch((err) =>
      toast?.(err.message || err.code, { title: 'The challenge was not updated', tone: 'error' }));
    if (action === 'cancel-yes') draw([c.id, 'cancel']);
  }

  // Countdowns tick in place, on the server's clock; the list is redrawn only by data.
  function tick() {
    for (const el of list.querySelectorAll('[data-ends]')) {
      const text = leftText(Number(el.dataset.ends), Date.now() + live.skewMs);
      if (el.textContent !== text) el.textContent = text;
    }
  }
  const ticker = setInterval(tick, 1000);

  const off = live.subscribe('challenges:me', onData, (err) => {
    empty.hidden = false;
    empty.textContent = `Challenges are not available (${err.message || err.code}).`;
  });
  return () => { off(); clearInterval(ticker); clearTimeout(sayTimer); unmountForm(); root.replaceChildren(); };
}
