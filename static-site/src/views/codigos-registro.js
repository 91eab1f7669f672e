// Códigos de registro (issue 14, finding 1), for operators and admins at the office desk: for a
// member with no e-mail on file, after checking the member's identity in person, staff type the
// DNI and get a single-use code, shown once with its expiry, to give to the member, who then
// registers with DNI + birth date + code at /registro.
//
// POST /api/admin/registration-codes {dni} → 201 {dni, code, expires_at, member_name}; 400 when
// the DNI is not an active member of the registry.

import '../styles/registration-codes.css';
import { api } from '../api.js';
import { card, notice, pageHeader, section } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { dateTime } from '../format.js';
import {
  clearErrors, formAlert, inputField, requireFields, showApiError, submitButton, whileBusy,
} from '../forms.js';

const STEPS = [
  'Verifica la identidad del socio con su DNI físico, en persona.',
  'Genera el código y entrégaselo solo a él (impreso o escrito): se muestra una sola vez.',
  'El socio entra a «Crear cuenta» y escribe su DNI, su fecha de nacimiento, el correo con el ' +
    'que quiere iniciar sesión y el código. Le llegará un enlace de activación a ese correo.',
];

function issuedCode(answer) {
  return h('div', { className: 'registration-code' },
    notice('success', `Código generado para ${answer.member_name} (DNI ${answer.dni}).`),
    h('p', { className: 'registration-code-label' }, 'Código de registro'),
    h('p', { className: 'registration-code-value' }, answer.code),
    h('p', {}, `Vence el ${dateTime(answer.expires_at)}. Sirve una sola vez; si generas otro ` +
      'para este DNI, este deja de funcionar.'),
    h('p', { className: 'field-hint' }, 'Entrégalo al socio ahora: no podrás volver a verlo.'));
}

function codeForm(ctx, result) {
  const dni = inputField({ label: 'DNI del socio', name: 'dni', inputmode: 'numeric',
    maxlength: '8', pattern: '[0-9]{8}', autocomplete: 'off', required: true,
    hint: '8 dígitos. Debe ser un socio activo del padrón.' });
  const alert = formAlert();
  const button = submitButton('Generar código');
  const form = h('form', { className: 'form', novalidate: true }, alert.root, dni.root, button);
  dni.input.addEventListener('input', () => {
    const digits = dni.input.value.replace(/\D+/g, '').slice(0, 8);
    if (digits !== dni.input.value) dni.input.value = digits;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, { dni });
    replaceChildren(result);
    const value = dni.input.value.trim();
    if (!requireFields([[dni, /^\d{8}$/.test(value) ? '' : 'El DNI debe tener 8 dígitos.']])) return;
    whileBusy(button, async () => {
      try {
        const answer = await api.post('/api/admin/registration-codes', { dni: value });
        if (!ctx.isCurrent()) return;
        dni.input.value = '';
        replaceChildren(result, issuedCode(answer));
      } catch (error) {
        if (!ctx.isCurrent()) return;
        showApiError(error, alert, { dni });
      }
    }, 'Generando…');
  });
  return form;
}

export function render(ctx) {
  const result = h('div', { 'aria-live': 'polite' });
  return [
    pageHeader({ title: 'Códigos de registro',
      subtitle: 'Para socios sin correo registrado en la cooperativa' }),
    section({ title: 'Generar un código',
      description: 'El código reemplaza al correo registrado como prueba de identidad: genéralo ' +
        'solo después de verificar en persona que hablas con el socio.' },
    card({}, h('ol', { className: 'steps' }, ...STEPS.map((step) => h('li', {}, step))),
      codeForm(ctx, result), result)),
  ];
}
