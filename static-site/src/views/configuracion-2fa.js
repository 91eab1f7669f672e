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

// The card's functions share `parts`: { user, card, status (the success line), content (where
// each state draws) }.

function passwordProblem(password) {
  return password.input.value ? '' : 'Ingresa tu contraseña.';
}

/** Off: the password step-up, then the set-up with the QR. */
function startForm(ctx, parts) {
  const start = submitButton('Activar 2FA ahora', { className: 'button' });
  const alert = formAlert();
  const password = inputField({ label: 'Tu contraseña, para activar 2FA',
    name: 'current_password', type: 'password', autocomplete: 'current-password',
    required: true, hint: 'Confirma que eres tú antes de ver el código QR.' });
  const form = h('form', { className: 'form two-factor-start', novalidate: true },
    alert.root, usernameField(parts.user), password.root,
    h('div', { className: 'button-row' }, start));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, { current_password: password });
    if (!requireFields([[password, passwordProblem(password)]])) return;
    whileBusy(start, async () => {
      try {
        const setup = await api.post('/api/auth/totp/setup',
          { current_password: password.input.value }, { signal: ctx.signal });
        if (!ctx.isCurrent()) return;
        showSetup(ctx, parts, setup);
      } catch (error) {
        if (!ctx.isCurrent() || error.name === 'AbortError') return;
        password.input.value = '';
        showApiError(error, alert, { current_password: password });
        password.input.focus();
      }
    }, 'Generando código QR…');
  });
  return form;
}

function showOff(ctx, parts) {
  replaceChildren(parts.content,
    stateBadge(false),
    h('div', { className: 'two-factor-intro' },
      shieldIcon('two-factor-icon'),
      h('div', {},
        h('h3', { className: 'subheading' }, 'Activa la autenticación en dos pasos'),
        h('p', {}, 'Añade una capa extra de seguridad a tu cuenta. Cada vez que inicies sesión, ' +
          'necesitarás un código temporal generado por tu aplicación de autenticación ' +
          '(Google Authenticator, Authly, etc.).'))),
    startForm(ctx, parts));
}

/** "Copiar clave"; without clipboard permission it selects the text for a manual copy. */
function copySecretButton(secret, secretText, copyStatus) {
  const copy = h('button', { type: 'button', className: 'button button-secondary button-small',
    'aria-describedby': 'clave-secreta' }, 'Copiar clave');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setText(copyStatus, 'Clave copiada.');
    } catch {
      const range = document.createRange();
      range.selectNodeContents(secretText);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      setText(copyStatus, 'Selecciona la clave y cópiala manualmente.');
    }
  });
  return copy;
}

function qrStep(setup) {
  const qrSource = svgDataUri(setup && setup.qr_svg);
  const appLink = safeOtpauthUri(setup && setup.otpauth_uri);
  return h('div', { className: 'two-factor-qr' },
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
        'Abrir en la aplicación de autenticación')) : null);
}

function secretStep(setup) {
  const secret = plainSecret(setup && setup.secret);
  const copyStatus = h('span', { className: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const secretText = h('code', { className: 'totp-secret-value', id: 'clave-secreta' },
    groupSecret(secret));
  return h('div', { className: 'two-factor-manual' },
    h('h3', { className: 'subheading' }, '2. O ingresa la clave secreta'),
    h('p', {}, 'Si no puedes escanear el código QR, escribe esta clave secreta en tu ' +
      'aplicación (cuenta basada en tiempo).'),
    h('div', { className: 'totp-secret' },
      h('span', { className: 'totp-secret-label' }, 'Clave secreta'),
      secretText),
    h('div', { className: 'button-row' }, copySecretButton(secret, secretText, copyStatus),
      copyStatus),
    h('p', { className: 'field-hint' }, 'No compartas esta clave con nadie: con ella se ' +
      'generan tus códigos.'));
}

/** Step 3: the app's first code; once confirmed, the backup codes, then the redraw. */
function confirmForm(ctx, parts) {
  const code = codeField();
  const alert = formAlert();
  const confirm = submitButton('Confirmar 2FA', { className: 'button' });
  const cancel = h('button', { type: 'button', className: 'button button-secondary' }, 'Cancelar');
  cancel.addEventListener('click', () => {
    showOff(ctx, parts);
    parts.card.heading.focus();
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
        showCodesOnce(parts, answer && answer.backup_codes, () => redrawWith(ctx, '2fa-activado'));
      } catch (error) {
        if (!ctx.isCurrent()) return;
        code.input.value = '';
        showApiError(error, alert, { code });
        code.input.focus();
      }
    }, 'Confirmando…');
  });
  return form;
}

function showSetup(ctx, parts, setup) {
  const stepsHeading = h('h3', { className: 'subheading', tabindex: '-1' },
    'Configura tu aplicación de autenticación');
  replaceChildren(parts.content,
    stateBadge(false),
    stepsHeading,
    h('div', { className: 'two-factor-setup' }, qrStep(setup), secretStep(setup)),
    confirmForm(ctx, parts));
  stepsHeading.focus();
}

/** The ten codes in place of the card's content until the member says they are saved. */
function showCodesOnce(parts, codes, onContinue) {
  const panel = backupCodesPanel(codes, { email: parts.user.email, onContinue });
  replaceChildren(parts.content, stateBadge(true), panel.root);
  panel.heading.focus();
}

function backupCodesStatus(ctx, parts) {
  const count = h('p', {}, 'Consultando tus códigos de respaldo…');
  const regenerate = h('button', { type: 'button', className: 'button button-secondary' },
    'Generar nuevos códigos');
  regenerate.addEventListener('click', () => askToRegenerate(ctx, parts, regenerate));
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

/** Staff must keep 2FA on; members get «Desactivar». */
function disableRow(ctx, parts) {
  if (STAFF_ROLES.has(parts.user.role)) {
    return h('p', { className: 'field-hint' }, 'El personal de la cooperativa debe mantener ' +
      'activa la autenticación en dos pasos.');
  }
  const disable = h('button', { type: 'button', className: 'button button-danger-outline' },
    'Desactivar');
  disable.addEventListener('click', () => askToDisable(ctx, parts, disable));
  return h('div', { className: 'button-row' }, disable);
}

function showActive(ctx, parts) {
  replaceChildren(parts.content,
    stateBadge(true),
    h('div', { className: 'two-factor-intro' },
      shieldIcon('two-factor-icon is-on'),
      h('p', {}, 'Tu cuenta está protegida con la autenticación en dos pasos. Al iniciar sesión ' +
        'te pediremos el código de 6 dígitos de tu aplicación de autenticación.')),
    disableRow(ctx, parts),
    backupCodesStatus(ctx, parts));
}

/**
 * The step-up a dialog asks for (the password and a current code, or a backup code).
 * `passwordName` is the password's name in the server's errors (the two endpoints differ).
 * Returns { password, code, alert, fields }.
 */
function stepUpDialogFields(passwordName) {
  const password = inputField({ label: 'Contraseña', name: passwordName, type: 'password',
    autocomplete: 'current-password', required: true });
  const code = stepUpCodeField('Código de verificación');
  return { password, code, alert: formAlert(), fields: { [passwordName]: password, code } };
}

/** The dialog's form: "Cancelar" (not while the request runs) beside `submit`. */
function buildStepUpForm(parts, stepUp, submit) {
  return (form, close) => {
    const cancel = h('button', { type: 'button', className: 'button button-secondary' },
      'Cancelar');
    cancel.addEventListener('click', () => {
      if (submit.dataset.busy !== 'true') close();
    });
    form.append(stepUp.alert.root, usernameField(parts.user), stepUp.password.root,
      stepUp.code.root, h('div', { className: 'dialog-actions' }, cancel, submit));
  };
}

function stepUpChecked(stepUp) {
  clearErrors(stepUp.alert, stepUp.fields);
  return requireFields([
    [stepUp.password, passwordProblem(stepUp.password)],
    [stepUp.code, stepUpCodeProblem(stepUp.code)],
  ]);
}

/** A refused step-up empties both inputs; without a field's error, the password gets focus. */
function stepUpRefused(stepUp, error) {
  stepUp.password.input.value = '';
  stepUp.code.input.value = '';
  showApiError(error, stepUp.alert, stepUp.fields);
  if (!error.fields || !Object.keys(error.fields).length) stepUp.password.input.focus();
}

function askToRegenerate(ctx, parts, opener) {
  const stepUp = stepUpDialogFields('current_password');
  const submit = submitButton('Generar nuevos códigos', { className: 'button' });
  formDialog({
    title: '¿Generar nuevos códigos de respaldo?',
    description: 'Los diez códigos anteriores dejarán de funcionar. Para confirmar, ingresa tu ' +
      'contraseña y el código de 6 dígitos de tu aplicación o un código de respaldo.',
    returnFocus: opener,
    build: buildStepUpForm(parts, stepUp, submit),
    onSubmit(event, close) {
      if (!stepUpChecked(stepUp)) return;
      whileBusy(submit, async () => {
        try {
          const answer = await api.post('/api/auth/totp/backup-codes', {
            current_password: stepUp.password.input.value, code: stepUpCodeValue(stepUp.code) });
          close();
          if (!ctx.isCurrent()) return;
          showCodesOnce(parts, answer && answer.backup_codes, () => {
            showActive(ctx, parts);
            parts.status.show('Generamos tus nuevos códigos de respaldo; los anteriores ya no sirven.');
            parts.card.heading.focus();
          });
        } catch (error) {
          stepUpRefused(stepUp, error);
        }
      }, 'Generando…');
    },
  });
}

function askToDisable(ctx, parts, opener) {
  const stepUp = stepUpDialogFields('password');
  const submit = submitButton('Desactivar 2FA', { className: 'button button-danger' });
  formDialog({
    title: '¿Desactivar la autenticación en dos pasos?',
    description: 'Tu cuenta quedará protegida solo con tu contraseña y cerraremos tus sesiones ' +
      'en otros dispositivos y borraremos tus códigos de respaldo. Para confirmar, ingresa tu ' +
      'contraseña y el código actual de tu aplicación de autenticación o un código de respaldo.',
    returnFocus: opener,
    build: buildStepUpForm(parts, stepUp, submit),
    onSubmit(event, close) {
      if (!stepUpChecked(stepUp)) return;
      whileBusy(submit, async () => {
        try {
          await api.post('/api/auth/totp/disable', {
            current_password: stepUp.password.input.value, code: stepUpCodeValue(stepUp.code) });
          close();
          if (!ctx.isCurrent()) return;
          await redrawWith(ctx, '2fa-desactivado');
        } catch (error) {
          stepUpRefused(stepUp, error);
        }
      }, 'Desactivando…');
    },
  });
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
  const parts = { user, card, status: statusLine(),
    content: h('div', { className: 'two-factor-content' }) };
  card.body.append(parts.status.root, parts.content);

  if (user.totp_enabled) showActive(ctx, parts);
  else showOff(ctx, parts);

  if (notice) {
    // Filled after the card is in the page, so that screen readers announce it.
    setTimeout(() => {
      if (ctx.isCurrent()) parts.status.show(notice);
    }, 60);
  }
  return card.root;
}
