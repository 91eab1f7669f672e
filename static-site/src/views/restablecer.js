// The e-mailed reset link (/restablecer?token=...): choose the new password with that token (and,
// when the account has 2FA, the app's code or a backup code: reset-password.js asks for it).
// The token leaves the address bar at once (history, screenshots, shoulder surfing).

import { notice } from '../components.js';
import { h } from '../dom.js';
import { rewriteUrl } from '../router.js';
import { newPasswordForm } from '../reset-password.js';

export function render(ctx) {
  const token = ctx.query.get('token');
  if (token) rewriteUrl('/restablecer');
  if (!token) {
    return [
      h('h1', { className: 'auth-title', tabindex: '-1' }, 'Restablecer contraseña'),
      notice('error', 'El enlace para restablecer la contraseña no es válido o ya fue usado. Solicita uno nuevo.'),
      h('div', { className: 'auth-links' },
        h('a', { href: '/recuperar' }, 'Solicitar un nuevo enlace'),
        h('a', { href: '/login' }, 'Volver al inicio de sesión')),
    ];
  }
  return [
    h('h1', { className: 'auth-title', id: 'titulo-restablecer', tabindex: '-1' }, 'Restablecer contraseña'),
    h('p', { className: 'auth-lead' }, 'Elige tu nueva contraseña.'),
    newPasswordForm(ctx, token, { titleId: 'titulo-restablecer' }),
    h('div', { className: 'auth-links' },
      h('a', { href: '/recuperar' }, 'Solicitar un nuevo enlace'),
      h('a', { href: '/login' }, 'Volver al inicio de sesión')),
  ];
}
