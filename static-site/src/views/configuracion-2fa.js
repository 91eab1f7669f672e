// Configuración A — "Autenticación en dos pasos (2FA)" (manual 2.2.1, 2.4.11 A).
//
// Off: "Activa la autenticación en dos pasos", the password (step-up: "Tu contraseña, para
//   activar 2FA") and "Activar 2FA ahora".
// Set-up: POST /api/auth/totp/setup {current_password} → {secret, otpauth_uri, qr_svg} (a wrong
//   password → 403 step_up_failed): the QR (the server's SVG as
//   a data: image, never parsed into the page), the "clave secreta" in groups of four with a copy
//   button, the 6-digit code and "Confirmar 2FA" (POST /api/auth/totp/confirm {code}).
// On: the state "2FA activo"; members may "Desactivar" after a dialog that asks for the password
//   and a current code (POST /api/auth/totp/disable {current_password, code}); staff must keep
//   it.
// After confirming or disabling, the session is read again and the screen drawn anew with the
// success message (the manual: "será redirigido a la página de configuración"), so the frame
// follows: the floating "Activar 2FA" button, and a staff member's menu, unlocked.

import { api } from '../api.js';
import { h, replaceChildren, setText, svg } from '../dom.js';
import {
  clearErrors, formAlert, inputField, requireFields, showApiError, submitButton, whileBusy,
} from '../forms.js';
import { loadSession } from '../session.js';
import {
  cleanCode, groupSecret, isCompleteCode, plainSecret, safeOtpauthUri, svgDataUri,
} from '../two-factor.js';
import { formDialog, settingsCard, statusLine, usernameField } from './configuracion-parts.js';

const STAFF_ROLES = new Set(['operator', 'admin', 'super_admin']);
export const QR_ALT = 'Código QR para Google Authenticator';

/** The notices of a redraw after a change (`/configuracion?aviso=...`). */
export const TWO_FACTOR_NOTICES = Object.freeze({
  '2fa-activado': 'La autenticación en dos pasos quedó activada. Desde ahora, al iniciar sesión ' +
    'te pediremos el código de 6 dígitos de tu aplicación de autenticación.',
  '2fa-desactivado': 'La autenticación en dos pasos quedó desactivada. Cerramos tus sesiones en ' +
    'otros dispositivos. Te recomendamos volver a activarla.',
});

function shieldIcon(className) {
  return svg('svg', { className, viewBox: '0 0 24 24', width: '28', height: '28',
    'aria-hidden': 'true', focusable: 'false' },
  svg('path', { d: 'M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z M9 12l2 2 4-4',
    stroke: 'currentColor', 'stroke-width': '2', 'stroke-linejoin': 'round',
    'stroke-linecap': 'round', fill: 'none' }));
}

function stateBadge(active) {
  return h('p', { className: `state-badge ${active ? 'is-on' : 'is-off'}` },
    h('span', { className: 'state-dot', 'aria-hidden': 'true' }),
    active ? '2FA activo' : '2FA inactivo');
}

/** A code input that keeps digits only. */
function codeField(label = 'Código de verificación') {
  const field = inputField({
    label, name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7',
    required: true, spellcheck: 'false',
    hint: 'El código de 6 dígitos que muestra tu aplicación de autenticación. Cambia cada 30 segundos.',
  });
  field.input.classList.add('input-code');
  field.input.addEventListener('input', () => {
    const digits = cleanCode(field.input.value);
    if (digits !== field.input.value) field.input.value = digits;
  });
  return field;
}

/** Read the session again and draw /configuracion anew with a notice. */
async function redrawWith(ctx, aviso) {
  try {
    await loadSession();
  } catch {
    // The redraw still happens; the frame keeps the last known session.
  }
  if (!ctx.isCurrent()) return;
  await ctx.navigate(`/configuracion?aviso=${aviso}`, { replace: true });
}

/**
 * The 2FA card. `notice`: text of a success to show first (after a redraw), or null.
 * Returns the card's root.
 */
export function twoFactorCard(ctx, { notice = null } = {}) {
  const user = (ctx.session && ctx.session.user) || {};
  const card = settingsCard({
    title: 'Autenticación en dos pasos (2FA)',
    subtitle: 'Protege tu cuenta con una capa adicional',
    className: 'settings-card-wide two-factor-card',
    id: 'dos-pasos',
  });
  const status = statusLine();
  const content = h('div', { className: 'two-factor-content' });
  card.body.append(status.root, content);

  if (user.totp_enabled) showActive();
  else showOff();

  if (notice) {
    // Filled after the card is in the page, so that screen readers announce it.
    setTimeout(() => {
      if (ctx.isCurrent()) status.show(notice);
    }, 60);
  }

  function showOff() {
    const start = submitButton('Activar 2FA ahora', { className: 'button' });
    const alert = formAlert();
    const password = inputField({ label: 'Tu contraseña, para activar 2FA',
      name: 'current_password', type: 'password', autocomplete: 'current-password',
      required: true, hint: 'Confirma que eres tú antes de ver el código QR.' });
    const form = h('form', { className: 'form two-factor-start', novalidate: true },
      alert.root, usernameField(user), password.root, h('div', { className: 'button-row' }, start));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearErrors(alert, { current_password: password });
      if (!requireFields([[password, password.input.value ? '' : 'Ingresa tu contraseña.']])) {
        return;
      }
      whileBusy(start, async () => {
        try {
          const setup = await api.post('/api/auth/totp/setup',
            { current_password: password.input.value }, { signal: ctx.signal });
          if (!ctx.isCurrent()) return;
          showSetup(setup);
        } catch (error) {
          if (!ctx.isCurrent() || error.name === 'AbortError') return;
          password.input.value = '';
          showApiError(error, alert, { current_password: password });
          password.input.focus();
        }
      }, 'Generando código QR…');
    });
    replaceChildren(content,
      stateBadge(false),
      h('div', { className: 'two-factor-intro' },
        shieldIcon('two-factor-icon'),
        h('div', {},
          h('h3', { className: 'subheading' }, 'Activa la autenticación en dos pasos'),
          h('p', {}, 'Añade una capa extra de seguridad a tu cuenta. Cada vez que inicies sesión, ' +
            'necesitarás un código temporal generado por tu aplicación de autenticación ' +
            '(Google Authenticator, Authly, etc.).'))),
      form);
  }

  function showSetup(setup) {
    const secret = plainSecret(setup && setup.secret);
    const grouped = groupSecret(secret);
    const qrSource = svgDataUri(setup && setup.qr_svg);
    const appLink = safeOtpauthUri(setup && setup.otpauth_uri);

    const copyStatus = h('span', { className: 'copy-status', role: 'status', 'aria-live': 'polite' });
    const secretText = h('code', { className: 'totp-secret-value', id: 'clave-secreta' }, grouped);
    const copy = h('button', { type: 'button', className: 'button button-secondary button-small',
      'aria-describedby': 'clave-secreta' }, 'Copiar clave');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(secret);
        setText(copyStatus, 'Clave copiada.');
      } catch {
        // No clipboard permission: select the text so that the user can copy it.
        const range = document.createRange();
        range.selectNodeContents(secretText);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        setText(copyStatus, 'Selecciona la clave y cópiala manualmente.');
      }
    });

    const code = codeField();
    const alert = formAlert();
    const confirm = submitButton('Confirmar 2FA', { className: 'button' });
    const cancel = h('button', { type: 'button', className: 'button button-secondary' }, 'Cancelar');
    cancel.addEventListener('click', () => {
      showOff();
      card.heading.focus();
    });
    const form = h('form', { className: 'form two-factor-confirm', novalidate: true,
      'aria-labelledby': 'paso-codigo' },
    h('h3', { className: 'subheading', id: 'paso-codigo' }, '3. Ingresa el código de 6 dígitos'),
    alert.root, code.root,
    h('div', { className: 'button-row' }, confirm, cancel));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearErrors(alert, { code });
      const value = cleanCode(code.input.value);
      if (!requireFields([[code, isCompleteCode(value) ? '' : 'El código debe tener 6 dígitos.']])) {
        return;
      }
      whileBusy(confirm, async () => {
        try {
          await api.post('/api/auth/totp/confirm', { code: value });
          if (!ctx.isCurrent()) return;
          await redrawWith(ctx, '2fa-activado');
        } catch (error) {
          if (!ctx.isCurrent()) return;
          code.input.value = '';
          showApiError(error, alert, { code });
          code.input.focus();
        }
      }, 'Confirmando…');
    });

    const stepsHeading = h('h3', { className: 'subheading', tabindex: '-1' },
      'Configura tu aplicación de autenticación');
    replaceChildren(content,
      stateBadge(false),
      stepsHeading,
      h('div', { className: 'two-factor-setup' },
        h('div', { className: 'two-factor-qr' },
          h('h3', { className: 'subheading' }, '1. Escanea el código QR'),
          h('p', {}, 'Abre Google Authenticator (u otra aplicación de autenticación) en tu ' +
            'celular, elige «Agregar cuenta» y escanea este código.'),
          qrSource
            ? h('img', { className: 'qr-image', src: qrSource, alt: QR_ALT, width: '220',
              height: '220', decoding: 'async' })
            : h('p', { className: 'notice notice-warning' },
              'No se pudo mostrar el código QR. Usa la clave secreta.'),
          appLink ? h('p', { className: 'field-hint' }, '¿Estás en tu celular? ',
            h('a', { href: appLink, dataset: { external: '' } },
              'Abrir en la aplicación de autenticación')) : null),
        h('div', { className: 'two-factor-manual' },
          h('h3', { className: 'subheading' }, '2. O ingresa la clave secreta'),
          h('p', {}, 'Si no puedes escanear el código QR, escribe esta clave secreta en tu ' +
            'aplicación (cuenta basada en tiempo).'),
          h('div', { className: 'totp-secret' },
            h('span', { className: 'totp-secret-label' }, 'Clave secreta'),
            secretText),
          h('div', { className: 'button-row' }, copy, copyStatus),
          h('p', { className: 'field-hint' }, 'No compartas esta clave con nadie: con ella se ' +
            'generan tus códigos.'))),
      form);
    stepsHeading.focus();
  }

  function showActive() {
    const staff = STAFF_ROLES.has(user.role);
    const parts = [
      stateBadge(true),
      h('div', { className: 'two-factor-intro' },
        shieldIcon('two-factor-icon is-on'),
        h('p', {}, 'Tu cuenta está protegida con la autenticación en dos pasos. Al iniciar sesión ' +
          'te pediremos el código de 6 dígitos de tu aplicación de autenticación.')),
    ];
    if (staff) {
      parts.push(h('p', { className: 'field-hint' }, 'El personal de la cooperativa debe mantener ' +
        'activa la autenticación en dos pasos.'));
    } else {
      const disable = h('button', { type: 'button', className: 'button button-danger-outline' },
        'Desactivar');
      disable.addEventListener('click', () => askToDisable(disable));
      parts.push(h('div', { className: 'button-row' }, disable));
    }
    replaceChildren(content, ...parts);
  }

  function askToDisable(opener) {
    const password = inputField({ label: 'Contraseña', name: 'password', type: 'password',
      autocomplete: 'current-password', required: true });
    const code = codeField();
    const alert = formAlert();
    const fields = { password, code };
    const submit = submitButton('Desactivar 2FA', { className: 'button button-danger' });
    formDialog({
      title: '¿Desactivar la autenticación en dos pasos?',
      description: 'Tu cuenta quedará protegida solo con tu contraseña y cerraremos tus sesiones ' +
        'en otros dispositivos. Para confirmar, ingresa tu contraseña y el código actual de tu ' +
        'aplicación de autenticación.',
      returnFocus: opener,
      build(form, close) {
        const cancel = h('button', { type: 'button', className: 'button button-secondary' },
          'Cancelar');
        cancel.addEventListener('click', () => {
          if (submit.dataset.busy !== 'true') close();
        });
        form.append(alert.root, usernameField(user), password.root, code.root,
          h('div', { className: 'dialog-actions' }, cancel, submit));
      },
      onSubmit(event, close) {
        clearErrors(alert, fields);
        const value = cleanCode(code.input.value);
        const valid = requireFields([
          [password, password.input.value ? '' : 'Ingresa tu contraseña.'],
          [code, isCompleteCode(value) ? '' : 'El código debe tener 6 dígitos.'],
        ]);
        if (!valid) return;
        whileBusy(submit, async () => {
          try {
            await api.post('/api/auth/totp/disable',
              { current_password: password.input.value, code: value });
            close();
            if (!ctx.isCurrent()) return;
            await redrawWith(ctx, '2fa-desactivado');
          } catch (error) {
            password.input.value = '';
            code.input.value = '';
            showApiError(error, alert, fields);
            if (!error.fields || !Object.keys(error.fields).length) password.input.focus();
          }
        }, 'Desactivando…');
      },
    });
  }

  return card.root;
}
