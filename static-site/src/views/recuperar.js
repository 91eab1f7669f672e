// Password recovery (manual 2.2.4). With 2FA: e-mail + the authenticator's code → "Verificar
// identidad" → new password → "Actualizar contraseña" → login. Without 2FA: the e-mail alone, and
// a reset link is e-mailed (the answer is the same whether or not the e-mail exists).
//
// POST /api/auth/password/forgot {email, code} → 200 {reset_token}; {email} → 202.

import { api } from '../api.js';
import { notice } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import {
  EMAIL_RE, clearErrors, formAlert, inputField, requireFields, showApiError, submitButton,
  whileBusy,
} from '../forms.js';
import { newPasswordForm } from '../reset-password.js';

export function render(ctx) {
  const view = h('div', { className: 'recovery-view' });
  ctx.container.append(view);
  showIdentityStep(ctx, view);
}

function backToLogin() {
  return h('div', { className: 'auth-links' }, h('a', { href: '/login' }, 'Volver al inicio de sesión'));
}

function showIdentityStep(ctx, view) {
  const fields = {
    email: inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
      autocomplete: 'username', inputmode: 'email', required: true, spellcheck: 'false',
      autocapitalize: 'none', hint: 'El mismo que usaste al registrarte.' }),
    code: inputField({ label: 'Código de verificación', name: 'code', inputmode: 'numeric',
      autocomplete: 'one-time-code', maxlength: '6', pattern: '[0-9]{6}',
      hint: 'Si activaste la autenticación en dos pasos (2FA), ingresa el código de 6 dígitos de Google Authenticator. Si no la activaste, déjalo en blanco y te enviaremos un enlace a tu correo.' }),
  };
  const alert = formAlert();
  const button = submitButton('Verificar identidad');
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-recuperar' },
    alert.root, fields.email.root, fields.code.root, button);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const email = fields.email.input.value.trim();
    const code = fields.code.input.value.replace(/\s+/g, '');
    const valid = requireFields([
      [fields.email, !email ? 'Ingresa tu correo electrónico.'
        : (EMAIL_RE.test(email) ? '' : 'Ingresa un correo electrónico válido.')],
      [fields.code, !code || /^\d{6}$/.test(code) ? '' : 'El código debe tener 6 dígitos.'],
    ]);
    if (!valid) return;
    whileBusy(button, async () => {
      try {
        const answer = await api.post('/api/auth/password/forgot', code ? { email, code } : { email });
        if (!ctx.isCurrent()) return;
        if (answer && answer.reset_token) showNewPasswordStep(ctx, view, answer.reset_token);
        else showLinkSent(view, email);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        fields.code.input.value = '';
        showApiError(error, alert, fields);
      }
    }, 'Verificando…');
  });

  replaceChildren(view,
    h('h1', { className: 'auth-title', id: 'titulo-recuperar', tabindex: '-1' }, 'Recuperar contraseña'),
    h('p', { className: 'auth-lead' }, 'Confirma tu identidad para elegir una nueva contraseña.'),
    form,
    backToLogin());
}

function showNewPasswordStep(ctx, view, resetToken) {
  replaceChildren(view,
    h('h1', { className: 'auth-title', id: 'titulo-nueva', tabindex: '-1' }, 'Crea una nueva contraseña'),
    h('p', { className: 'auth-lead' }, 'Identidad verificada. Elige tu nueva contraseña; tienes 10 minutos para hacerlo.'),
    newPasswordForm(ctx, resetToken, { titleId: 'titulo-nueva' }),
    backToLogin());
  view.querySelector('h1').focus();
}

function showLinkSent(view) {
  replaceChildren(view,
    h('h1', { className: 'auth-title', tabindex: '-1' }, 'Revisa tu correo'),
    notice('success', 'Si el correo está registrado, te enviamos un enlace para restablecer tu contraseña. Revisa tu bandeja de entrada y la carpeta de correo no deseado.'),
    h('p', { className: 'auth-lead' }, 'Si no recibes el correo, verifica que la dirección sea la correcta y consulta con el área de soporte de la cooperativa.'),
    backToLogin());
  view.querySelector('h1').focus();
}
