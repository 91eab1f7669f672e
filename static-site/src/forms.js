// Form parts shared by every screen: labelled inputs, selects and textareas with an error slot
// under them, the form-level alert, the in-flight guard (no double submits) and the manual's
// password rule.

import { withContactLink } from './contact-link.js';
import { h, setText, uid } from './dom.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './generated/server-constants.js';

/**
 * A labelled input with hint and error slot.
 * opts: { label, name, type='text', autocomplete, hint, required, inputmode, maxlength, pattern,
 *         value, placeholder, readonly, min, max }
 * Returns { root, input, setError(message), clearError() }.
 */
export function inputField(opts) {
  const { label, name, type = 'text', hint = null, ...rest } = opts;
  const id = uid(`campo-${name}`);
  const hintId = hint ? `${id}-ayuda` : null;
  const errorId = `${id}-error`;
  const input = h('input', {
    id, name, type, className: 'input',
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    ...normalizeInputAttrs(rest),
  });
  const error = h('p', { className: 'field-error', id: errorId, hidden: true });
  const root = h('div', { className: 'field' },
    h('label', { className: 'label', for: id }, label),
    hint ? h('p', { className: 'field-hint', id: hintId }, hint) : null,
    type === 'password' ? withRevealToggle(input) : input,
    error);
  return fieldApi(root, input, error);
}

/**
 * «Mostrar contraseña»: a toggle beside every password field, so a member can check what they
 * typed before the lockout counts a typo. Pressed, the field shows its text; the next
 * submit or navigation leaves it as the member set it (the browser never stores a shown field).
 */
export function withRevealToggle(input) {
  const toggle = h('button', {
    type: 'button', className: 'password-toggle', 'aria-pressed': 'false',
    'aria-controls': input.id, 'aria-label': 'Mostrar contraseña',
  }, 'Mostrar');
  toggle.addEventListener('click', () => {
    const shown = input.type === 'password';
    input.type = shown ? 'text' : 'password';
    toggle.setAttribute('aria-pressed', String(shown));
    toggle.setAttribute('aria-label', shown ? 'Ocultar contraseña' : 'Mostrar contraseña');
    setText(toggle, shown ? 'Ocultar' : 'Mostrar');
  });
  return h('div', { className: 'password-wrap' }, input, toggle);
}

/** A checkbox with its label to the right. Extra nodes (a link) go after the label. */
export function checkboxField({ label, name, checked = false, after = null }) {
  const id = uid(`campo-${name}`);
  const errorId = `${id}-error`;
  const input = h('input', { id, name, type: 'checkbox', className: 'checkbox', checked,
    'aria-describedby': errorId });
  const error = h('p', { className: 'field-error', id: errorId, hidden: true });
  const root = h('div', { className: 'field field-checkbox' },
    h('div', { className: 'checkbox-row' }, input, h('label', { for: id }, label)),
    after ? h('div', { className: 'checkbox-after' }, after) : null,
    error);
  return fieldApi(root, input, error);
}

/** The ids that tie a field's hint (and counter) and error to its input for screen readers. */
function describedBy(id, hint, extra = []) {
  const hintId = hint ? `${id}-ayuda` : null;
  const errorId = `${id}-error`;
  return { hintId, errorId, value: [hintId, ...extra, errorId].filter(Boolean).join(' ') };
}

/**
 * A labelled <select>; options [{value, label}]; `placeholder` adds a first empty option.
 * Returns the field API plus setOptions(items, {placeholder, selected}) and setHint(text).
 */
export function selectField({ label, name, options = [], value = '', placeholder = null,
  hint = null, disabled = false, className = '' }) {
  const id = uid(`campo-${name}`);
  const ids = describedBy(id, hint);
  const input = h('select', { id, name, className: 'input', disabled, 'aria-describedby': ids.value });
  const error = h('p', { className: 'field-error', id: ids.errorId, hidden: true });
  const hintNode = hint ? h('p', { className: 'field-hint', id: ids.hintId }, hint) : null;
  const root = h('div', { className: `field ${className}`.trim() },
    h('label', { className: 'label', for: id }, label), hintNode, input, error);
  const api = fieldApi(root, input, error);
  api.setOptions = (items, { placeholder: first = placeholder, selected = '' } = {}) => {
    input.replaceChildren(
      first !== null ? h('option', { value: '' }, first) : null,
      ...items.map((option) => h('option', { value: option.value,
        selected: String(option.value) === String(selected) }, option.label)));
  };
  api.setHint = (text) => {
    if (hintNode) setText(hintNode, text);
  };
  api.setOptions(options, { selected: value });
  return api;
}

/** The live counter under a textarea: `count(value)` gives {text, label, state}. */
function liveCounter(id, input, count) {
  const node = h('p', { className: 'char-counter', id, 'aria-live': 'polite' });
  const refresh = () => {
    const state = count(input.value);
    node.replaceChildren(
      h('span', { 'aria-hidden': 'true' }, state.text),
      h('span', { className: 'visually-hidden' }, state.label));
    node.className = `char-counter char-counter-${state.state}`;
  };
  input.addEventListener('input', refresh);
  refresh();
  return { node, refresh };
}

/**
 * A labelled <textarea> with an error slot. `className` is added to the input's; with `counter`
 * (value → {text, label, state}) a live counter sits beside the error and `refresh()` redraws it.
 */
export function textareaField({ label, name, rows = 4, hint = null, maxlength = null,
  className = '', counter = null }) {
  const id = uid(`campo-${name}`);
  const counterId = counter ? `${id}-contador` : null;
  const ids = describedBy(id, hint, [counterId]);
  const input = h('textarea', { id, name, rows: String(rows), className: `input ${className}`.trim(),
    maxlength: maxlength ? String(maxlength) : null, 'aria-describedby': ids.value });
  const error = h('p', { className: 'field-error', id: ids.errorId, hidden: true });
  const live = counter ? liveCounter(counterId, input, counter) : null;
  const root = h('div', { className: 'field' },
    h('label', { className: 'label', for: id }, label),
    hint ? h('p', { className: 'field-hint', id: ids.hintId }, hint) : null,
    input,
    live ? h('div', { className: 'field-footer' }, error, live.node) : error);
  return { ...fieldApi(root, input, error), refresh: live ? live.refresh : () => {} };
}

function normalizeInputAttrs(attrs) {
  const out = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    out[key] = value;
  }
  return out;
}

/** The handle of a field built elsewhere: its error slot behaves like inputField's. */
export function fieldApi(root, input, error) {
  return {
    root,
    input,
    setError(message) {
      setText(error, message);
      error.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      root.classList.toggle('has-error', Boolean(message));
    },
    clearError() {
      this.setError('');
    },
  };
}

/** The form's alert region: present from the start so screen readers announce what goes in. */
export function formAlert() {
  const root = h('div', { className: 'form-alert', role: 'alert', 'aria-live': 'assertive' });
  return {
    root,
    show(message, kind = 'error') {
      // A message that sends the reader to the office links to Contacto (issue 18).
      root.replaceChildren(h('p', { className: `notice notice-${kind}` }, ...withContactLink(message)));
    },
    clear() {
      root.replaceChildren();
    },
  };
}

/** The primary button of a form. */
export function submitButton(label, { className = 'button button-block' } = {}) {
  return h('button', { type: 'submit', className }, label);
}

/**
 * Run `action` with the button disabled and marked busy, so a request is never sent twice.
 * Returns whatever `action` returns; a second call while one is in flight is ignored.
 */
export async function whileBusy(button, action, busyLabel = null) {
  if (button.dataset.busy === 'true') return undefined;
  const label = button.textContent;
  const hadFocus = button.ownerDocument.activeElement === button;
  button.dataset.busy = 'true';
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (busyLabel) button.textContent = busyLabel;
  try {
    return await action();
  } finally {
    button.dataset.busy = 'false';
    button.removeAttribute('aria-busy');
    button.textContent = label;
    button.disabled = wasDisabled;
    // Disabling the focused button drops the keyboard focus to <body>; give it back unless
    // the view moved it on purpose meanwhile (to a field in error, a new heading…).
    const now = button.ownerDocument.activeElement;
    if (hadFocus && button.isConnected && !button.disabled &&
        (!now || now === button.ownerDocument.body)) {
      button.focus({ preventScroll: true });
    }
    button.dispatchEvent(new CustomEvent('busy-end'));
  }
}

/**
 * Put an ApiError's `fields` messages under the matching inputs (by API field name) and its
 * message in the alert. Focus goes to the first field in error, or stays for the alert.
 * `fieldsByName`: { api_field_name: fieldApi }.
 */
export function showApiError(error, alert, fieldsByName = {}) {
  const fieldErrors = (error && error.fields) || {};
  const unmatched = [];
  let first = null;
  for (const [name, message] of Object.entries(fieldErrors)) {
    const field = fieldsByName[name];
    if (field) {
      field.setError(message);
      first = first || field;
    } else {
      unmatched.push(message);
    }
  }
  let message = (error && error.message) || 'Ocurrió un error inesperado. Inténtalo nuevamente.';
  if (first && Object.values(fieldErrors).includes(message)) {
    // Said under its input already (and read with it, via aria-describedby).
    message = 'Revisa los datos marcados en el formulario.';
  }
  alert.show([message, ...unmatched].join(' '));
  if (first) first.input.focus();
}

/** Clear every field error and the alert before a new attempt. */
export function clearErrors(alert, fields) {
  alert.clear();
  for (const field of Object.values(fields)) field.clearError();
}

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// The server's password policy (domain/auth/password_policy.py), generated into the site.
export const MIN_PASSWORD = PASSWORD_MIN_LENGTH;
export const MAX_PASSWORD = PASSWORD_MAX_LENGTH;

/**
 * The manual's rule (2.1.2): the submit button stays disabled until the password has at least
 * 8 characters and equals its confirmation. Shows "Las contraseñas no coinciden." live.
 * Returns { check() } to re-evaluate after a programmatic change.
 */
export function passwordRule({ password, confirmation, button }) {
  const check = () => {
    const value = password.input.value;
    const repeat = confirmation.input.value;
    const ok = value.length >= MIN_PASSWORD && value.length <= MAX_PASSWORD && value === repeat;
    if (button.dataset.busy !== 'true') button.disabled = !ok;
    if (repeat && value !== repeat && repeat.length >= Math.min(value.length, MIN_PASSWORD)) {
      confirmation.setError('Las contraseñas no coinciden.');
    } else if (!repeat || value === repeat) {
      confirmation.clearError();
    }
    return ok;
  };
  password.input.addEventListener('input', check);
  confirmation.input.addEventListener('input', check);
  button.addEventListener('busy-end', check);
  check();
  return { check };
}

/** Validate required inputs in Spanish (forms use `novalidate`); returns true when all pass. */
export function requireFields(checks) {
  let first = null;
  for (const [field, message] of checks) {
    const failed = typeof message === 'string' && message;
    field.setError(failed ? message : '');
    if (failed && !first) first = field;
  }
  if (first) first.input.focus();
  return !first;
}
