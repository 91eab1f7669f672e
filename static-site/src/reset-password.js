// The "new password" form of the e-mailed link (/restablecer?token=...): POST
// /api/auth/password/reset {reset_token, password, password_confirmation[, code]} → 204, then
// back to the login. A link alone does not reset an account with 2FA (issue 14): the server
// answers 400 `code_required` (or `invalid_code`) and the form then asks for the app's 6 digits
// or a backup code, sent with the next try; the link stays usable until a reset succeeds.

import { api } from './api.js';
import { h } from './dom.js';
import {
  MAX_PASSWORD, MIN_PASSWORD, clearErrors, formAlert, inputField, passwordRule, showApiError,
  submitButton, whileBusy,
} from './forms.js';
import { strengthMeter } from './password-meter.js';
import { cleanSecondFactor } from './two-factor.js';

const SECOND_FACTOR_ERRORS = new Set(['code_required', 'invalid_code']);

/** The field of the second factor, shown once the server asks for it. */
function secondFactorField() {
  const field = inputField({
    label: 'Código de verificación', name: 'code', autocomplete: 'one-time-code',
    maxlength: '11', required: true, spellcheck: 'false', autocapitalize: 'characters',
    hint: 'Tu cuenta tiene la autenticación en dos pasos activa: ingresa el código de 6 ' +
      'dígitos de tu aplicación o un código de respaldo (XXXXX-XXXXX, sirve una sola vez).',
  });
  field.input.classList.add('input-code');
  field.input.addEventListener('input', () => {
    const cleaned = cleanSecondFactor(field.input.value);
    if (cleaned !== field.input.value) field.input.value = cleaned;
  });
  field.root.hidden = true;
  return field;
}

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
    code: secondFactorField(),
  };
  const alert = formAlert();
  const button = submitButton('Actualizar contraseña');
  const meter = strengthMeter({ input: fields.password.input });
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': titleId },
    alert.root, fields.password.root, meter.root, fields.password_confirmation.root,
    fields.code.root, button);
  passwordRule({ password: fields.password, confirmation: fields.password_confirmation, button });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const code = fields.code.root.hidden ? null : cleanSecondFactor(fields.code.input.value);
    whileBusy(button, async () => {
      try {
        await api.post('/api/auth/password/reset', {
          reset_token: resetToken,
          password: fields.password.input.value,
          password_confirmation: fields.password_confirmation.input.value,
          ...(code === null ? {} : { code }),
        });
        if (!ctx.isCurrent()) return;
        await ctx.navigate('/login?aviso=contrasena', { replace: true });
      } catch (error) {
        if (!ctx.isCurrent()) return;
        const asksForCode = SECOND_FACTOR_ERRORS.has(error.code);
        if (asksForCode) {
          fields.code.root.hidden = false;
          fields.code.input.value = '';
        }
        showApiError(error, alert, fields);
        if (asksForCode) fields.code.input.focus();
      }
    }, 'Actualizando…');
  });
  return form;
}
