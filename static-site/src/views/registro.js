// Registration (manual 2.1.2; issue 14, finding 1): DNI, Fecha de nacimiento, Correo electrónico
// (the login wanted), Contraseña, Confirmar contraseña, acceptance of the terms and, only for
// members with no e-mail on file, the office's «Código de registro». Names are not asked: the
// account takes the registry's. "Registrarme" stays disabled until the password has 8
// characters and equals the confirmation.
//
// POST /api/registration {dni, birth_date, email, password, password_confirmation,
//   accept_terms, registration_code?} → 202 with the same message for everyone: the activation
// link goes to the e-mail on file at the cooperative (or, with a code, to the e-mail typed).

import { api } from '../api.js';
import { infoDialog, notice } from '../components.js';
import { withContactLink } from '../contact-link.js';
import { h, replaceChildren } from '../dom.js';
import {
  EMAIL_RE, MAX_PASSWORD, MIN_PASSWORD, checkboxField, clearErrors, formAlert, inputField,
  passwordRule, requireFields, showApiError, submitButton, whileBusy,
} from '../forms.js';
import { privacyLink } from '../privacy.js';
import { termsContent } from '../terms.js';

const PASSWORD_HINT = `Mínimo ${MIN_PASSWORD} caracteres. Se recomienda combinar letras mayúsculas, ` +
  'minúsculas, números y símbolos, o usar una frase que te sea familiar.';
const EMAIL_HINT = 'Lo usarás para iniciar sesión. Si no es el correo que tienes registrado en ' +
  'la cooperativa, te pediremos confirmarlo desde esa bandeja después de activar tu cuenta.';
const CODE_HINT = 'Solo si no tienes un correo registrado en la cooperativa: la oficina te lo ' +
  'entrega al verificar tu identidad. Tiene 10 letras y números.';
const CODE_RE = /^[A-Za-z2-9]{5}-?[A-Za-z2-9]{5}$/;

function isoToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function registrationFields() {
  return {
    dni: inputField({ label: 'DNI', name: 'dni', inputmode: 'numeric', maxlength: '8',
      pattern: '[0-9]{8}', autocomplete: 'off', required: true,
      hint: '8 dígitos, sin puntos ni espacios. Debe coincidir con el registrado en la cooperativa.' }),
    birth_date: inputField({ label: 'Fecha de nacimiento', name: 'birth_date', type: 'date',
      autocomplete: 'bday', required: true, min: '1900-01-01', max: isoToday() }),
    email: inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
      autocomplete: 'email', inputmode: 'email', required: true, spellcheck: 'false',
      autocapitalize: 'none', hint: EMAIL_HINT }),
    password: inputField({ label: 'Contraseña', name: 'password', type: 'password',
      autocomplete: 'new-password', required: true, maxlength: String(MAX_PASSWORD),
      hint: PASSWORD_HINT }),
    password_confirmation: inputField({ label: 'Confirmar contraseña',
      name: 'password_confirmation', type: 'password', autocomplete: 'new-password',
      required: true, maxlength: String(MAX_PASSWORD) }),
    registration_code: inputField({ label: 'Código de registro (si te lo dio la oficina)',
      name: 'registration_code', autocomplete: 'off', autocapitalize: 'characters',
      spellcheck: 'false', maxlength: '13', hint: CODE_HINT }),
  };
}

function termsField() {
  const termsLink = h('a', { href: '/terminos', className: 'terms-link' },
    'Leer los términos y condiciones');
  termsLink.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    infoDialog({ title: 'Términos y condiciones de uso', content: termsContent() });
  });
  // The policy beside the terms (Ley 29733): read in a dialog, like the terms, so the form stays.
  const policyLink = privacyLink('Leer la política de privacidad', { inDialog: true });
  return checkboxField({ label: 'Acepto los términos y condiciones de uso',
    name: 'accept_terms', after: h('span', { className: 'legal-links' }, termsLink, policyLink) });
}

function checkedLocally(fields) {
  const value = (name) => fields[name].input.value.trim();
  const code = value('registration_code');
  return requireFields([
    [fields.dni, /^\d{8}$/.test(value('dni')) ? '' : 'El DNI debe tener 8 dígitos.'],
    [fields.birth_date, value('birth_date') ? '' : 'Ingresa tu fecha de nacimiento.'],
    [fields.email, !value('email') ? 'Ingresa tu correo electrónico.'
      : (EMAIL_RE.test(value('email')) ? '' : 'Ingresa un correo electrónico válido.')],
    [fields.registration_code, !code || CODE_RE.test(code) ? ''
      : 'El código de registro tiene 10 letras y números, como lo entregó la oficina.'],
    [fields.accept_terms, fields.accept_terms.input.checked ? ''
      : 'Debes aceptar los términos y condiciones para crear tu cuenta.'],
  ]);
}

function requestBody(fields) {
  const value = (name) => fields[name].input.value.trim();
  const body = {
    dni: value('dni'),
    birth_date: value('birth_date'),
    email: value('email'),
    password: fields.password.input.value,
    password_confirmation: fields.password_confirmation.input.value,
    accept_terms: fields.accept_terms.input.checked,
  };
  if (value('registration_code')) body.registration_code = value('registration_code');
  return body;
}

function acceptedView(message) {
  return h('div', { className: 'registration-accepted' },
    notice('success', message),
    h('p', {}, ...withContactLink('Abre el enlace del correo para activar tu cuenta (vale 24 ' +
      'horas). Si no te llega en unos minutos, revisa la carpeta de spam o acércate a la oficina ' +
      'de la cooperativa para actualizar tu correo o pedir un código de registro.')),
    h('div', { className: 'auth-links' },
      h('a', { href: '/login' }, 'Ir al inicio de sesión'),
      h('p', {}, h('a', { href: '/reenviar-activacion' }, '¿No te llegó el correo de activación?'))));
}

/** Keeps the DNI field to its 8 digits as the member types or pastes. */
function keepDniDigits(dni) {
  dni.input.addEventListener('input', () => {
    const digits = dni.input.value.replace(/\D+/g, '').slice(0, 8);
    if (digits !== dni.input.value) dni.input.value = digits;
  });
}

function onSubmit(ctx, parts) {
  const { fields, alert, button, body } = parts;
  return (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    if (!checkedLocally(fields)) return;
    whileBusy(button, async () => {
      try {
        const answer = await api.post('/api/registration', requestBody(fields));
        if (!ctx.isCurrent()) return;
        replaceChildren(body, acceptedView(answer?.message ||
          'Si los datos coinciden, enviaremos las instrucciones al correo registrado en la cooperativa.'));
      } catch (error) {
        if (!ctx.isCurrent()) return;
        showApiError(error, alert, fields);
      }
    }, 'Enviando tu registro…');
  };
}

function registrationForm(parts) {
  const { fields, alert, button } = parts;
  const ruleHintId = 'regla-registrarme';
  button.setAttribute('aria-describedby', ruleHintId);
  return h('form', { className: 'form', novalidate: true, 'aria-labelledby': 'titulo-registro' },
    alert.root,
    h('div', { className: 'form-row' }, fields.dni.root, fields.birth_date.root),
    fields.email.root,
    fields.password.root,
    fields.password_confirmation.root,
    fields.registration_code.root,
    fields.accept_terms.root,
    button,
    h('p', { className: 'field-hint', id: ruleHintId },
      'El botón «Registrarme» se habilita cuando la contraseña tiene al menos 8 caracteres y coincide con la confirmación.'));
}

export function render(ctx) {
  const fields = { ...registrationFields(), accept_terms: termsField() };
  const parts = { fields, alert: formAlert(), button: submitButton('Registrarme') };
  const form = registrationForm(parts);
  parts.body = h('div', {}, form);

  passwordRule({ password: fields.password, confirmation: fields.password_confirmation,
    button: parts.button });
  keepDniDigits(fields.dni);
  form.addEventListener('submit', onSubmit(ctx, parts));

  return [
    h('h1', { className: 'auth-title', id: 'titulo-registro', tabindex: '-1' }, 'Crear cuenta'),
    h('p', { className: 'auth-lead' },
      'Solo los socios registrados en el padrón de COOPAC PETROPERÚ pueden crear una cuenta. ' +
      'Tus nombres se toman del padrón.'),
    parts.body,
    h('div', { className: 'auth-links' },
      h('p', {}, '¿Ya tienes una cuenta? ', h('a', { href: '/login' }, 'Iniciar sesión'))),
  ];
}
