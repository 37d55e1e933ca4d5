// The big +1 buttons, one per team metric, with keys 1–9, own counts for today and this week,
// and undo of the last tap within a minute. Under each, the week's count and the pace against
// the rep's target (pace.js): tapping it opens the activities behind that count (audit.js).
import { h, formatCount } from '../dom.js';
import { mountPace } from './pace.js';
import { mountTargetForm } from './target-form.js';

const UNDO_MS = 60000;
const BADGE_AFTER_MS = 1500; // a tap normally lands in a few ms: only a slow one gets a badge

export function mountTapPad(root, { team, live, outbox, counts, announce, onAudit }) {
  const buttons = new Map();
  const paceSlots = new Map();
  const grid = h('div', { class: 'pad-grid' });
  team.metrics.forEach((metric, i) => {
    const key = i < 9 ? String(i + 1) : null;
    const today = h('b', { class: 'tap-today' }, '–');
    const week = h('span', { class: 'tap-week' }, '');
    const waiting = h('span', { class: 'tap-waiting', id: `tap-waiting-${i}`, hidden: true, 'aria-hidden': 'true' });
    const button = h('button', {
      type: 'button', class: `tap accent-${i % 6}`, 'data-metric': metric.id,
      // Named by what it shows ("Calls +1"); the counts describe it (aria-hidden, still read as the description).
      'aria-describedby': `tap-stats-${i} tap-waiting-${i}`, 'aria-keyshortcuts': key,
      onclick: () => tap(metric),
    },
    h('span', { class: 'tap-top' }, h('span', { class: 'tap-label' }, metric.label),
      h('span', { class: 'tap-plus' }, '+1')),
    h('span', { class: 'tap-stats', id: `tap-stats-${i}`, 'aria-hidden': 'true' }, today, h('span', { class: 'tap-unit' }, 'today')),
    key ? h('kbd', { class: 'tap-key', 'aria-hidden': 'true' }, key) : null,
    waiting);
    const pace = h('span', { class: 'tap-pace', hidden: true });
    // Opens on the period of the count it shows (its pace's, else the week); today's, on the
    // +1 button itself, is the dialog's first tab.
    const foot = h('button', { type: 'button', class: 'tap-foot', 'data-audit': metric.id,
      onclick: () => onAudit?.(metric.id, pace.hidden ? 'week' : pace.dataset.period || 'week') },
      week, pace, h('span', { class: 'sr-only' }, ` · ${metric.label}: see the activities behind these counts`));
    buttons.set(metric.id, { button, today, week, waiting });
    paceSlots.set(metric.id, pace);
    grid.append(h('div', { class: `tap-cell accent-${i % 6}` }, button, foot));
  });

  const undoText = h('span', { class: 'undo-text' });
  const undoClock = h('span', { class: 'undo-clock', 'aria-hidden': 'true' });
  const undoButton = h('button', { type: 'button', class: 'btn btn-ghost', 'aria-keyshortcuts': 'U', onclick: undo }, 'Undo');
  const undoBar = h('div', { class: 'undo', hidden: true }, undoText, undoClock, undoButton);
  const keys = team.metrics.length > 1 ? `1–${Math.min(9, team.metrics.length)}` : '1';
  const targetsBox = h('div', { class: 'pad-targets' });
  root.replaceChildren(h('section', { class: 'card pad', 'aria-labelledby': 'pad-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'pad-title' }, 'Log activity'),
      h('p', { class: 'hint' }, 'Tap, or press ', h('kbd', {}, keys), ' · ', h('kbd', {}, 'U'), ' to undo')),
    grid, undoBar, targetsBox));
  const targetForm = mountTargetForm(targetsBox, { team, live });
  const offPace = mountPace(paceSlots, { live, onTargets: targetForm.show });

  let last = null; // { item, metric, at }
  let undoTimer = 0, badgeTimer = 0;

  function tap(metric) {
    const item = outbox.add(metric.id, 1);
    last = { item, metric, at: Date.now() };
    if (live.status !== 'online') live.nudge(2000);
    const { button } = buttons.get(metric.id);
    button.classList.remove('bump');
    void button.offsetWidth; // restart the animation on quick repeated taps
    button.classList.add('bump');
    const floater = h('span', { class: 'floater', 'aria-hidden': 'true' }, '+1');
    floater.addEventListener('animationend', () => floater.remove());
    button.append(floater);
    showUndo();
  }

  function undo() {
    if (!last || Date.now() - last.at > UNDO_MS) return hideUndo();
    const { item, metric } = last;
    // Not sent yet: take it back. Sent: a -1 with a new id, dated like the tap it undoes.
    if (!outbox.cancel(item.id)) outbox.add(metric.id, -1, item.t);
    last = null;
    hideUndo();
    announce.say(`Undid the last ${metric.label} tap.`);
  }

  function showUndo() {
    undoText.textContent = `+1 ${last.metric.label} logged`;
    undoBar.hidden = false;
    tick();
  }
  function tick() {
    clearTimeout(undoTimer);
    const left = last ? UNDO_MS - (Date.now() - last.at) : 0;
    if (left <= 0) return hideUndo();
    undoClock.textContent = `${Math.ceil(left / 1000)}s`;
    undoTimer = setTimeout(tick, 1000 - ((UNDO_MS - left) % 1000));
  }
  function hideUndo() {
    clearTimeout(undoTimer);
    undoBar.hidden = true;
  }

  function render() {
    for (const [id, el] of buttons) {
      const c = counts.get(id);
      el.today.textContent = formatCount(c.day);
      el.week.textContent = c.week == null ? '' : `${formatCount(c.week)} this week`;
      el.week.dataset.count = c.week ?? '';
      const slow = outbox.pending(id, BADGE_AFTER_MS);
      el.waiting.hidden = !slow;
      el.waiting.textContent = slow ? `${slow > 0 ? '+' : ''}${slow} waiting` : '';
    }
    // Taps still too young for a badge: look again when they are not.
    clearTimeout(badgeTimer);
    if (outbox.items.some((i) => Date.now() - (i.queued ?? i.t) < BADGE_AFTER_MS)) badgeTimer = setTimeout(render, 300);
  }

  function onKey(e) {
    if (e.repeat || e.altKey || e.defaultPrevented) return;
    if (e.target.closest?.('input, textarea, select, [contenteditable]')) return;
    const undoKey = (e.key === 'z' || e.key === 'Z') && (e.ctrlKey || e.metaKey) && !e.shiftKey;
    if (undoKey || ((e.key === 'u' || e.key === 'U') && !e.ctrlKey && !e.metaKey)) {
      if (!last) return;
      e.preventDefault();
      return undo();
    }
    if (e.ctrlKey || e.metaKey || !/^[1-9]$/.test(e.key)) return;
    const metric = team.metrics[Number(e.key) - 1];
    if (!metric) return;
    e.preventDefault();
    tap(metric);
  }

  document.addEventListener('keydown', onKey);
  const off = counts.onChange(render);
  render();
  return () => {
    document.removeEventListener('keydown', onKey);
    off();
    offPace();
    hideUndo();
    clearTimeout(badgeTimer);
    root.replaceChildren();
  };
}
