// Password recovery (manual 2.2.4, issue 14): the e-mail alone → "Enviar enlace" → a reset link
// by e-mail (the answer is the same whether or not the e-mail exists). With 2FA on, the page the
// link opens (/restablecer) also asks for the app's code or a backup code: a code alone never
// resets a password. Staff accounts are told by e-mail to ask an administrator.
//
// POST /api/auth/password/forgot {email} → 202.

import { api } from '../api.js';
import { backToLogin, notice } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import {
  EMAIL_RE, clearErrors, formAlert, inputField, requireFields, showApiError, submitButton,
  whileBusy,
} from '../forms.js';

export function render(ctx) {
  const view = h('div', { className: 'recovery-view' });
  ctx.container.append(view);
  showEmailStep(ctx, view);
}

function showEmailStep(ctx, view) {
  const fields = {
    email: inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
      autocomplete: 'username', inputmode: 'email', required: true, spellcheck: 'false',
      autocapitalize: 'none', hint: 'El mismo con el que inicias sesión.' }),
  };
  const alert = formAlert();
  const button = submitButton('Enviar enlace');
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-recuperar' },
    alert.root, fields.email.root, button);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const email = fields.email.input.value.trim();
    const valid = requireFields([
      [fields.email, !email ? 'Ingresa tu correo electrónico.'
        : (EMAIL_RE.test(email) ? '' : 'Ingresa un correo electrónico válido.')],
    ]);
    if (!valid) return;
    whileBusy(button, async () => {
      try {
        await api.post('/api/auth/password/forgot', { email });
        if (!ctx.isCurrent()) return;
        showLinkSent(view);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        showApiError(error, alert, fields);
      }
    }, 'Enviando…');
  });

  replaceChildren(view,
    h('h1', { className: 'auth-title', id: 'titulo-recuperar', tabindex: '-1' }, 'Recuperar contraseña'),
    h('p', { className: 'auth-lead' }, 'Ingresa tu correo y te enviaremos un enlace para elegir una nueva contraseña. Si tienes activa la autenticación en dos pasos, al abrirlo te pediremos también el código de tu aplicación o un código de respaldo.'),
    form,
    backToLogin());
}

function showLinkSent(view) {
  replaceChildren(view,
    h('h1', { className: 'auth-title', tabindex: '-1' }, 'Revisa tu correo'),
    notice('success', 'Si el correo está registrado, te enviamos un enlace para restablecer tu contraseña. Revisa tu bandeja de entrada y la carpeta de correo no deseado.'),
    h('p', { className: 'auth-lead' }, 'Si no recibes el correo, verifica que la dirección sea la correcta y consulta con el área de soporte de la cooperativa. Si eres parte del personal de la cooperativa, pide a un administrador que restablezca tu acceso.'),
    backToLogin());
  view.querySelector('h1').focus();
}
