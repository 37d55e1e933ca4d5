// The partner card (pair:ID): my count against my partner's per metric this week, moving live,
// and both of this week's check-ins side by side; mine is posted from here too. My count opens
// the activities behind it (onAudit).
import { h, avatar, formatCount } from '../dom.js';
import { mountCheckinForm } from './checkin.js';

export function mountPartner(root, { team, me, live, pair, onAudit = null }) {
  const id = `pair-${pair.id}`;
  const duel = h('ul', { class: 'duel', 'aria-label': `This week: you and ${pair.partner_name}` });
  const theirs = h('div', { class: 'checkin-view', 'data-rep': pair.partner });
  const mine = h('div', { class: 'checkin-view is-me', 'data-rep': me.id });
  const formBox = h('div', { class: 'checkin-form-box', id: `${id}-form`, hidden: true });
  const edit = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-expanded': 'false',
    'aria-controls': formBox.id, onclick: () => toggle() }, 'Check in');
  const face = (rep, name, label) => h('div', { class: 'duel-face' }, avatar(rep, name), h('span', { class: 'name' }, label));
  root.replaceChildren(h('section', { class: 'card partner', 'aria-labelledby': `${id}-title`, 'data-pair': pair.id },
    h('div', { class: 'card-head' }, h('h2', { id: `${id}-title` }, `You vs ${pair.partner_name}`), h('span', { class: 'chip' }, 'This week')),
    h('div', { class: 'duel-faces', 'aria-hidden': 'true' }, face(me.id, me.name, 'You'), h('span', { class: 'vs' }, 'vs'),
      face(pair.partner, pair.partner_name, pair.partner_name)),
    duel,
    h('div', { class: 'checkins' },
      h('div', { class: 'checkins-head' }, h('h3', {}, 'Check-ins this week'), edit),
      h('div', { class: 'checkins-grid' }, mine, theirs), formBox)));
  const form = mountCheckinForm(formBox, { live, idPrefix: `${id}-checkin`, onSaved: () => toggle(false) });
  let previous = new Map();

  function toggle(open = formBox.hidden) {
    formBox.hidden = !open;
    edit.setAttribute('aria-expanded', String(open));
    edit.textContent = open ? 'Close' : mine.dataset.posted ? 'Edit my check-in' : 'Check in';
    if (open) form.focus(); else if (formBox.contains(document.activeElement)) edit.focus();
  }

  function render(data) {
    const reps = Array.isArray(data?.reps) ? data.reps : [];
    const a = reps.find((r) => r.rep === me.id);
    const b = reps.find((r) => r.rep !== me.id);
    if (!a || !b) return;
    const next = new Map();
    duel.replaceChildren(...team.metrics.map((m, i) => {
      const x = a.counts?.[m.id]?.week ?? 0;
      const y = b.counts?.[m.id]?.week ?? 0;
      const flash = (who, n) => (previous.has(`${who}:${m.id}`) && previous.get(`${who}:${m.id}`) !== n ? ' changed' : '');
      next.set(`me:${m.id}`, x).set(`them:${m.id}`, y);
      const share = x + y ? (x / (x + y)) * 100 : 50;
      return h('li', { class: `duel-line accent-${i % 6} lead-${x === y ? 'tie' : x > y ? 'me' : 'them'}`, 'data-metric': m.id },
        h('b', { class: `count mine${flash('me', x)}`, 'data-count': x, 'aria-label': `You ${x}` }, onAudit
          ? h('button', { type: 'button', class: 'count-button', 'data-audit': m.id, title: 'See the activities behind this count',
            'aria-label': `Your ${m.label.toLowerCase()} this week: ${x}, see the activities`, onclick: () => onAudit(m.id, 'week') }, formatCount(x))
          : formatCount(x)),
        h('span', { class: 'duel-mid' }, h('span', { class: 'duel-label' }, m.label),
          h('span', { class: 'duel-bar', 'aria-hidden': 'true' }, h('i', { style: { width: `${share}%` } }))),
        h('b', { class: `count theirs${flash('them', y)}`, 'data-count': y, 'aria-label': `${b.name} ${y}` }, formatCount(y)));
    }));
    previous = next;
    showCheckin(mine, a.checkin, 'You');
    showCheckin(theirs, b.checkin, b.name);
    form.fill(a.checkin);
    if (formBox.hidden) edit.textContent = a.checkin ? 'Edit my check-in' : 'Check in';
  }

  function showCheckin(box, checkin, who) {
    box.dataset.posted = checkin ? 'true' : '';
    box.replaceChildren(...[h('p', { class: 'checkin-who' }, who, checkin?.at ? h('time', { datetime: checkin.at }, ` · ${when(checkin.at)}`) : null),
      checkin?.commitment ? h('p', { class: 'checkin-commitment' }, checkin.commitment) : h('p', { class: 'muted' }, 'No check-in yet'),
      checkin?.reflection ? h('p', { class: 'checkin-reflection' }, checkin.reflection) : null].filter(Boolean));
  }

  const off = live.subscribe(`pair:${pair.id}`, render, () => root.replaceChildren());
  return () => { off(); root.replaceChildren(); };
}

function when(at) {
  const d = new Date(at);
  return Number.isFinite(d.getTime()) ? d.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' }) : '';
}
