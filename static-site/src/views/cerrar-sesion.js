// «¿No fuiste tú? Cierra esa sesión» (/cerrar-sesion?token=...): the link of the «nuevo inicio
// de sesión» e-mail. Works without signing in. Opening it changes nothing; the button does:
// POST /api/auth/sign-in-alert/end-session {token} → 200 {ended, message} (single use, 24 hours).

import { api } from '../api.js';
import { notice } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { formAlert, submitButton, whileBusy } from '../forms.js';
import { rewriteUrl } from '../router.js';

const INVALID_LINK = 'El enlace no es válido. Revisa que hayas abierto el enlace completo del correo.';

export function render(ctx) {
  const token = ctx.query.get('token');
  if (token) rewriteUrl('/cerrar-sesion');
  const status = h('div', { className: 'activation-status' });
  ctx.container.append(
    h('h1', { className: 'auth-title', tabindex: '-1' }, '¿No fuiste tú? Cierra esa sesión'),
    status);
  // Signed in here, the password is changed in Configuración; otherwise by a reset link.
  const next = h('div', { className: 'auth-links' },
    h('a', { href: ctx.session ? '/configuracion' : '/recuperar' }, 'Cambiar mi contraseña'),
    h('a', { href: '/login' }, 'Ir al inicio de sesión'));
  if (!token) {
    replaceChildren(status, notice('error', INVALID_LINK), next);
    return;
  }
  const alert = formAlert();
  const button = submitButton('Sí, cerrar esa sesión');
  const form = h('form', { noValidate: true, on: { submit: (event) => {
    event.preventDefault();
    whileBusy(button, () => endSession(ctx, token, status, alert, next), 'Cerrando…');
  } } },
  h('p', {}, 'Te avisamos por correo de un inicio de sesión en tu cuenta desde un navegador '
    + 'que no habías usado últimamente. Si no fuiste tú, cierra esa sesión: solo se cerrará esa, '
    + 'no las demás. Después cambia tu contraseña, porque quien entró la conoce.'),
  alert.root,
  button);
  replaceChildren(status, form);
}

async function endSession(ctx, token, status, alert, next) {
  alert.clear();
  try {
    const answer = await api.post('/api/auth/sign-in-alert/end-session', { token });
    if (!ctx.isCurrent()) return;
    replaceChildren(status, notice('success', answer.message), next);
    status.querySelector('.notice').setAttribute('tabindex', '-1');
    status.querySelector('.notice').focus();
  } catch (error) {
    if (!ctx.isCurrent()) return;
    alert.show(error.message);
  }
}
