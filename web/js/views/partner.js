// The pair card (pair:ID): my count against my partner's per metric this week, moving live;
// both streaks; the weekly rhythm (the commitment asked on the first working day, how it went
// on the last) with both check-ins side by side, mine posted from here; and pair against pair:
// "Challenge another pair" and the head-to-heads with both sides' sums; with a partner in another
// team, "Challenge <partner>" and our one-on-ones instead. My count opens the activities behind
// it (onAudit).
import { h, avatar, formatCount } from '../dom.js';
import { rhythmText, streakText } from '../pair-model.js';
import { mountCheckinForm } from './checkin.js';
import { mountPairChallengeForm } from './pair-challenge-form.js';
import { mountPairChallenges } from './pair-challenges.js';

export function mountPartner(root, { team, me, live, pair, toast, onAudit = null, onAuditChallenge = null }) {
  const id = `pair-${pair.id}`;
  const across = Boolean(pair.partner_team && pair.partner_team !== team.id);
  const duel = h('ul', { class: 'duel', 'aria-label': `This week: you and ${pair.partner_name}` });
  const streaks = h('p', { class: 'streaks' });
  const theirs = h('div', { class: 'checkin-view', 'data-rep': pair.partner });
  const mine = h('div', { class: 'checkin-view is-me', 'data-rep': me.id });
  const rhythm = h('p', { class: 'rhythm', role: 'status' });
  const formBox = h('div', { class: 'checkin-form-box', id: `${id}-form`, hidden: true });
  const edit = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-expanded': 'false',
    'aria-controls': formBox.id, onclick: () => toggle() }, 'Check in');
  const challengeLabel = across ? `Challenge ${pair.partner_name}` : 'Challenge another pair';
  const challengeBox = h('div', { class: 'pair-ch-box', id: `${id}-challenge`, hidden: true });
  const challengeButton = h('button', { type: 'button', class: 'btn btn-primary btn-small', 'aria-expanded': 'false',
    'aria-controls': challengeBox.id, onclick: () => toggleChallenge() }, challengeLabel);
  const h2hBox = h('div', { class: 'pair-h2h', hidden: true });
  const face = (rep, name, label) => h('div', { class: 'duel-face' }, avatar(rep, name), h('span', { class: 'name' }, label));
  root.replaceChildren(h('section', { class: 'card partner', 'aria-labelledby': `${id}-title`, 'data-pair': pair.id },
    h('div', { class: 'card-head' }, h('h2', { id: `${id}-title` }, `You vs ${pair.partner_name}`),
      h('span', { class: 'chip' }, across ? 'Partners across teams' : 'This week')),
    h('div', { class: 'duel-faces', 'aria-hidden': 'true' }, face(me.id, me.name, 'You'), h('span', { class: 'vs' }, 'vs'),
      face(pair.partner, pair.partner_name, pair.partner_name)),
    duel, streaks,
    h('div', { class: 'checkins' },
      h('div', { class: 'checkins-head' }, h('h3', {}, 'Check-ins this week'), edit), rhythm,
      h('div', { class: 'checkins-grid' }, mine, theirs), formBox),
    h('div', { class: 'pair-versus' },
      h('div', { class: 'checkins-head' }, h('h3', {}, across ? 'One on one' : 'Pair against pair'), challengeButton),
      challengeBox, h2hBox)));
  const form = mountCheckinForm(formBox, { live, idPrefix: `${id}-checkin`, onSaved: () => toggle(false) });
  const challengeForm = mountPairChallengeForm(challengeBox, { team, me, live, pair,
    onDone: () => toggleChallenge(false), onClose: () => toggleChallenge(false) });
  const showChallenges = mountPairChallenges(h2hBox, { team, me, live, toast, across, onAudit: onAuditChallenge });
  let previous = new Map();
  let myAsk = null;

  function toggle(open = formBox.hidden, field = myAsk) {
    formBox.hidden = !open;
    edit.setAttribute('aria-expanded', String(open));
    edit.textContent = open ? 'Close' : mine.dataset.posted ? 'Edit my check-in' : 'Check in';
    if (open) form.focus(field); else if (formBox.contains(document.activeElement)) edit.focus();
  }

  function toggleChallenge(open = challengeBox.hidden) {
    challengeBox.hidden = !open;
    challengeButton.setAttribute('aria-expanded', String(open));
    challengeButton.textContent = open ? 'Close' : challengeLabel;
    if (open) challengeForm.focus(); else if (challengeBox.contains(document.activeElement)) challengeButton.focus();
  }

  function render(data) {
    const reps = Array.isArray(data?.reps) ? data.reps : [];
    const a = reps.find((r) => r.rep === me.id && r.team === me.team) || reps.find((r) => r.rep === me.id);
    const b = reps.find((r) => r !== a);
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
    streaks.replaceChildren(...[a, b].map((r) => h('span', { class: `streak${r.streak?.days ? ' on' : ''}`, 'data-rep': r.rep,
      'data-streak': r.streak?.days ?? 0 }, h('b', {}, r === a ? 'You' : r.name), ` ${streakText(r.streak)}`)));
    myAsk = a.ask || null;
    // replaceChildren would write a null as the text "null": only what there is.
    rhythm.replaceChildren(...[a, b].map((r) => rhythmText(r, me.id)).filter(Boolean).map((t) => h('span', {}, t)),
      ...(myAsk ? [h('button', { type: 'button', class: 'btn btn-primary btn-small', 'data-ask': myAsk, onclick: () => toggle(true, myAsk) },
        myAsk === 'commitment' ? 'Set my commitment' : 'Say how it went')] : []));
    rhythm.dataset.ask = myAsk || '';
    showCheckin(mine, a.checkin, 'You');
    showCheckin(theirs, b.checkin, b.name);
    form.fill(a.checkin);
    if (formBox.hidden) edit.textContent = a.checkin ? 'Edit my check-in' : 'Check in';
    showChallenges(data.challenges);
  }

  function showCheckin(box, checkin, who) {
    box.dataset.posted = checkin ? 'true' : '';
    box.replaceChildren(...[h('p', { class: 'checkin-who' }, who, checkin?.at ? h('time', { datetime: checkin.at }, ` · ${when(checkin.at)}`) : null),
      checkin?.commitment ? h('p', { class: 'checkin-commitment' }, checkin.commitment) : h('p', { class: 'muted' }, 'No check-in yet'),
      checkin?.reflection ? h('p', { class: 'checkin-reflection' }, checkin.reflection) : null].filter(Boolean));
  }

  const off = live.subscribe(`pair:${pair.id}`, render, () => root.replaceChildren());
  return () => { off(); challengeForm.unmount(); root.replaceChildren(); };
}

function when(at) {
  const d = new Date(at);
  return Number.isFinite(d.getTime()) ? d.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' }) : '';
}
