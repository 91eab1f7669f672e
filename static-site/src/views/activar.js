// Account activation from the e-mailed link (/activar?token=...):
// POST /api/registration/activate {token} → 200 {status, email_confirmation_sent, message}
// (single use, valid 24 h).

import { api } from '../api.js';
import { notice, spinner } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { rewriteUrl } from '../router.js';

export async function render(ctx) {
  const token = ctx.query.get('token');
  if (token) rewriteUrl('/activar');
  const status = h('div', { className: 'activation-status' });
  ctx.container.append(
    h('h1', { className: 'auth-title', tabindex: '-1' }, 'Activar cuenta'),
    status);
  if (!token) {
    replaceChildren(status, notice('error', 'El enlace de activación no es válido. Revisa que hayas abierto el enlace completo del correo.'),
      h('div', { className: 'auth-links' }, h('a', { href: '/login' }, 'Ir al inicio de sesión')));
    return;
  }
  replaceChildren(status, spinner('Activando tu cuenta…'));
  try {
    const answer = await api.post('/api/registration/activate', { token });
    if (!ctx.isCurrent()) return;
    // When a login e-mail other than the one on file was asked at registration, the server
    // says a confirmation link went to it (until confirmed, sign in with the one on file).
    replaceChildren(status,
      notice('success', answer?.email_confirmation_sent ? answer.message
        : 'Tu cuenta está activa. Ya puedes iniciar sesión.'),
      h('a', { href: '/login?aviso=activada', className: 'button button-block' }, 'Iniciar sesión'));
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replaceChildren(status,
      notice('error', error.message),
      h('div', { className: 'auth-links' },
        h('a', { href: '/login' }, 'Ir al inicio de sesión'),
        h('a', { href: '/registro' }, 'Crear cuenta')));
  }
}
