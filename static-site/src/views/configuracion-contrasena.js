// Configuración B — "Restablecer contraseña" (manual 2.4.11 B): "Contraseña actual", "Nueva
// contraseña", "Confirmar nueva contraseña", the "Seguridad de la contraseña" meter (zxcvbn-ts,
// with the user's DNI, names and e-mail as their own words, as the server judges) and
// "Actualizar contraseña", disabled until the new password has 8 characters and matches.
//
// POST /api/auth/password {current_password, [code,] new_password, new_password_confirmation}
// → 204; the user's other sessions end. With 2FA on the step-up also asks for a current code
// ("Código de tu aplicación de autenticación"); a wrong password or code → 403 step_up_failed.

import { api } from '../api.js';
import { h } from '../dom.js';
import {
  MAX_PASSWORD, MIN_PASSWORD, clearErrors, formAlert, inputField, passwordRule, requireFields,
  showApiError, submitButton, whileBusy,
} from '../forms.js';
import { strengthMeter } from '../password-meter.js';
import {
  settingsCard, statusLine, stepUpCodeField, stepUpCodeProblem, stepUpCodeValue, usernameField,
} from './configuracion-parts.js';

function passwordFields() {
  return {
    current_password: inputField({ label: 'Contraseña actual', name: 'current_password',
      type: 'password', autocomplete: 'current-password', required: true,
      placeholder: 'Ingresa tu contraseña actual' }),
    new_password: inputField({ label: 'Nueva contraseña', name: 'new_password', type: 'password',
      autocomplete: 'new-password', required: true, maxlength: String(MAX_PASSWORD),
      placeholder: 'Ingresa tu nueva contraseña',
      hint: `Mínimo ${MIN_PASSWORD} caracteres. Una frase que te resulte familiar es una buena ` +
        'opción; no uses tu DNI, tus nombres ni tu correo electrónico.' }),
    new_password_confirmation: inputField({ label: 'Confirmar nueva contraseña',
      name: 'new_password_confirmation', type: 'password', autocomplete: 'new-password',
      required: true, maxlength: String(MAX_PASSWORD),
      placeholder: 'Confirma tu nueva contraseña' }),
  };
}

/** A refusal: a wrong current password (or no field named) empties it, and the code with it. */
function showPasswordRefusal(error, parts) {
  const { fields, code, alert, errorFields } = parts;
  const wrong = error.fields || {};
  const named = Object.keys(wrong).length > 0;
  if (wrong.current_password || !named) {
    fields.current_password.input.value = '';
    if (code) code.input.value = '';
  }
  showApiError(error, alert, errorFields);
  if (!named) fields.current_password.input.focus();
}

/** POST the change; on success the form is emptied and the outcome said. */
function changePassword(ctx, parts, onChanged) {
  const { fields, code, errorFields, meter, rule, status } = parts;
  return async () => {
    try {
      await api.post('/api/auth/password', {
        current_password: fields.current_password.input.value,
        ...(code ? { code: stepUpCodeValue(code) } : {}),
        new_password: fields.new_password.input.value,
        new_password_confirmation: fields.new_password_confirmation.input.value,
      });
      if (!ctx.isCurrent()) return;
      for (const field of Object.values(errorFields)) field.input.value = '';
      meter.update();
      rule.check();
      status.show('Tu contraseña fue actualizada. Cerramos tus sesiones en otros dispositivos; ' +
        'esta sesión sigue abierta.');
      onChanged();
    } catch (error) {
      if (ctx.isCurrent()) showPasswordRefusal(error, parts);
    }
  };
}

/** `onChanged()` runs after a change (the other sessions ended: the list is read again). */
export function passwordCard(ctx, { onChanged = () => {} } = {}) {
  const card = settingsCard({ title: 'Restablecer contraseña',
    subtitle: 'Cambia tu contraseña periódicamente' });
  const labelledBy = card.root.getAttribute('aria-labelledby');
  const fields = passwordFields();
  const withCode = Boolean(ctx.session && ctx.session.user && ctx.session.user.totp_enabled);
  const code = withCode ? stepUpCodeField() : null;
  const errorFields = code ? { ...fields, code } : fields;
  const meter = strengthMeter({ input: fields.new_password.input, user: ctx.session && ctx.session.user });
  const alert = formAlert();
  const status = statusLine();
  const button = submitButton('Actualizar contraseña', { className: 'button' });
  const ruleId = `${labelledBy}-regla`;
  button.setAttribute('aria-describedby', ruleId);

  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': labelledBy },
    alert.root, status.root,
    usernameField(ctx.session && ctx.session.user),
    fields.current_password.root,
    code ? code.root : null,
    fields.new_password.root,
    meter.root,
    fields.new_password_confirmation.root,
    h('div', { className: 'button-row' }, button),
    h('p', { className: 'field-hint', id: ruleId },
      'El botón «Actualizar contraseña» se habilita cuando la nueva contraseña tiene al menos 8 ' +
      'caracteres y coincide con la confirmación.'));
  const rule = passwordRule({ password: fields.new_password,
    confirmation: fields.new_password_confirmation, button });
  const parts = { fields, code, errorFields, meter, rule, alert, status };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, errorFields);
    status.clear();
    const checks = [[fields.current_password,
      fields.current_password.input.value ? '' : 'Ingresa tu contraseña actual.']];
    if (code) checks.push([code, stepUpCodeProblem(code)]);
    if (!requireFields(checks)) return;
    if (!rule.check()) return;
    whileBusy(button, changePassword(ctx, parts, onChanged), 'Actualizando…');
  });

  card.body.append(form);
  return card.root;
}
