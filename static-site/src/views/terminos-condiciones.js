// «Términos y condiciones» (admin, issue 18; GET/POST /api/auth/terms/versions): every version of
// the terms of use, newest first (1.0 is the manual's text), and «Publicar nueva versión»:
// version, effective date (dd/mm/aaaa, today by default), summary of the changes and full text.
// A published version never changes; from its effective date every member accepts it at their
// next request before going on.

import '../styles/terms.css';
import { api, isAbort } from '../api.js';
import { adminErrorMessage } from '../admin.js';
import { refusal } from '../admin-parts.js';
import {
  card, confirmDialog, dataTable, errorState, notice, pageHeader, section, skeleton,
} from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { date, dateTime, todayIso } from '../format.js';
import {
  clearErrors, formAlert, inputField, requireFields, showApiError, submitButton, textareaField,
  whileBusy,
} from '../forms.js';
import { isoDay } from '../report-button.js';
import { isAdmin } from '../session.js';
import { forgetTerms } from '../terms.js';

const VERSION_RE = /^\d{1,3}(\.\d{1,3}){1,2}$/;

function versionsTable(items, inForce) {
  return dataTable({
    caption: 'Versiones publicadas', captionHidden: true, rows: items,
    columns: [
      { key: 'version', label: 'Versión', phone: 'title',
        render: (row) => (row.version === inForce ? `${row.version} (vigente)` : row.version) },
      { key: 'effective_on', label: 'Vigente desde', phone: 'meta',
        render: (row) => date(row.effective_on) },
      { key: 'summary', label: 'Resumen de cambios' },
      { key: 'published_at', label: 'Publicada',
        render: (row) => (row.published_at
          ? `${dateTime(row.published_at)}${row.published_by_name ? ` · ${row.published_by_name}` : ''}`
          : 'Texto del manual') },
    ],
  });
}

function publishFields() {
  return {
    version: inputField({ label: 'Versión', name: 'version', maxlength: 20, autocomplete: 'off',
      hint: 'Números separados por puntos, posterior a la vigente (por ejemplo: 1.1 o 2.0).' }),
    effective_on: inputField({ label: 'Vigente desde', name: 'effective_on', maxlength: 10,
      inputmode: 'numeric', autocomplete: 'off', hint: 'dd/mm/aaaa; hoy o una fecha posterior.',
      value: date(todayIso()) }),
    summary: textareaField({ label: 'Resumen de los cambios', name: 'summary', rows: 3,
      maxlength: 2000, hint: 'Lo que verán los socios antes de aceptar.' }),
    text: textareaField({ label: 'Texto completo', name: 'text', rows: 12, maxlength: 60000,
      className: 'terms-text-input', hint: 'Separa los párrafos con una línea en blanco.' }),
  };
}

function readForm(fields) {
  return {
    version: fields.version.input.value.trim(),
    effective_on: isoDay(fields.effective_on.input.value),
    summary: fields.summary.input.value.trim(),
    text: fields.text.input.value.trim(),
  };
}

function checkForm(fields, body) {
  return requireFields([
    [fields.version, VERSION_RE.test(body.version) ? '' : 'Indica la versión como 1.1 o 2.0.'],
    [fields.effective_on, body.effective_on ? '' : 'Use una fecha válida con el formato dd/mm/aaaa.'],
    [fields.summary, body.summary.length >= 10 ? '' : 'Resume los cambios (al menos 10 caracteres).'],
    [fields.text, body.text.length >= 100 ? '' : 'Pega el texto completo (al menos 100 caracteres).'],
  ]);
}

async function send(ctx, body, fields, alert, onPublished) {
  try {
    const saved = await api.post('/api/auth/terms/versions', body, { signal: ctx.signal });
    if (!ctx.isCurrent()) return;
    Object.values(fields).forEach((field) => { field.input.value = ''; });
    fields.effective_on.input.value = date(todayIso());
    forgetTerms();
    onPublished(saved);
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return;
    showApiError({ fields: error.fields || {}, message: adminErrorMessage(error) }, alert, fields);
  }
}

/** «Publicar nueva versión»: asks first (a published version cannot be changed). */
function publishForm(ctx, onPublished) {
  const fields = publishFields();
  const alert = formAlert();
  const button = submitButton('Publicar versión', { className: 'button' });
  const form = h('form', { className: 'form', novalidate: true, 'aria-label': 'Publicar nueva versión' },
    alert.root, fields.version.root, fields.effective_on.root, fields.summary.root,
    fields.text.root, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const body = readForm(fields);
    if (!checkForm(fields, body)) return;
    const sure = await confirmDialog({ title: 'Publicar versión', confirmLabel: 'Publicar',
      text: `¿Publicar la versión ${body.version}, vigente desde el ${date(body.effective_on)}? `
        + 'No se podrá modificar, y cada socio deberá aceptarla al ingresar desde esa fecha.' });
    if (!sure || !ctx.isCurrent()) return;
    whileBusy(button, () => send(ctx, body, fields, alert, onPublished), 'Publicando…');
  });
  return form;
}

export async function render(ctx) {
  const title = 'Términos y condiciones';
  if (!isAdmin(ctx.session)) return refusal(title);
  const status = h('div', { className: 'admin-status', tabindex: '-1', 'aria-live': 'polite' });
  const holder = h('div', {}, skeleton({ cards: 1, lines: 4 }));
  async function load() {
    try {
      const view = await api.get('/api/auth/terms/versions', { signal: ctx.signal });
      if (ctx.isCurrent()) replaceChildren(holder, versionsTable(view.items, view.in_force));
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(holder, errorState({ message: adminErrorMessage(error), onRetry: load }));
    }
  }
  const published = (saved) => load().then(() => {
    replaceChildren(status, notice('success', h('p', {},
      `Se publicó la versión ${saved.version}, vigente desde el ${date(saved.effective_on)}.`)));
    status.focus();
  });
  ctx.container.append(
    pageHeader({ title, subtitle: 'Versiones de los términos y condiciones de uso' }),
    notice('info', h('p', {}, 'Una versión publicada no se puede modificar. Desde su fecha de '
      + 'vigencia, cada socio verá el resumen de los cambios y el texto completo al ingresar, y '
      + 'deberá aceptarlos para continuar.')),
    status,
    section({ title: 'Versiones' }, card({}, holder)),
    section({ title: 'Publicar nueva versión' }, card({}, publishForm(ctx, published))));
  await load();
}
