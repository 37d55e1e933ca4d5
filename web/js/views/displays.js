// The console's Displays section: pair a TV by the code it shows and name it, send an
// announcement to every screen, and the list of screens (last seen, identify, reload, playlist,
// remove); the team's screen hours (working days, quiet hours) below. Reloads the list every
// 30 s, so "on now" and "last seen" stay true.
import { h } from '../dom.js';
import { displayCard } from './display-card.js';
import { mountScreenHours } from './screen-hours.js';

const REFRESH_MS = 30000;

export function mountDisplays(root, { api, roster, toast }) {
  const base = roster.path; // /teams/TEAM
  let displays = [], open = null, timer = 0;

  const code = h('input', { id: 'pair-code', name: 'code', type: 'text', required: true, maxlength: 9, autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', placeholder: 'AB3 K7P', class: 'pair-code-input' });
  const name = h('input', { id: 'pair-name', name: 'name', type: 'text', required: true, maxlength: 60, placeholder: 'Sales floor' });
  const pairStatus = h('p', { class: 'form-status', role: 'status' });
  const pairForm = h('form', { class: 'display-pair-form', 'aria-label': 'Pair a TV' },
    h('div', { class: 'field' }, h('label', { for: 'pair-code' }, 'Code on the TV'), code),
    h('div', { class: 'field' }, h('label', { for: 'pair-name' }, 'Name of the screen'), name),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Pair'));

  const text = h('textarea', { id: 'announce-text', required: true, maxlength: 200, rows: 2, placeholder: 'Pizza at 4 — well done on the 200 calls!' });
  const seconds = h('select', { id: 'announce-seconds' }, [10, 30, 60, 120, 300].map((s) =>
    h('option', { value: s, selected: s === 30 }, s < 60 ? `${s} seconds` : `${s / 60} minute${s === 60 ? '' : 's'}`)));
  const announceStatus = h('p', { class: 'form-status', role: 'status' });
  const announceForm = h('form', { class: 'announce-form', 'aria-label': 'Announce on every screen' },
    h('div', { class: 'field' }, h('label', { for: 'announce-text' }, 'Message'), text),
    h('div', { class: 'field' }, h('label', { for: 'announce-seconds' }, 'For'), seconds),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show on every screen'));

  const list = h('ul', { class: 'displays', 'aria-label': 'Screens' });
  const hours = h('div');
  root.replaceChildren(
    h('section', { class: 'card', 'aria-labelledby': 'displays-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'displays-title' }, 'Displays')),
      h('p', { class: 'hint' }, 'Open /wall in the TV’s browser: it shows a 6-character code. Type it here and name the screen.'),
      pairForm, pairStatus, list),
    h('section', { class: 'card', 'aria-labelledby': 'announce-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'announce-title' }, 'Announcement')),
      h('p', { class: 'hint' }, 'Full screen on every display of the team, for the time you choose.'),
      announceForm, announceStatus),
    hours);

  const call = async (method, path, body) => {
    const result = await api[method](`${base}${path}`, body);
    await load();
    return result;
  };
  async function load() {
    try {
      displays = (await api.get(`${base}/displays`)).displays;
    } catch (err) {
      list.replaceChildren(h('li', { class: 'empty' }, `The screens could not be loaded: ${err.message}`));
      return;
    }
    render();
  }
  function render() {
    const team = roster.data?.team;
    if (!team) return;
    list.replaceChildren(...displays.map((d) => displayCard(d, { team, call, toast, open: open === d.id,
      onToggle: (id) => { open = open === id ? null : id; render(); } })));
    if (!displays.length) list.append(h('li', { class: 'empty' }, 'No screens yet.'));
  }

  pairForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const { display } = await call('post', '/displays', { code: code.value, name: name.value.trim() });
      pairStatus.textContent = `Paired: “${display.name}” shows the team now.`;
      code.value = '';
      name.value = '';
    } catch (err) {
      pairStatus.textContent = `Not paired: ${err.message}`;
    }
  });
  announceForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api.post(`${base}/announcements`, { text: text.value.trim(), seconds: Number(seconds.value) });
      announceStatus.textContent = `On every screen for ${seconds.selectedOptions[0].textContent}.`;
      text.value = '';
    } catch (err) {
      announceStatus.textContent = `Not sent: ${err.message}`;
    }
  });

  const unmountHours = mountScreenHours(hours, { api, roster });
  const off = roster.on(render);
  load();
  timer = setInterval(() => { if (!open) load(); }, REFRESH_MS);
  return () => { clearInterval(timer); off(); unmountHours(); root.replaceChildren(); };
}
