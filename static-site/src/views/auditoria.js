// Auditoría (API.md "admin"): the audit records, newest first, filtered by actor (its id, or an
// e-mail looked up in the users list), action, target and dates (the API's default: the last 7
// days; at most 93), paged with "Cargar más"; "Exportar CSV" downloads the same filters.

import { api, latestRequest } from '../api.js';
import { saveBlob } from '../accounts-parts.js';
import {
  adminErrorMessage, AUDIT_ACTIONS, auditActionLabel, auditCsvName, auditOutcome, auditQuery,
  auditRangeProblem, limaDateTime, looksLikeEmail, roleName,
} from '../admin.js';
import { badge, isAbort, isAdminSession, refusal, selectField } from '../admin-parts.js';
import { card, dataTable, errorState, notice, pageHeader, skeleton } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { inputField, whileBusy } from '../forms.js';
import { todayIso } from '../format.js';

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

function actorText(record, names) {
  const known = names.get(record.actor_id);
  if (known) return known;
  return shortId(record.actor_id);
}

export async function render(ctx) {
  const title = 'Auditoría';
  if (!isAdminSession(ctx.session)) return refusal(title);
  const me = ctx.session.user;
  const names = new Map([[me.id, `${me.email || 'Tú'} (tú)`]]);
  const fields = filterFields();
  const status = h('div', { className: 'admin-status' });
  const body = h('div', {});
  const more = h('div', { className: 'admin-more' });
  const exportButton = h('button', { type: 'button', className: 'button button-secondary' },
    'Exportar CSV');
  const searchButton = h('button', { type: 'submit', className: 'button' }, 'Filtrar');
  const form = h('form', { className: 'admin-filters', role: 'search',
    'aria-label': 'Filtrar registros de auditoría', novalidate: true },
  fields.actor.root, fields.action.root, fields.target.root, fields.from.root, fields.to.root,
  searchButton);

  ctx.container.append(
    pageHeader({ title, subtitle: 'Todas las operaciones quedan registradas (últimos 7 días por defecto)',
      actions: exportButton }),
    card({}, form), status, card({ className: 'admin-compact' }, body, more));

  let rows = [];
  let cursor = null;

  /** The filters as the API's query; null (with the error shown) when they are not valid. */
  const currentQuery = async () => {
    for (const field of Object.values(fields)) field.clearError();
    const problem = auditRangeProblem(fields.from.input.value, fields.to.input.value);
    if (problem) {
      fields.from.setError(problem);
      return null;
    }
    const query = auditQuery({ action: fields.action.input.value, target: fields.target.input.value,
      from: fields.from.input.value, to: fields.to.input.value });
    const actor = fields.actor.input.value.trim();
    if (actor) {
      const found = await resolveActor(ctx, actor);
      if (!found) {
        fields.actor.setError('No hay ningún usuario con ese correo.');
        return null;
      }
      if (found.name) names.set(found.id, found.name);
      query.actor = found.id;
    }
    return query;
  };

  const draw = () => {
    replaceChildren(body, dataTable({
      caption: 'Registros de auditoría', captionHidden: true,
      columns: [
        { key: 'at', label: 'Fecha y hora', render: (row) => limaDateTime(row.at) },
        { key: 'actor', label: 'Actor', render: (row) => actorText(row, names) },
        { key: 'role', label: 'Rol', render: (row) => (row.role ? roleName(row.role) : '—') },
        { key: 'action', label: 'Acción', render: (row) => h('span', { title: row.action },
          auditActionLabel(row.action)) },
        { key: 'target', label: 'Objetivo', render: (row) => shortId(row.target) },
        { key: 'ip', label: 'IP', render: (row) => row.ip || '—' },
        { key: 'outcome', label: 'Resultado', render: (row) => badge(auditOutcome(row.outcome)) },
      ],
      rows,
      empty: 'No hay registros con estos filtros. Amplía las fechas o quita algún filtro.',
    }));
    replaceChildren(more, cursor ? h('button', { type: 'button', className: 'button button-secondary',
      on: { click: (event) => whileBusy(event.currentTarget, () => load({ next: true }), 'Cargando…') },
    }, 'Cargar más') : null);
  };

  let lastQuery = {};
  const nextSignal = latestRequest(ctx.signal);
  const load = async ({ next = false } = {}) => {
    replaceChildren(status);
    let query = lastQuery;
    const signal = nextSignal();
    try {
      if (!next) {
        const built = await currentQuery();
        if (!built || signal.aborted || !ctx.isCurrent()) return;
        query = built;
        lastQuery = built;
        replaceChildren(body, skeleton({ cards: 0, lines: 5 }));
        replaceChildren(more);
      }
      const answer = await api.get('/api/admin/audit', {
        query: { ...query, limit: PAGE, ...(next && cursor ? { cursor } : {}) }, signal });
      if (signal.aborted || !ctx.isCurrent()) return;
      rows = next ? rows.concat(answer.items || []) : (answer.items || []);
      cursor = answer.next_cursor || null;
      draw();
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      const fieldErrors = error.fields || {};
      for (const [name, message] of Object.entries(fieldErrors)) {
        if (fields[name]) fields[name].setError(message);
      }
      replaceChildren(body, errorState({ message: adminErrorMessage(error), onRetry: () => load() }));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(searchButton, () => load());
  });

  exportButton.addEventListener('click', () => whileBusy(exportButton, async () => {
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
  }, 'Exportando…'));

  await load();
  return undefined;
}
