// Pairs: prospecting partners, made from two people of the team and dissolved again. The rules
// are the protocol's: no wall display, not a person with themselves, not a pair twice.
import { h, avatar } from '../dom.js';

export function mountPairs(root, { roster, toast }) {
  const pickers = ['a', 'b'].map((which) => h('select', { id: `pair-${which}`, required: true }));
  const status = h('p', { class: 'form-status', role: 'status' });
  const make = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Make pair');
  const form = h('form', { class: 'pair-form', 'aria-label': 'Make a pair' },
    h('div', { class: 'field' }, h('label', { for: pickers[0].id }, 'Partner'), pickers[0]),
    h('span', { class: 'vs', 'aria-hidden': 'true' }, '&'),
    h('div', { class: 'field' }, h('label', { for: pickers[1].id }, 'and partner'), pickers[1]),
    make);
  const list = h('ul', { class: 'pairs', 'aria-label': 'Pairs' });
  const alone = h('p', { class: 'hint alone' });
  root.replaceChildren(h('section', { class: 'card', 'aria-labelledby': 'pairs-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'pairs-title' }, 'Pairs')),
    h('p', { class: 'hint' }, 'Partners see each other’s numbers and check-ins on their page and challenge each other.'),
    form, status, list, alone));

  const people = () => (roster.data?.reps || []).filter((r) => r.role !== 'display');
  const paired = (a, b) => roster.data.pairs.some((p) => p.reps.includes(a) && p.reps.includes(b));

  function render({ pairs }) {
    const reps = people();
    pickers.forEach((select, i) => {
      const keep = select.value;
      select.replaceChildren(h('option', { value: '' }, 'Choose…'), ...reps.map((r) => h('option', { value: r.id }, r.name)));
      select.value = reps.some((r) => r.id === keep) ? keep : '';
      select.disabled = reps.length < 2;
      if (i === 1) sync();
    });
    list.replaceChildren(...pairs.map((pair) => {
      const names = pair.reps.map((id) => roster.nameOf(id));
      return h('li', { class: 'pair', 'data-pair': pair.id },
        h('span', { class: 'pair-faces', 'aria-hidden': 'true' }, pair.reps.map((id) => avatar(id, roster.nameOf(id), 'avatar-small'))),
        h('span', { class: 'pair-names' }, names.join(' & ')),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `Dissolve ${names.join(' and ')}`,
          onclick: () => dissolve(pair, names) }, 'Dissolve'));
    }));
    if (!pairs.length) list.append(h('li', { class: 'empty' }, reps.length < 2 ? 'Add at least two people first.' : 'No pairs yet.'));
    const single = reps.filter((r) => !pairs.some((p) => p.reps.includes(r.id))).map((r) => r.name);
    alone.textContent = single.length && pairs.length ? `Without a partner: ${single.join(', ')}.` : '';
  }

  // The second list leaves out the first choice, and says which choices are pairs already.
  function sync() {
    const first = pickers[0].value;
    for (const option of pickers[1].options) {
      if (!option.value) continue;
      option.disabled = option.value === first;
      option.textContent = `${roster.nameOf(option.value)}${first && option.value !== first && paired(first, option.value) ? ' (paired already)' : ''}`;
    }
    if (pickers[1].value === first) pickers[1].value = '';
  }
  pickers[0].addEventListener('change', sync);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [a, b] = pickers.map((p) => p.value);
    if (!a || !b) { status.textContent = 'Choose two people.'; return; }
    if (a === b) { status.textContent = 'A pair is two different people.'; return; }
    if (paired(a, b)) { status.textContent = `${roster.nameOf(a)} and ${roster.nameOf(b)} are a pair already.`; return; }
    make.disabled = true;
    try {
      await roster.change((api, path) => api.post(`${path}/pairs`, { reps: [a, b] }));
      status.textContent = `${roster.nameOf(a)} and ${roster.nameOf(b)} are partners now.`;
      pickers.forEach((p) => { p.value = ''; });
      sync();
    } catch (err) {
      status.textContent = `Not paired: ${err.message}`;
    } finally {
      make.disabled = false;
    }
  });

  function dissolve(pair, names) {
    if (!confirm(`Dissolve the pair ${names.join(' & ')}? Their history stays.`)) return;
    roster.change((api, path) => api.del(`${path}/pairs/${encodeURIComponent(pair.id)}`))
      .then(() => { status.textContent = `${names.join(' & ')}: dissolved.`; },
        (err) => toast(err.message, { title: 'The pair was not dissolved', tone: 'error' }));
  }

  const off = roster.on(render);
  return () => { off(); root.replaceChildren(); };
}
