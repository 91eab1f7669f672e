// Configuración A — "Autenticación en dos pasos (2FA)" (manual 2.2.1, 2.4.11 A).
//
// Off: "Activa la autenticación en dos pasos", the password (step-up: "Tu contraseña, para
//   activar 2FA") and "Activar 2FA ahora".
// Set-up: POST /api/auth/totp/setup {current_password} → {secret, otpauth_uri, qr_svg} (a wrong
//   password → 403 step_up_failed): the QR (the server's SVG as
//   a data: image, never parsed into the page), the "clave secreta" in groups of four with a copy
//   button, the 6-digit code and "Confirmar 2FA" (POST /api/auth/totp/confirm {code}).
// Confirmed: the answer's ten backup codes (issue 14) are shown once, with "Descargar" and
//   "Copiar" and a checkbox "Guardé mis códigos" that must be ticked before "Continuar".
// On: the state "2FA activo", how many backup codes are left (GET /api/auth/totp/backup-codes)
//   and "Generar nuevos códigos" (a dialog asks the password and a current code: POST
//   /api/auth/totp/backup-codes {current_password, code}, the new ten shown once as above);
//   members may "Desactivar" after a dialog that asks for the password and a current code
//   (POST /api/auth/totp/disable {current_password, code}); staff must keep it. Where a current
//   code is asked, a backup code works too.
// After confirming or disabling, the session is read again and the screen drawn anew with the
// success message (the manual: "será redirigido a la página de configuración"), so the frame
// follows: the floating "Activar 2FA" button, and a staff member's menu, unlocked.

import { api } from '../api.js';
import { h, replaceChildren, setText, svg } from '../dom.js';
import {
  checkboxField, clearErrors, formAlert, inputField, requireFields, showApiError, submitButton,
  whileBusy,
} from '../forms.js';
import { loadSession } from '../session.js';
import {
  backupCodesText, cleanCode, groupSecret, isCompleteCode, plainSecret, safeOtpauthUri,
  svgDataUri,
} from '../two-factor.js';
import {
  formDialog, settingsCard, statusLine, stepUpCodeField, stepUpCodeProblem, stepUpCodeValue,
  usernameField,
} from './configuracion-parts.js';

const STAFF_ROLES = new Set(['operator', 'admin', 'super_admin']);
export const QR_ALT = 'Código QR para Google Authenticator';

/** The notices of a redraw after a change (`/configuracion?aviso=...`). */
export const TWO_FACTOR_NOTICES = Object.freeze({
  '2fa-activado': 'La autenticación en dos pasos quedó activada. Desde ahora, al iniciar sesión ' +
    'te pediremos el código de 6 dígitos de tu aplicación de autenticación o un código de respaldo.',
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

/** A code input that keeps digits only (the enrolment's code comes from the app itself). */
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

/** Save the codes as a text file: an object URL and a temporary <a download>, then released. */
function downloadText(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = h('a', { href: url, download: filename, className: 'visually-hidden' }, filename);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The ten backup codes, shown once: "Descargar", "Copiar" and "Guardé mis códigos", which
 * must be ticked before `continueLabel` runs `onContinue`. Returns { root, heading }.
 */
export function backupCodesPanel(codes, { email, continueLabel = 'Continuar', onContinue }) {
  const list = Array.isArray(codes) ? codes.map(String) : [];
  const text = backupCodesText(list, email);
  const heading = h('h3', { className: 'subheading', tabindex: '-1' }, 'Tus códigos de respaldo');
  const status = h('span', { className: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const download = h('button', { type: 'button', className: 'button button-secondary button-small' },
    'Descargar');
  download.addEventListener('click', () => {
    downloadText(text, 'codigos-de-respaldo-coopac.txt');
    setText(status, 'Descargamos el archivo con tus códigos.');
  });
  const copy = h('button', { type: 'button', className: 'button button-secondary button-small' },
    'Copiar');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(list.join('\n'));
      setText(status, 'Códigos copiados.');
    } catch {
      setText(status, 'No se pudo copiar: usa «Descargar» o anótalos a mano.');
    }
  });
  const saved = checkboxField({ label: 'Guardé mis códigos', name: 'saved_backup_codes' });
  const next = h('button', { type: 'button', className: 'button', disabled: true }, continueLabel);
  saved.input.addEventListener('change', () => { next.disabled = !saved.input.checked; });
  next.addEventListener('click', () => {
    if (saved.input.checked) onContinue();
  });
  const root = h('div', { className: 'backup-codes' },
    heading,
    h('p', {}, 'Guarda estos diez códigos en un lugar seguro. Si pierdes tu celular, cada uno ' +
      'sirve una sola vez en lugar del código de 6 dígitos: para iniciar sesión, confirmar un ' +
      'cambio o restablecer tu contraseña. No volveremos a mostrarlos.'),
    h('ol', { className: 'backup-codes-list', 'aria-label': 'Códigos de respaldo' },
      ...list.map((code) => h('li', {}, h('code', {}, code)))),
    h('div', { className: 'button-row' }, download, copy, status),
    saved.root,
    h('div', { className: 'button-row' }, next));
  return { root, heading };
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
          const answer = await api.post('/api/auth/totp/confirm', { code: value });
          if (!ctx.isCurrent()) return;
          showCodesOnce(answer && answer.backup_codes, () => redrawWith(ctx, '2fa-activado'));
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

  /** The ten codes in place of the card's content until the member says they are saved. */
  function showCodesOnce(codes, onContinue) {
    const panel = backupCodesPanel(codes, { email: user.email, onContinue });
    replaceChildren(content, stateBadge(true), panel.root);
    panel.heading.focus();
  }

  function backupCodesStatus() {
    const count = h('p', {}, 'Consultando tus códigos de respaldo…');
    const regenerate = h('button', { type: 'button', className: 'button button-secondary' },
      'Generar nuevos códigos');
    regenerate.addEventListener('click', () => askToRegenerate(regenerate));
    // A count only: its failure (even a 401) says so here and leaves the screen where it is.
    api.get('/api/auth/totp/backup-codes', { signal: ctx.signal, redirectOn401: false })
      .then((answer) => {
        const left = Number(answer && answer.remaining) || 0;
        setText(count, left === 1 ? 'Te queda 1 código de respaldo.'
          : `Te quedan ${left} códigos de respaldo.`);
        if (left <= 2) count.className = 'notice notice-warning';
      })
      .catch(() => setText(count, 'No pudimos consultar tus códigos de respaldo.'));
    return h('div', { className: 'backup-codes-status' },
      h('h3', { className: 'subheading' }, 'Códigos de respaldo'),
      h('p', { className: 'field-hint' }, 'Si no tienes tu celular, cada código sirve una sola ' +
        'vez en lugar del código de 6 dígitos. Generar nuevos códigos anula los anteriores.'),
      count, h('div', { className: 'button-row' }, regenerate));
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
    parts.push(backupCodesStatus());
    replaceChildren(content, ...parts);
  }

  function askToRegenerate(opener) {
    const password = inputField({ label: 'Contraseña', name: 'current_password', type: 'password',
      autocomplete: 'current-password', required: true });
    const code = stepUpCodeField('Código de verificación');
    const alert = formAlert();
    const fields = { current_password: password, code };
    const submit = submitButton('Generar nuevos códigos', { className: 'button' });
    formDialog({
      title: '¿Generar nuevos códigos de respaldo?',
      description: 'Los diez códigos anteriores dejarán de funcionar. Para confirmar, ingresa tu ' +
        'contraseña y el código de 6 dígitos de tu aplicación o un código de respaldo.',
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
        const valid = requireFields([
          [password, password.input.value ? '' : 'Ingresa tu contraseña.'],
          [code, stepUpCodeProblem(code)],
        ]);
        if (!valid) return;
        whileBusy(submit, async () => {
          try {
            const answer = await api.post('/api/auth/totp/backup-codes',
              { current_password: password.input.value, code: stepUpCodeValue(code) });
            close();
            if (!ctx.isCurrent()) return;
            showCodesOnce(answer && answer.backup_codes, () => {
              showActive();
              status.show('Generamos tus nuevos códigos de respaldo; los anteriores ya no sirven.');
              card.heading.focus();
            });
          } catch (error) {
            password.input.value = '';
            code.input.value = '';
            showApiError(error, alert, fields);
            if (!error.fields || !Object.keys(error.fields).length) password.input.focus();
          }
        }, 'Generando…');
      },
    });
  }

  function askToDisable(opener) {
    const password = inputField({ label: 'Contraseña', name: 'password', type: 'password',
      autocomplete: 'current-password', required: true });
    const code = stepUpCodeField('Código de verificación');
    const alert = formAlert();
    const fields = { password, code };
    const submit = submitButton('Desactivar 2FA', { className: 'button button-danger' });
    formDialog({
      title: '¿Desactivar la autenticación en dos pasos?',
      description: 'Tu cuenta quedará protegida solo con tu contraseña y cerraremos tus sesiones ' +
        'en otros dispositivos y borraremos tus códigos de respaldo. Para confirmar, ingresa tu ' +
        'contraseña y el código actual de tu aplicación de autenticación o un código de respaldo.',
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
        const value = stepUpCodeValue(code);
        const valid = requireFields([
          [password, password.input.value ? '' : 'Ingresa tu contraseña.'],
          [code, stepUpCodeProblem(code)],
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
