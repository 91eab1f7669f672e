// «No fui yo» (/no-fui-yo?token=...): the link mailed to the old address when the account's
// e-mail is changed. Opening it changes nothing; the button does:
// POST /api/auth/profile/email/revert {token} → 200 {email, message} (single use, 7 days).

import { api } from '../api.js';
import { notice } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { formAlert, submitButton, whileBusy } from '../forms.js';
import { rewriteUrl } from '../router.js';

const INVALID_LINK = 'El enlace no es válido. Revisa que hayas abierto el enlace completo del correo.';

export function render(ctx) {
  const token = ctx.query.get('token');
  if (token) rewriteUrl('/no-fui-yo');
  const status = h('div', { className: 'activation-status' });
  ctx.container.append(
    h('h1', { className: 'auth-title', tabindex: '-1' }, 'No fui yo'),
    status);
  const toLogin = h('div', { className: 'auth-links' },
    h('a', { href: '/login' }, 'Ir al inicio de sesión'));
  if (!token) {
    replaceChildren(status, notice('error', INVALID_LINK), toLogin);
    return;
  }
  const alert = formAlert();
  const button = submitButton('Sí, deshacer el cambio de correo');
  const form = h('form', { noValidate: true, on: { submit: (event) => {
    event.preventDefault();
    whileBusy(button, () => revert(ctx, token, status, alert, toLogin), 'Deshaciendo…');
  } } },
  h('p', {}, 'Si tú no pediste cambiar el correo electrónico de tu cuenta, deshaz el cambio. '
    + 'Tu cuenta volverá a tu correo anterior, cerraremos todas sus sesiones y te enviaremos a ese '
    + 'correo un enlace para elegir una nueva contraseña (la anterior dejará de funcionar).'),
  alert.root,
  button);
  replaceChildren(status, form);
}

async function revert(ctx, token, status, alert, toLogin) {
  alert.clear();
  try {
    const answer = await api.post('/api/auth/profile/email/revert', { token });
    if (!ctx.isCurrent()) return;
    replaceChildren(status, notice('success', answer.message), toLogin);
    status.querySelector('.notice').setAttribute('tabindex', '-1');
    status.querySelector('.notice').focus();
  } catch (error) {
    if (!ctx.isCurrent()) return;
    alert.show(error.message);
  }
}
