// Registration (manual 2.1.2): Nombre, Apellidos, DNI, Fecha de nacimiento, Correo electrónico,
// Contraseña, Confirmar contraseña, acceptance of the terms; "Registrarme" stays disabled until
// the password has 8 characters and equals the confirmation.
//
// POST /api/registration {first_name, last_name, dni, birth_date, email, password,
//   password_confirmation, accept_terms} → 201; an activation link is e-mailed.

import { api } from '../api.js';
import { infoDialog } from '../components.js';
import { h } from '../dom.js';
import {
  EMAIL_RE, MAX_PASSWORD, MIN_PASSWORD, checkboxField, clearErrors, formAlert, inputField,
  passwordRule, requireFields, showApiError, submitButton, whileBusy,
} from '../forms.js';
import { termsContent } from '../terms.js';

const PASSWORD_HINT = `Mínimo ${MIN_PASSWORD} caracteres. Se recomienda combinar letras mayúsculas, ` +
  'minúsculas, números y símbolos, o usar una frase que te sea familiar.';

function isoToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function render(ctx) {
  const fields = {
    first_name: inputField({ label: 'Nombre', name: 'first_name', autocomplete: 'given-name',
      required: true, maxlength: '80',
      hint: 'Tal como deseas que se muestre en la aplicación.' }),
    last_name: inputField({ label: 'Apellidos', name: 'last_name', autocomplete: 'family-name',
      required: true, maxlength: '80' }),
    dni: inputField({ label: 'DNI', name: 'dni', inputmode: 'numeric', maxlength: '8',
      pattern: '[0-9]{8}', autocomplete: 'off', required: true,
      hint: '8 dígitos, sin puntos ni espacios. Debe coincidir con el registrado en la cooperativa.' }),
    birth_date: inputField({ label: 'Fecha de nacimiento', name: 'birth_date', type: 'date',
      autocomplete: 'bday', required: true, min: '1900-01-01', max: isoToday() }),
    email: inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
      autocomplete: 'email', inputmode: 'email', required: true, spellcheck: 'false',
      autocapitalize: 'none', hint: 'Lo usarás para iniciar sesión y recibir notificaciones.' }),
    password: inputField({ label: 'Contraseña', name: 'password', type: 'password',
      autocomplete: 'new-password', required: true, maxlength: String(MAX_PASSWORD),
      hint: PASSWORD_HINT }),
    password_confirmation: inputField({ label: 'Confirmar contraseña',
      name: 'password_confirmation', type: 'password', autocomplete: 'new-password',
      required: true, maxlength: String(MAX_PASSWORD) }),
  };
  const termsLink = h('a', { href: '/terminos', className: 'terms-link' },
    'Leer los términos y condiciones');
  termsLink.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    infoDialog({ title: 'Términos y condiciones de uso', content: termsContent() });
  });
  fields.accept_terms = checkboxField({ label: 'Acepto los términos y condiciones de uso',
    name: 'accept_terms', after: termsLink });

  const alert = formAlert();
  const button = submitButton('Registrarme');
  const ruleHintId = 'regla-registrarme';
  button.setAttribute('aria-describedby', ruleHintId);

  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-registro' },
    alert.root,
    h('div', { className: 'form-row' }, fields.first_name.root, fields.last_name.root),
    h('div', { className: 'form-row' }, fields.dni.root, fields.birth_date.root),
    fields.email.root,
    fields.password.root,
    fields.password_confirmation.root,
    fields.accept_terms.root,
    button,
    h('p', { className: 'field-hint', id: ruleHintId },
      'El botón «Registrarme» se habilita cuando la contraseña tiene al menos 8 caracteres y coincide con la confirmación.'));

  passwordRule({ password: fields.password, confirmation: fields.password_confirmation, button });
  fields.dni.input.addEventListener('input', () => {
    const digits = fields.dni.input.value.replace(/\D+/g, '').slice(0, 8);
    if (digits !== fields.dni.input.value) fields.dni.input.value = digits;
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const value = (name) => fields[name].input.value.trim();
    const valid = requireFields([
      [fields.first_name, value('first_name') ? '' : 'Ingresa tu nombre.'],
      [fields.last_name, value('last_name') ? '' : 'Ingresa tus apellidos.'],
      [fields.dni, /^\d{8}$/.test(value('dni')) ? '' : 'El DNI debe tener 8 dígitos.'],
      [fields.birth_date, value('birth_date') ? '' : 'Ingresa tu fecha de nacimiento.'],
      [fields.email, !value('email') ? 'Ingresa tu correo electrónico.'
        : (EMAIL_RE.test(value('email')) ? '' : 'Ingresa un correo electrónico válido.')],
      [fields.accept_terms, fields.accept_terms.input.checked ? ''
        : 'Debes aceptar los términos y condiciones para crear tu cuenta.'],
    ]);
    if (!valid) return;
    whileBusy(button, async () => {
      try {
        await api.post('/api/registration', {
          first_name: value('first_name'),
          last_name: value('last_name'),
          dni: value('dni'),
          birth_date: value('birth_date'),
          email: value('email'),
          password: fields.password.input.value,
          password_confirmation: fields.password_confirmation.input.value,
          accept_terms: fields.accept_terms.input.checked,
        });
        if (!ctx.isCurrent()) return;
        await ctx.navigate('/login?aviso=registro');
      } catch (error) {
        if (!ctx.isCurrent()) return;
        showApiError(error, alert, fields);
      }
    }, 'Creando tu cuenta…');
  });

  return [
    h('h1', { className: 'auth-title', id: 'titulo-registro', tabindex: '-1' }, 'Crear cuenta'),
    h('p', { className: 'auth-lead' },
      'Solo los socios con su DNI registrado en COOPAC PETROPERÚ pueden crear una cuenta.'),
    form,
    h('div', { className: 'auth-links' },
      h('p', {}, '¿Ya tienes una cuenta? ', h('a', { href: '/login' }, 'Iniciar sesión'))),
  ];
}
