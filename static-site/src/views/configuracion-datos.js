// Configuración C — "Actualizar mis datos" (manual 2.4.11 C): the full name (Nombres, Apellidos),
// the e-mail (a new one is used only after confirming the link sent to it) and the DNI,
// read-only: "El DNI no puede ser modificado". "Actualizar datos".
//
// A member's names are the padrón's (issue 14: PDFs print them as the holder, staff see them), so
// they are shown read-only and never sent; staff edit their own names.
//
// GET /api/auth/profile → {first_name, last_name, dni, email, pending_email, role, terms_version,
//   terms_accepted_at, ...}; PUT /api/auth/profile {first_name, last_name, email} → the profile
//   and `email_confirmation_sent`. A new e-mail needs the step-up in the same request: the
//   current password ("Tu contraseña, para cambiar el correo") and, with 2FA on, a current code
//   (`current_password`, `code`); a wrong one → 403 step_up_failed.

import { api } from '../api.js';
import { errorState, skeleton } from '../components.js';
import { withContactLink } from '../contact-link.js';
import { h, replaceChildren } from '../dom.js';
import {
  EMAIL_RE, clearErrors, formAlert, inputField, requireFields, showApiError, submitButton,
  whileBusy,
} from '../forms.js';
import { updateShellUser } from '../layout.js';
import { loadSession } from '../session.js';
import {
  settingsCard, statusLine, stepUpCodeField, stepUpCodeProblem, stepUpCodeValue,
} from './configuracion-parts.js';

export const DNI_NOTE = 'El DNI no puede ser modificado';
export const NAMES_NOTE = 'Tus nombres son los del padrón de socios. Si hay un error, acércate a ' +
  'la oficina de la cooperativa.';

function pendingEmailNotice(profile) {
  if (!profile.pending_email) return null;
  return h('p', { className: 'notice notice-warning' },
    `Cambio de correo pendiente: enviamos un enlace a ${profile.pending_email}. ` +
    'Tu correo actual seguirá siendo el de acceso hasta que abras ese enlace.');
}

function isMember(ctx, profile) {
  const role = profile.role || (ctx.session && ctx.session.user && ctx.session.user.role);
  return role === 'member';
}

/** The name inputs: read-only with the registry's note for a member, editable for staff. */
function nameFields(profile, fromRegistry) {
  const locked = fromRegistry ? { readonly: true, autocomplete: 'off' } : {};
  return {
    first_name: inputField({ label: 'Nombres', name: 'first_name', autocomplete: 'given-name',
      required: true, maxlength: '80', value: profile.first_name || '', ...locked }),
    last_name: inputField({ label: 'Apellidos', name: 'last_name', autocomplete: 'family-name',
      required: true, maxlength: '80', value: profile.last_name || '', ...locked,
      ...(fromRegistry ? { hint: withContactLink(NAMES_NOTE) } : {}) }),
  };
}

function emailField(profile) {
  return inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
    autocomplete: 'email', inputmode: 'email', required: true, spellcheck: 'false',
    autocapitalize: 'none', value: profile.email || '',
    hint: 'Si lo cambias, te enviaremos un enlace al nuevo correo: el cambio se aplica cuando ' +
      'lo confirmes desde ese enlace.' });
}

/** The step-up an e-mail change asks for: the password, and a code with 2FA on. */
function stepUpFields(ctx) {
  const password = inputField({ label: 'Tu contraseña, para cambiar el correo',
    name: 'current_password', type: 'password', autocomplete: 'current-password',
    hint: 'Solo si cambias tu correo electrónico: así confirmamos que eres tú.' });
  const totpOn = Boolean(ctx.session && ctx.session.user && ctx.session.user.totp_enabled);
  const code = totpOn ? stepUpCodeField('Código de tu aplicación, para cambiar el correo')
    : null;
  return code ? { current_password: password, code } : { current_password: password };
}

function fieldChecks(parts, newEmail) {
  const { fields, stepUp, fromRegistry } = parts;
  const value = (name) => fields[name].input.value.trim();
  const checks = [
    [fields.email, !value('email') ? 'Ingresa tu correo electrónico.'
      : (EMAIL_RE.test(value('email')) ? '' : 'Ingresa un correo electrónico válido.')],
  ];
  if (!fromRegistry) {
    checks.push([fields.first_name, value('first_name') ? '' : 'Ingresa tus nombres.'],
      [fields.last_name, value('last_name') ? '' : 'Ingresa tus apellidos.']);
  }
  if (newEmail) {
    checks.push([stepUp.current_password, stepUp.current_password.input.value ? ''
      : 'Para cambiar el correo, ingresa tu contraseña.']);
    if (stepUp.code) checks.push([stepUp.code, stepUpCodeProblem(stepUp.code)]);
  }
  return checks;
}

function requestBody(parts, newEmail) {
  const { fields, stepUp, fromRegistry } = parts;
  const value = (name) => fields[name].input.value.trim();
  const names = fromRegistry ? {} : { first_name: value('first_name'), last_name: value('last_name') };
  const proof = !newEmail ? {} : {
    current_password: stepUp.current_password.input.value,
    ...(stepUp.code ? { code: stepUpCodeValue(stepUp.code) } : {}),
  };
  return { ...names, email: value('email'), ...proof };
}

function savedMessage(updated) {
  return updated.email_confirmation_sent
    ? `Tus datos fueron actualizados. Te enviamos un enlace a ${updated.pending_email} ` +
      'para confirmar tu nuevo correo electrónico.'
    : 'Tus datos fueron actualizados.';
}

async function saveProfile(ctx, parts, newEmail) {
  const { fields, stepUp, pending, status, onProfile } = parts;
  const updated = (await api.put('/api/auth/profile', requestBody(parts, newEmail))) || {};
  if (!ctx.isCurrent()) return;
  for (const field of Object.values(stepUp)) field.input.value = '';
  for (const name of ['first_name', 'last_name', 'email']) {
    if (updated[name]) fields[name].input.value = updated[name];
  }
  replaceChildren(pending, pendingEmailNotice(updated));
  status.show(savedMessage(updated));
  onProfile(updated);
  // The name under the menu follows at once.
  const session = await loadSession().catch(() => null);
  if (session && ctx.isCurrent()) updateShellUser(session);
}

function onSubmit(ctx, parts, profile) {
  const { fields, stepUp, alert, status, button, dni } = parts;
  return (event) => {
    event.preventDefault();
    clearErrors(alert, { ...fields, ...stepUp });
    status.clear();
    const typed = fields.email.input.value.trim().toLowerCase();
    const newEmail = typed !== (profile.email || '').toLowerCase();
    if (!requireFields(fieldChecks(parts, newEmail))) return;
    whileBusy(button, async () => {
      try {
        await saveProfile(ctx, parts, newEmail);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        for (const field of Object.values(stepUp)) field.input.value = '';
        showApiError(error, alert, { ...fields, ...stepUp, ...(dni ? { dni } : {}) });
      }
    }, 'Actualizando…');
  };
}

function profileForm(ctx, card, profile, onProfile) {
  const fromRegistry = isMember(ctx, profile);
  const fields = { ...nameFields(profile, fromRegistry), email: emailField(profile) };
  const stepUp = stepUpFields(ctx);
  const dni = profile.dni ? inputField({ label: 'DNI', name: 'dni', value: profile.dni,
    readonly: true, hint: DNI_NOTE, autocomplete: 'off' }) : null;
  const parts = { fields, stepUp, fromRegistry, dni, onProfile, alert: formAlert(),
    status: statusLine(), button: submitButton('Actualizar datos', { className: 'button' }),
    pending: h('div', { className: 'pending-email' }, pendingEmailNotice(profile)) };
  const form = h('form', { className: 'form', novalidate: true,
    'aria-labelledby': card.root.getAttribute('aria-labelledby') },
  parts.alert.root, parts.status.root,
  h('fieldset', { className: 'fieldset' },
    h('legend', { className: 'label' }, 'Nombre completo'),
    h('div', { className: 'form-row' }, fields.first_name.root, fields.last_name.root)),
  fields.email.root, parts.pending, stepUp.current_password.root,
  stepUp.code ? stepUp.code.root : null, dni ? dni.root : null,
  h('div', { className: 'button-row' }, parts.button));
  form.addEventListener('submit', onSubmit(ctx, parts, profile));
  return form;
}

/** `onProfile(profile)` receives the profile once read (the terms card shows the acceptance). */
export function profileCard(ctx, { onProfile = () => {} } = {}) {
  const card = settingsCard({ title: 'Actualizar mis datos',
    subtitle: 'Mantén tu información actualizada' });

  async function load() {
    replaceChildren(card.body, skeleton({ cards: 0, lines: 3, label: 'Cargando tus datos…' }));
    try {
      const profile = await api.get('/api/auth/profile', { signal: ctx.signal });
      if (!ctx.isCurrent()) return;
      onProfile(profile);
      replaceChildren(card.body, profileForm(ctx, card, profile, onProfile));
    } catch (error) {
      if (!ctx.isCurrent() || error.name === 'AbortError' || error.status === 401) return;
      replaceChildren(card.body, errorState({ message: error.message, onRetry: load }));
    }
  }

  load();
  return card.root;
}
