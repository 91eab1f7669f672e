// Auditoría (docs/design/API.md "admin"): the audit records, newest first, filtered by actor (its id, or an
// e-mail looked up in the users list), action, target and dates (the API's default: the last 7
// days; at most 93), paged with "Cargar más"; "Exportar CSV" downloads the same filters.

import { api, isAbort } from '../api.js';
import { saveBlob } from '../accounts-parts.js';
import {
  adminErrorMessage, AUDIT_ACTIONS, auditActionLabel, auditCsvName, auditOutcome, auditQuery,
  auditRangeProblem, limaDateTime, looksLikeEmail, roleName,
} from '../admin.js';
import { badge, refusal } from '../admin-parts.js';
import { card, dataTable, errorState, notice, pageHeader } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { inputField, selectField, whileBusy } from '../forms.js';
import { todayIso } from '../format.js';
import { pagedList } from '../paged-list.js';
import { isAdmin } from '../session.js';

const PAGE = 50;

function filterFields() {
  const actor = inputField({ label: 'Actor (correo o ID)', name: 'actor', maxlength: 200,
    autocomplete: 'off' });
  const action = selectField({ label: 'Acción', name: 'action', placeholder: 'Todas las acciones',
    options: Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })) });
  const target = inputField({ label: 'Objetivo (empieza por)', name: 'target', maxlength: 200,
    autocomplete: 'off', placeholder: 'user:…' });
  const from = inputField({ label: 'Desde', name: 'from', type: 'date' });
  const to = inputField({ label: 'Hasta', name: 'to', type: 'date' });
  return { actor, action, target, from, to };
}

/** An e-mail in the actor filter becomes that user's id (the audit is indexed by actor id). */
async function resolveActor(ctx, text) {
  const value = text.trim();
  if (!looksLikeEmail(value)) return { id: value, name: null };
  const answer = await api.get('/api/admin/users', { query: { q: value, limit: 1 },
    signal: ctx.signal });
  const user = answer && answer.items ? answer.items[0] : null;
  if (!user) return null;
  return { id: user.id, name: value };
}

/** A long id shortened for the table ("user:989d4530…"), whole in its tooltip and the CSV. */
function shortId(text) {
  if (!text) return '—';
  const short = text.replace(/([0-9a-f]{8})[0-9a-f-]{20,}/i, '$1…');
  return h('span', { className: 'admin-mono', title: short === text ? null : text }, short);
}

/** Who acted: the name and e-mail the API resolved, else (an account gone) the id. */
function actorText(record, names) {
  if (record.actor) {
    return h('span', { className: 'audit-person' }, record.actor.name || record.actor.email,
      h('span', { className: 'audit-email' }, record.actor.email));
  }
  return names.get(record.actor_id) || shortId(record.actor_id);
}

/** What it was done to: an account by name (the API's `target_label`), anything else its id. */
function targetText(record) {
  return record.target_label
    ? h('span', { title: record.target }, record.target_label)
    : shortId(record.target);
}

function auditTable(rows, names) {
  return dataTable({
    caption: 'Registros de auditoría', captionHidden: true,
    columns: [
      { key: 'at', label: 'Fecha y hora', phone: 'meta', render: (row) => limaDateTime(row.at) },
      { key: 'actor', label: 'Actor', render: (row) => actorText(row, names) },
      { key: 'role', label: 'Rol', render: (row) => (row.role ? roleName(row.role) : '—') },
      { key: 'action', label: 'Acción', phone: 'title', render: (row) => h('span', { title: row.action },
        auditActionLabel(row.action)) },
      { key: 'target', label: 'Objetivo', render: targetText },
      { key: 'ip', label: 'IP', render: (row) => row.ip || '—' },
      { key: 'outcome', label: 'Resultado', phone: 'status',
        render: (row) => badge(auditOutcome(row.outcome)) },
    ],
    rows,
    empty: 'No hay registros con estos filtros. Amplía las fechas o quita algún filtro.',
  });
}

function filtersForm(fields, searchButton) {
  return h('form', { className: 'admin-filters', role: 'search',
    'aria-label': 'Filtrar registros de auditoría', novalidate: true },
  fields.actor.root, fields.action.root, fields.target.root, fields.from.root, fields.to.root,
  searchButton);
}

/** The API's field errors under the filters they name. */
function showFieldErrors(fields, error) {
  for (const [name, message] of Object.entries(error.fields || {})) {
    if (fields[name]) fields[name].setError(message);
  }
}

/**
 * The filters as the API's query; null (with the error shown) when they are not valid. An
 * e-mail as the actor is looked up, and its id remembered with the e-mail as its name.
 */
async function queryFromFilters(ctx, fields, names) {
  for (const field of Object.values(fields)) field.clearError();
  const problem = auditRangeProblem(fields.from.input.value, fields.to.input.value);
  if (problem) {
    fields.from.setError(problem);
    return null;
  }
  const query = auditQuery({ action: fields.action.input.value, target: fields.target.input.value,
    from: fields.from.input.value, to: fields.to.input.value });
  const actor = fields.actor.input.value.trim();
  if (!actor) return query;
  const found = await resolveActor(ctx, actor);
  if (!found) {
    fields.actor.setError('No hay ningún usuario con ese correo.');
    return null;
  }
  if (found.name) names.set(found.id, found.name);
  return { ...query, actor: found.id };
}

/** "Exportar CSV": the same filters, downloaded; the outcome said in `status`. */
function exportCsv(ctx, status, currentQuery) {
  return async () => {
    replaceChildren(status);
    try {
      const query = await currentQuery();
      if (!query || !ctx.isCurrent()) return;
      const { blob, filename } = await api.download('/api/admin/audit/export',
        { query, signal: ctx.signal });
      saveBlob(blob, filename || auditCsvName(query.from, query.to, todayIso()));
      replaceChildren(status, notice('success', h('p', {}, 'Se descargó el archivo CSV.')));
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(status, notice('error', h('p', {}, adminErrorMessage(error))));
    }
  };
}

export async function render(ctx) {
  const title = 'Auditoría';
  if (!isAdmin(ctx.session)) return refusal(title);
  const me = ctx.session.user;
  const names = new Map([[me.id, `${me.email || 'Tú'} (tú)`]]);
  const fields = filterFields();
  const status = h('div', { className: 'admin-status' });
  const exportButton = h('button', { type: 'button', className: 'button button-secondary' },
    'Exportar CSV');
  const searchButton = h('button', { type: 'submit', className: 'button' }, 'Filtrar');
  const form = filtersForm(fields, searchButton);
  let query = {};
  const list = pagedList({
    ctx, loading: { cards: 0, lines: 5 }, moreClassName: 'admin-more',
    fetchPage: (cursor, signal) => api.get('/api/admin/audit',
      { query: { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) }, signal }),
    drawItems: (rows) => auditTable(rows, names),
    errorMessage: adminErrorMessage,
    onError: (error) => showFieldErrors(fields, error),
  });

  ctx.container.append(
    pageHeader({ title, subtitle: 'Todas las operaciones quedan registradas (últimos 7 días por defecto)',
      actions: exportButton }),
    card({}, form), status, card({ className: 'admin-compact' }, ...list.nodes));

  const currentQuery = () => queryFromFilters(ctx, fields, names);
  const search = async () => {
    replaceChildren(status);
    let built;
    try {
      built = await currentQuery();
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(list.body, errorState({ message: adminErrorMessage(error), onRetry: search }));
      return;
    }
    if (!built || !ctx.isCurrent()) return;
    query = built;
    await list.reload();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(searchButton, search);
  });
  exportButton.addEventListener('click', () => whileBusy(exportButton,
    exportCsv(ctx, status, currentQuery), 'Exportando…'));

  await search();
  return undefined;
}
