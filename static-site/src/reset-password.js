// The "new password" step shared by recovery with 2FA (/recuperar) and by the e-mailed link
// (/restablecer?token=...): POST /api/auth/password/reset
// {reset_token, password, password_confirmation} → 204, then back to the login.

import { api } from './api.js';
import { h } from './dom.js';
import {
  MAX_PASSWORD, MIN_PASSWORD, clearErrors, formAlert, inputField, passwordRule, showApiError,
  submitButton, whileBusy,
} from './forms.js';
import { strengthMeter } from './password-meter.js';

/** The form to choose a new password with a reset token. Returns its nodes. */
export function newPasswordForm(ctx, resetToken, { titleId }) {
  const fields = {
    password: inputField({ label: 'Nueva contraseña', name: 'password', type: 'password',
      autocomplete: 'new-password', required: true, maxlength: String(MAX_PASSWORD),
      hint: `Mínimo ${MIN_PASSWORD} caracteres. Se recomienda combinar letras mayúsculas, ` +
        'minúsculas, números y símbolos, o usar una frase que te sea familiar.' }),
    password_confirmation: inputField({ label: 'Confirmar contraseña',
      name: 'password_confirmation', type: 'password', autocomplete: 'new-password',
      required: true, maxlength: String(MAX_PASSWORD) }),
  };
  const alert = formAlert();
  const button = submitButton('Actualizar contraseña');
  const meter = strengthMeter({ input: fields.password.input });
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': titleId },
    alert.root, fields.password.root, meter.root, fields.password_confirmation.root, button);
  passwordRule({ password: fields.password, confirmation: fields.password_confirmation, button });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    whileBusy(button, async () => {
      try {
        await api.post('/api/auth/password/reset', {
          reset_token: resetToken,
          password: fields.password.input.value,
          password_confirmation: fields.password_confirmation.input.value,
        });
        if (!ctx.isCurrent()) return;
        await ctx.navigate('/login?aviso=contrasena', { replace: true });
      } catch (error) {
        if (!ctx.isCurrent()) return;
        showApiError(error, alert, fields);
      }
    }, 'Actualizando…');
  });
  return form;
}
