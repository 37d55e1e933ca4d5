// People: add someone (name and role; the id comes from the name), then their invite link and
// QR code at once; every person's row (person-row.js) with rename, role, devices and sign-out.
import { h } from '../dom.js';
import { idFrom } from '../ids.js';
import { personRow, ROLES } from './person-row.js';

export function mountPeople(root, ctx) {
  const { roster } = ctx;
  const invites = new Map(); // rep -> the invite made on this page, so Copy and QR show the same one
  const panels = new Map(); // rep -> its invite panel, kept across renders (what it says stays)
  const name = h('input', { id: 'person-name', type: 'text', required: true, maxlength: 60, autocomplete: 'off', placeholder: 'e.g. Ana Ruiz' });
  const role = h('select', { id: 'person-role' }, ROLES.map(([value, text]) => h('option', { value }, text)));
  const status = h('p', { class: 'form-status', role: 'status' });
  const add = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Add');
  const form = h('form', { class: 'add-person', 'aria-label': 'Add a person' },
    h('div', { class: 'field' }, h('label', { for: name.id }, 'Name'), name),
    h('div', { class: 'field' }, h('label', { for: role.id }, 'Role'), role),
    add);
  const list = h('ul', { class: 'people', 'aria-label': 'People' });
  const count = h('span', { class: 'chip' });
  root.replaceChildren(h('section', { class: 'card', 'aria-labelledby': 'people-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'people-title' }, 'People'), count),
    h('p', { class: 'hint' }, 'Add each person, then send them their invite link (or let them scan the QR code). A link signs in one device, once.'),
    form, status, list));
  let opened = null; // the row whose invite panel is open: it stays open across renders

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = name.value.trim();
    if (!text) { status.textContent = 'Type the person’s name.'; return name.focus(); }
    const taken = new Set((roster.data?.reps || []).map((r) => r.id));
    add.disabled = true;
    status.textContent = `Adding ${text}…`;
    try {
      let rep;
      for (let tries = 0; !rep; tries++) {
        const id = idFrom(text, taken, { fallback: 'rep' });
        try {
          // The answer's token is never shown: the person signs in with an invite instead.
          rep = (await ctx.api.post(`${roster.path}/reps`, { id, name: text, role: role.value })).rep;
        } catch (err) {
          if (err.status !== 409 || tries > 4) throw err; // a removed person's id stays taken
          taken.add(id);
        }
      }
      for (const panel of panels.values()) { panel.hidden = true; panel.replaceChildren(); } // one open: the newest
      opened = rep.id;
      invites.delete(rep.id);
      await roster.load().catch(() => {});
      status.textContent = `${rep.name} added. Send them the invite link below.`;
      name.value = '';
      role.value = 'rep';
      list.querySelector(`li[data-rep="${rep.id}"] [data-action="copy"]`)?.focus();
    } catch (err) {
      status.textContent = `Not added: ${err.message}`;
    } finally {
      add.disabled = false;
    }
  });

  let shownReps = '';
  function render({ reps }) {
    const next = JSON.stringify(reps);
    if (next === shownReps) return; // loaded again, nothing changed: rows, focus and panels stay
    shownReps = next;
    count.textContent = `${reps.length} ${reps.length === 1 ? 'person' : 'people'}`;
    const focused = document.activeElement?.closest?.('li[data-rep]')?.dataset.rep;
    const action = document.activeElement?.dataset?.action;
    list.replaceChildren(...reps.map((rep) => personRow(rep, {
      ...ctx, invites, panels, open: rep.id === opened, onOpen: (id) => { opened = id; },
    })));
    if (focused && action) list.querySelector(`li[data-rep="${focused}"] [data-action="${action}"]`)?.focus();
  }

  const off = roster.on(render);
  // Signed-in devices change without a roster change: fresh counts on opening, then while shown.
  roster.load().catch(() => {});
  const timer = setInterval(() => document.visibilityState === 'visible' && roster.load().catch(() => {}), 30000);
  name.focus();
  return () => { off(); clearInterval(timer); root.replaceChildren(); };
}
