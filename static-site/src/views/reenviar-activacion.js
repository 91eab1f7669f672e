// «¿No te llegó el correo de activación?» (issue 17): the DNI and the e-mail typed at
// registration → "Enviar nuevo enlace". The answer is the same whatever the account: only an
// account pending activation whose DNI and e-mail match gets a new link (at the e-mail it was
// registered with), and the earlier link stops working.
//
// POST /api/registration/resend {dni, email} → 202.

import { api } from '../api.js';
import { backToLogin, notice } from '../components.js';
import { withContactLink } from '../contact-link.js';
import { h, replaceChildren } from '../dom.js';
import {
  EMAIL_RE, clearErrors, formAlert, inputField, requireFields, showApiError, submitButton,
  whileBusy,
} from '../forms.js';

export function render(ctx) {
  const view = h('div', { className: 'recovery-view' });
  ctx.container.append(view);
  showRequestStep(ctx, view);
}

function resendFields() {
  return {
    dni: inputField({ label: 'DNI', name: 'dni', inputmode: 'numeric', maxlength: '8',
      pattern: '[0-9]{8}', autocomplete: 'off', required: true,
      hint: '8 dígitos, sin puntos ni espacios.' }),
    email: inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
      autocomplete: 'email', inputmode: 'email', required: true, spellcheck: 'false',
      autocapitalize: 'none', hint: 'El que indicaste al crear tu cuenta.' }),
  };
}

function validate(fields) {
  const dni = fields.dni.input.value.trim();
  const email = fields.email.input.value.trim();
  const valid = requireFields([
    [fields.dni, /^\d{8}$/.test(dni) ? '' : 'El DNI debe tener 8 dígitos.'],
    [fields.email, !email ? 'Ingresa tu correo electrónico.'
      : (EMAIL_RE.test(email) ? '' : 'Ingresa un correo electrónico válido.')],
  ]);
  return valid ? { dni, email } : null;
}

function showRequestStep(ctx, view) {
  const fields = resendFields();
  const alert = formAlert();
  const button = submitButton('Enviar nuevo enlace');
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-reenviar' },
    alert.root, fields.dni.root, fields.email.root, button);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const body = validate(fields);
    if (!body) return;
    whileBusy(button, async () => {
      try {
        const answer = await api.post('/api/registration/resend', body);
        if (!ctx.isCurrent()) return;
        showLinkSent(view, answer && answer.message);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        showApiError(error, alert, fields);
      }
    }, 'Enviando…');
  });

  replaceChildren(view,
    h('h1', { className: 'auth-title', id: 'titulo-reenviar', tabindex: '-1' }, 'Reenviar el enlace de activación'),
    h('p', { className: 'auth-lead' }, 'Ingresa tu DNI y el correo que indicaste al crear tu cuenta. Si tu cuenta aún espera su activación, te enviaremos un nuevo enlace; el anterior dejará de funcionar.'),
    form,
    backToLogin());
}

function showLinkSent(view, message) {
  replaceChildren(view,
    h('h1', { className: 'auth-title', tabindex: '-1' }, 'Revisa tu correo'),
    notice('success', message || 'Si hay una cuenta pendiente de activación con esos datos, te enviaremos un nuevo enlace de activación.'),
    h('p', { className: 'auth-lead' }, ...withContactLink('El enlace llega al correo con el que se registró la cuenta (el registrado en la cooperativa, si no usaste un código de la oficina). Revisa también la carpeta de correo no deseado. Si no llega, acércate a la oficina de la cooperativa.')),
    backToLogin());
  view.querySelector('h1').focus();
}
