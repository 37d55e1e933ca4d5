// The console's pairs-first settings, under Pairs: weekly matchups (the metric the pairs meet
// on each week, or off) and partners across teams (an invite code for one of this team's reps,
// accepting another team's code for one of ours, and the partnerships with their End button).
import { h, avatar } from '../dom.js';

export function mountPairLeague(root, { roster, toast }) {
  const metric = h('select', { id: 'matchups-metric' });
  const matchStatus = h('p', { class: 'form-status', role: 'status' });
  const matchForm = h('form', { class: 'card matchups', 'aria-labelledby': 'matchups-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'matchups-title' }, 'Weekly matchups')),
    h('p', { class: 'hint' }, 'At each week start the pairs meet in a round robin: every pair plays every other once over the weeks, ' +
      'in a "most" challenge of the metric below. With an odd number of pairs one sits out each week.'),
    h('div', { class: 'field' }, h('label', { for: metric.id }, 'Pairs meet on'), metric),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Save'), matchStatus));

  const inviteRep = h('select', { id: 'partner-invite-rep' });
  const codeOut = h('output', { class: 'partner-code', for: inviteRep.id });
  const acceptCode = h('input', { id: 'partner-accept-code', type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: 256,
    placeholder: 'The code from the other team’s manager' });
  const acceptRep = h('select', { id: 'partner-accept-rep' });
  const partnerStatus = h('p', { class: 'form-status', role: 'status' });
  const list = h('ul', { class: 'pairs partners', 'aria-label': 'Partners in other teams' });
  const inviteForm = h('form', { class: 'partner-form', 'aria-label': 'Invite a partner from another team' },
    h('div', { class: 'field' }, h('label', { for: inviteRep.id }, 'A partner in another team for'), inviteRep),
    h('button', { type: 'submit', class: 'btn btn-ghost btn-small' }, 'Make an invite code'), codeOut);
  const acceptForm = h('form', { class: 'partner-form', 'aria-label': 'Accept another team’s partner invite' },
    h('div', { class: 'field' }, h('label', { for: acceptCode.id }, 'Their code'), acceptCode),
    h('div', { class: 'field' }, h('label', { for: acceptRep.id }, 'for'), acceptRep),
    h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Pair them'));
  root.replaceChildren(matchForm, h('section', { class: 'card partners-card', 'aria-labelledby': 'partners-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'partners-title' }, 'Partners in other teams')),
    h('p', { class: 'hint' }, 'A partner may work in another team. Both see their pair card and challenge each other; ' +
      'neither team sees the other’s boards, feed or people.'),
    inviteForm, acceptForm, partnerStatus, list));

  const people = () => (roster.data?.reps || []).filter((r) => r.role !== 'display');
  const options = (select) => {
    const keep = select.value;
    select.replaceChildren(...people().map((r) => h('option', { value: r.id }, r.name)));
    if (people().some((r) => r.id === keep)) select.value = keep;
  };
  let dirty = false;
  matchForm.addEventListener('change', () => { dirty = true; });

  // Another team's manager accepts an invite in their console: the `team` topic's `partners`
  // changes, and the console reads the team again (admin.js); and again when this section opens.
  roster.load().catch(() => {});
  const off = roster.on(({ team, partners }) => {
    if (!dirty) {
      metric.replaceChildren(h('option', { value: '' }, 'Off'), ...team.metrics.map((m) => h('option', { value: m.id }, m.label)));
      metric.value = team.matchups?.metric || '';
    }
    options(inviteRep);
    options(acceptRep);
    list.replaceChildren(...partners.map((p) => h('li', { class: 'pair', 'data-pair': p.id },
      h('span', { class: 'pair-faces', 'aria-hidden': 'true' }, avatar(p.rep, roster.nameOf(p.rep), 'avatar-small'),
        avatar(`${p.team}/${p.partner}`, p.partner_name, 'avatar-small')),
      h('span', { class: 'pair-names' }, `${roster.nameOf(p.rep)} & ${p.partner_name} (${p.team})`),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => end(p) }, 'End'))));
    if (!partners.length) list.append(h('li', { class: 'empty' }, 'No partners in other teams yet.'));
  });

  matchForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const matchups = metric.value ? { metric: metric.value } : null;
    matchStatus.textContent = 'Saving…';
    try {
      await roster.change((api, path) => api.patch(path, { matchups }));
      dirty = false;
      matchStatus.textContent = matchups ? 'On: this week’s matchups are drawn (once a week from now on).' : 'Matchups are off.';
    } catch (err) {
      matchStatus.textContent = `Not saved: ${err.message}`;
    }
  });

  inviteForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await roster.change((api, path) => api.post(`${path}/partner-invites`, { rep: inviteRep.value }));
      codeOut.textContent = made.code;
      partnerStatus.textContent = `Give this code to the other team’s manager; it works once, until ${new Date(made.expires_at).toLocaleDateString()}.`;
    } catch (err) {
      partnerStatus.textContent = `No invite: ${err.message}`;
    }
  });

  acceptForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!acceptCode.value.trim()) { partnerStatus.textContent = 'Paste the code first.'; return acceptCode.focus(); }
    try {
      await roster.change((api, path) => api.post(`${path}/partner-invites/accept`, { code: acceptCode.value.trim(), rep: acceptRep.value }));
      acceptCode.value = '';
      partnerStatus.textContent = `${roster.nameOf(acceptRep.value)} has a partner in another team now.`;
    } catch (err) {
      partnerStatus.textContent = `Not paired: ${err.message}`;
    }
  });

  function end(p) {
    if (!confirm(`End the partnership of ${roster.nameOf(p.rep)} and ${p.partner_name}? Both teams keep their history.`)) return;
    roster.change((api, path) => api.del(`${path}/pairs/${encodeURIComponent(p.id)}`))
      .then(() => { partnerStatus.textContent = 'Ended.'; }, (err) => toast(err.message, { title: 'Not ended', tone: 'error' }));
  }

  return () => { off(); root.replaceChildren(); };
}
