// Drafts that survive an expired session (issue 17): what the user was writing in a ticket reply,
// a new ticket or a simulation is kept in this tab's sessionStorage as they type, put back into
// the empty fields after signing in again (never sent by itself) and deleted once sent. The key
// names the user, the form and the ticket, so another person signing in at the same browser
// never sees it; an explicit «Cerrar sesión» deletes every draft (a shared computer), an expiry
// keeps them. Never give this module a password field.

const PREFIX = 'coopac.draft.';

export const RESTORED_NOTE = 'Recuperamos lo que estabas escribiendo.';

export function draftKey(userId, form, id = '') {
  return `${PREFIX}${userId}|${form}|${id}`;
}

function browserStorage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // no window (node) or storage disabled
  }
}

function hasText(values) {
  return Object.values(values).some((value) => typeof value === 'string' && value.trim() !== '');
}

/** Keep `values` ({name: text}); a draft with nothing written is no draft. */
export function saveDraft(key, values, storage = browserStorage()) {
  if (!storage) return;
  try {
    if (hasText(values)) storage.setItem(key, JSON.stringify(values));
    else storage.removeItem(key);
  } catch { /* full or disabled storage: the draft is a courtesy */ }
}

/** The kept values, or null. */
export function readDraft(key, storage = browserStorage()) {
  if (!storage) return null;
  try {
    const values = JSON.parse(storage.getItem(key) || 'null');
    return values && typeof values === 'object' && hasText(values) ? values : null;
  } catch {
    return null;
  }
}

export function dropDraft(key, storage = browserStorage()) {
  try { storage?.removeItem(key); } catch { /* nothing kept */ }
}

/** «Cerrar sesión»: every draft of this tab goes, whoever wrote it. */
export function dropAllDrafts(storage = browserStorage()) {
  if (!storage) return;
  const keys = [];
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key && key.startsWith(PREFIX)) keys.push(key);
  }
  keys.forEach((key) => storage.removeItem(key));
}

/**
 * Put a kept draft back into empty fields; true when something was restored. `fields` maps a
 * name to an element with a `value` (textarea, input, select).
 */
export function restoreDraft(key, fields, storage = browserStorage()) {
  const values = readDraft(key, storage);
  if (!values) return false;
  let restored = false;
  for (const [name, element] of Object.entries(fields)) {
    if (typeof values[name] === 'string' && element && !element.value) {
      element.value = values[name];
      restored = true;
    }
  }
  return restored;
}

/**
 * Keep the form's fields as the user types and restore them now. Returns `{ restored, discard }`:
 * call `discard()` once the form was sent, so the draft is never sent twice.
 */
export function keepDraft({ form, key, fields, storage = browserStorage() }) {
  if (!key) return { restored: false, discard: () => {} };
  const restored = restoreDraft(key, fields, storage);
  const save = () => saveDraft(key, Object.fromEntries(
    Object.entries(fields).map(([name, element]) => [name, element ? element.value : ''])), storage);
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  return { restored, discard: () => dropDraft(key, storage) };
}
