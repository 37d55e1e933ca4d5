// Shown without a token (or with one the server refused): paste the invite link (/join#CODE,
// opened here), or an old sign-in link or a token.
import { h } from '../dom.js';
import { tokenFromInput, joinPathFromInput } from '../storage.js';

export function mountSignIn(root, { onToken, error = '', title = 'Sign in to Wolfpack', hint }) {
  const input = h('input', {
    id: 'token-input', name: 'token', type: 'text', autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'off', placeholder: 'Paste your invite link', required: true,
    'aria-describedby': 'token-hint token-error',
  });
  const problem = h('p', { id: 'token-error', class: 'form-error', role: 'alert' }, error);
  const form = h('form', { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('img', { src: '/favicon.svg', alt: '', class: 'sign-in-logo', width: 56, height: 56 }),
    h('h1', { id: 'sign-in-title' }, title),
    h('p', { id: 'token-hint', class: 'muted' },
      hint || 'Your manager sent you an invite link. Open it on this device, or paste it here.'),
    h('label', { for: 'token-input', class: 'sr-only' }, 'Invite link'),
    input,
    problem,
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const join = joinPathFromInput(input.value);
    if (join) return location.assign(join);
    const token = tokenFromInput(input.value);
    if (!token) {
      problem.textContent = 'That does not look like a Wolfpack invite link.';
      input.focus();
      return;
    }
    onToken(token);
  });
  root.replaceChildren(h('div', { class: 'sign-in-wrap' }, form));
  input.focus();
  return () => root.replaceChildren();
}
