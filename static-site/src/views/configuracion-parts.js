// Parts shared by the cards of Configuración (manual 2.4.11): the card frame with its heading and
// the manual's subtitle, a polite status line for successes, and a small modal form.

import { append, h, replaceChildren, uid } from '../dom.js';
import { inputField } from '../forms.js';
import { cleanSecondFactor, isSecondFactor } from '../two-factor.js';

/**
 * The current code a credential change asks for when 2FA is on (the step-up: the password
 * alone does not change the account's e-mail, password or 2FA): the app's 6 digits or one
 * backup code (`XXXXX-XXXXX`, spent by its use).
 */
export function stepUpCodeField(label = 'Código de tu aplicación de autenticación') {
  const field = inputField({
    label, name: 'code', autocomplete: 'one-time-code', maxlength: '11', required: true,
    spellcheck: 'false', autocapitalize: 'characters',
    hint: 'Tu cuenta tiene la autenticación en dos pasos activa: confirma el cambio con el ' +
      'código de 6 dígitos o código de respaldo.',
  });
  field.input.classList.add('input-code');
  field.input.addEventListener('input', () => {
    const cleaned = cleanSecondFactor(field.input.value);
    if (cleaned !== field.input.value) field.input.value = cleaned;
  });
  return field;
}

/** What a step-up code field sends: 6 digits or a backup code. */
export function stepUpCodeValue(field) {
  return cleanSecondFactor(field.input.value);
}

/** The problem of a step-up code field ('' when it holds 6 digits or a backup code). */
export function stepUpCodeProblem(field) {
  return isSecondFactor(stepUpCodeValue(field)) ? ''
    : 'Ingresa el código de 6 dígitos de tu app o un código de respaldo.';
}

/**
 * A settings card: <section> labelled by its h2, the manual's subtitle under it.
 * Returns { root, body, heading }.
 */
export function settingsCard({ title, subtitle = null, className = '', id = null }) {
  const headingId = uid('tarjeta');
  const heading = h('h2', { className: 'card-heading', id: headingId, tabindex: '-1' }, title);
  const body = h('div', { className: 'settings-card-body' });
  const root = h('section', {
    className: `card settings-card ${className}`.trim(), 'aria-labelledby': headingId, id,
  },
  h('header', { className: 'settings-card-header' },
    heading,
    subtitle ? h('p', { className: 'settings-card-subtitle' }, subtitle) : null),
  body);
  return { root, body, heading };
}

/**
 * A status line for good news (role=status, polite), present from the start so that what goes
 * in is announced. Errors use forms.js formAlert (role=alert).
 */
export function statusLine() {
  const root = h('div', { className: 'status-line', role: 'status', 'aria-live': 'polite' });
  return {
    root,
    show(message, kind = 'success') {
      replaceChildren(root, h('p', { className: `notice notice-${kind}` }, message));
    },
    clear() {
      replaceChildren(root);
    },
  };
}

/**
 * A modal with a form (e.g. "Desactivar 2FA": password and code). `build(form, close)` fills the
 * form; `onSubmit(event, close)` handles it. Escape or "Cancelar" close it unless it is busy.
 * Focus returns to `returnFocus` when it closes. Returns { dialog, close }.
 */
export function formDialog({ title, description = null, build, onSubmit, returnFocus = null }) {
  const titleId = uid('dialogo');
  const descriptionId = description ? uid('dialogo-texto') : null;
  const dialog = h('dialog', { className: 'dialog', 'aria-labelledby': titleId,
    'aria-describedby': descriptionId });
  const form = h('form', { className: 'form', novalidate: true, 'aria-labelledby': titleId });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
  };
  build(form, close);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(event, close);
  });
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (!form.querySelector('[aria-busy="true"]')) close();
  });
  append(dialog,
    h('h2', { className: 'dialog-title', id: titleId }, title),
    description ? h('p', { id: descriptionId }, description) : null,
    form);
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close };
}

/** The account's e-mail for password managers (hidden; they look for a username field). */
export function usernameField(user) {
  return h('input', { type: 'text', name: 'username', autocomplete: 'username', hidden: true,
    readonly: true, tabindex: '-1', 'aria-hidden': 'true', value: (user && user.email) || '' });
}
