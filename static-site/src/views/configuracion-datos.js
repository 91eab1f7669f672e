// Configuración C — "Actualizar mis datos" (manual 2.4.11 C): the full name (Nombres, Apellidos),
// the e-mail (a new one is used only after confirming the link sent to it) and the DNI,
// read-only: "El DNI no puede ser modificado". "Actualizar datos".
//
// GET /api/auth/profile → {first_name, last_name, dni, email, pending_email, terms_version,
//   terms_accepted_at, ...}; PUT /api/auth/profile {first_name, last_name, email} → the profile
//   and `email_confirmation_sent`. A new e-mail needs the step-up in the same request: the
//   current password ("Tu contraseña, para cambiar el correo") and, with 2FA on, a current code
//   (`current_password`, `code`); a wrong one → 403 step_up_failed.

import { api } from '../api.js';
import { errorState, skeleton } from '../components.js';
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

function pendingEmailNotice(profile) {
  if (!profile.pending_email) return null;
  return h('p', { className: 'notice notice-warning' },
    `Cambio de correo pendiente: enviamos un enlace a ${profile.pending_email}. ` +
    'Tu correo actual seguirá siendo el de acceso hasta que abras ese enlace.');
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
      showForm(profile);
    } catch (error) {
      if (!ctx.isCurrent() || error.name === 'AbortError' || error.status === 401) return;
      replaceChildren(card.body, errorState({ message: error.message, onRetry: load }));
    }
  }

  function showForm(profile) {
    const fields = {
      first_name: inputField({ label: 'Nombres', name: 'first_name', autocomplete: 'given-name',
        required: true, maxlength: '80', value: profile.first_name || '' }),
      last_name: inputField({ label: 'Apellidos', name: 'last_name', autocomplete: 'family-name',
        required: true, maxlength: '80', value: profile.last_name || '' }),
      email: inputField({ label: 'Correo electrónico', name: 'email', type: 'email',
        autocomplete: 'email', inputmode: 'email', required: true, spellcheck: 'false',
        autocapitalize: 'none', value: profile.email || '',
        hint: 'Si lo cambias, te enviaremos un enlace al nuevo correo: el cambio se aplica cuando ' +
          'lo confirmes desde ese enlace.' }),
    };
    const password = inputField({ label: 'Tu contraseña, para cambiar el correo',
      name: 'current_password', type: 'password', autocomplete: 'current-password',
      hint: 'Solo si cambias tu correo electrónico: así confirmamos que eres tú.' });
    const totpOn = Boolean(ctx.session && ctx.session.user && ctx.session.user.totp_enabled);
    const code = totpOn ? stepUpCodeField('Código de tu aplicación, para cambiar el correo')
      : null;
    const stepUp = code ? { current_password: password, code } : { current_password: password };
    const dni = profile.dni ? inputField({ label: 'DNI', name: 'dni', value: profile.dni,
      readonly: true, hint: DNI_NOTE, autocomplete: 'off' }) : null;
    const alert = formAlert();
    const status = statusLine();
    const pending = h('div', { className: 'pending-email' }, pendingEmailNotice(profile));
    const button = submitButton('Actualizar datos', { className: 'button' });
    const form = h('form', { className: 'form', novalidate: true,
      'aria-labelledby': card.root.getAttribute('aria-labelledby') },
    alert.root, status.root,
    h('fieldset', { className: 'fieldset' },
      h('legend', { className: 'label' }, 'Nombre completo'),
      h('div', { className: 'form-row' }, fields.first_name.root, fields.last_name.root)),
    fields.email.root,
    pending,
    password.root,
    code ? code.root : null,
    dni ? dni.root : null,
    h('div', { className: 'button-row' }, button));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearErrors(alert, { ...fields, ...stepUp });
      status.clear();
      const value = (name) => fields[name].input.value.trim();
      const newEmail = value('email').toLowerCase() !== (profile.email || '').toLowerCase();
      const checks = [
        [fields.first_name, value('first_name') ? '' : 'Ingresa tus nombres.'],
        [fields.last_name, value('last_name') ? '' : 'Ingresa tus apellidos.'],
        [fields.email, !value('email') ? 'Ingresa tu correo electrónico.'
          : (EMAIL_RE.test(value('email')) ? '' : 'Ingresa un correo electrónico válido.')],
      ];
      if (newEmail) {
        checks.push([password, password.input.value ? '' : 'Para cambiar el correo, ingresa tu contraseña.']);
        if (code) checks.push([code, stepUpCodeProblem(code)]);
      }
      if (!requireFields(checks)) return;
      const proof = !newEmail ? {} : {
        current_password: password.input.value,
        ...(code ? { code: stepUpCodeValue(code) } : {}),
      };
      whileBusy(button, async () => {
        try {
          const answer = await api.put('/api/auth/profile', {
            first_name: value('first_name'),
            last_name: value('last_name'),
            email: value('email'),
            ...proof,
          });
          if (!ctx.isCurrent()) return;
          for (const field of Object.values(stepUp)) field.input.value = '';
          const updated = answer || {};
          fields.first_name.input.value = updated.first_name || value('first_name');
          fields.last_name.input.value = updated.last_name || value('last_name');
          fields.email.input.value = updated.email || value('email');
          replaceChildren(pending, pendingEmailNotice(updated));
          status.show(updated.email_confirmation_sent
            ? `Tus datos fueron actualizados. Te enviamos un enlace a ${updated.pending_email} ` +
              'para confirmar tu nuevo correo electrónico.'
            : 'Tus datos fueron actualizados.');
          onProfile(updated);
          // The name under the menu follows at once.
          const session = await loadSession().catch(() => null);
          if (session && ctx.isCurrent()) updateShellUser(session);
        } catch (error) {
          if (!ctx.isCurrent()) return;
          for (const field of Object.values(stepUp)) field.input.value = '';
          showApiError(error, alert, { ...fields, ...stepUp, ...(dni ? { dni } : {}) });
        }
      }, 'Actualizando…');
    });

    replaceChildren(card.body, form);
  }

  load();
  return card.root;
}
