// Confirmation of a new e-mail from the link sent to it (/confirmar-correo?token=...):
// POST /api/auth/profile/email/confirm {token} → 200 {email, message}.

import { api } from '../api.js';
import { notice, spinner } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { rewriteUrl } from '../router.js';

export async function render(ctx) {
  const token = ctx.query.get('token');
  if (token) rewriteUrl('/confirmar-correo');
  const next = ctx.session
    ? h('a', { href: '/configuracion', className: 'button button-block' }, 'Ir a Configuración')
    : h('a', { href: '/login', className: 'button button-block' }, 'Iniciar sesión');
  const status = h('div', { className: 'activation-status' });
  ctx.container.append(
    h('h1', { className: 'auth-title', tabindex: '-1' }, 'Confirmar correo electrónico'),
    status);
  if (!token) {
    replaceChildren(status, notice('error', 'El enlace de confirmación no es válido. Revisa que hayas abierto el enlace completo del correo.'), next);
    return;
  }
  replaceChildren(status, spinner('Confirmando tu correo…'));
  try {
    const answer = await api.post('/api/auth/profile/email/confirm', { token });
    if (!ctx.isCurrent()) return;
    replaceChildren(status,
      notice('success', (answer && answer.message) || 'Tu correo electrónico fue actualizado.'),
      next);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replaceChildren(status, notice('error', error.message), next);
  }
}
