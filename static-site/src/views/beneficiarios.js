// Beneficiarios (staff, issue 17): the members' requests to change the beneficiaries of their
// family-benefit plan, reviewed like a credit application.
//
//   /beneficiarios                  operators: the requests assigned to them; admins: all of
//                                   them, filtered by state (?estado=), with the assignee
//   /beneficiarios?solicitud=<id>   one request (deep link of the assignment e-mail): its facts,
//                                   whether the core system registered it (and, when it does not
//                                   match, the differences), the plan's current beneficiaries
//                                   beside the requested ones, «Asignar» (admins), «Cambiar
//                                   estado» (observe with an observation, approve, reject) and
//                                   the history

import { api, isAbort } from '../api.js';
import { assignCard } from '../assign-card.js';
import {
  MAX_OBSERVATION, STATUSES, STATUS_LABELS, changeIdFrom, changeNumber, statusLabel,
} from '../beneficiaries.js';
import {
  changeFacts, currentVsRequested, historyList, registrationBadge, statusBadge,
} from '../beneficiaries-parts.js';
import {
  card, closeDialogs, confirmDialog, dataTable, errorState, notice, pageHeader, section, skeleton,
} from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { clearErrors, formAlert, selectField, showApiError, textareaField, whileBusy } from '../forms.js';
import { date } from '../format.js';
import { activeOperators } from '../operators.js';
import { pagedList } from '../paged-list.js';
import { rewriteUrl } from '../router.js';
import { isAdmin } from '../session.js';

const BASE = '/beneficiarios';
const PATH = '/api/accounts/beneficiary-changes';
const MOVE_LABELS = { observed: 'Observar', approved: 'Aprobar', rejected: 'Rechazar' };

// --- the list ----------------------------------------------------------------------------------

function changesTable(rows, { admin, filtered }) {
  return dataTable({
    caption: admin ? 'Solicitudes de cambio de beneficiarios'
      : 'Solicitudes de cambio de beneficiarios asignadas a ti',
    captionHidden: true, className: 'rows-are-links',
    columns: [
      { key: 'number', label: 'N°', phone: 'title', render: (row) => h('a', {
        href: `${BASE}?solicitud=${encodeURIComponent(row.id)}`, className: 'row-link',
        'aria-label': `Ver solicitud ${changeNumber(row.number)}` }, changeNumber(row.number)) },
      { key: 'created_at', label: 'Fecha', phone: 'meta', render: (row) => date(row.created_at) },
      { key: 'member_name', label: 'Socio' },
      { key: 'beneficiaries', label: 'Beneficiarios', align: 'end',
        render: (row) => String((row.beneficiaries || []).length) },
      { key: 'status', label: 'Estado', phone: 'status', render: (row) => statusBadge(row) },
      { key: 'registration', label: 'Registro',
        render: (row) => registrationBadge(row.registration) || '—' },
      admin ? { key: 'assignee_name', label: 'Responsable',
        render: (row) => row.assignee_name || 'Sin asignar' } : null,
    ].filter(Boolean),
    rows,
    empty: emptyText(admin, filtered),
  });
}

function emptyText(admin, filtered) {
  if (!admin) return 'No tienes solicitudes asignadas. Un administrador te las asignará.';
  return filtered ? 'No hay solicitudes en ese estado.' : 'Aún no hay solicitudes de cambio de beneficiarios.';
}

function listView(ctx, { admin }) {
  const initial = ctx.query.get('estado');
  const filter = selectField({ label: 'Estado', name: 'estado', placeholder: 'Todos',
    options: STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
    value: STATUSES.includes(initial) ? initial : '' });
  const status = () => (admin ? filter.input.value : '');
  const list = pagedList({
    ctx, bodyClassName: 'credit-list', moreClassName: 'credit-form-actions',
    fetchPage: (cursor, signal) => api.get(PATH, { query: { limit: 20,
      ...(status() ? { status: status() } : {}), ...(cursor ? { cursor } : {}) }, signal }),
    drawItems: (rows) => changesTable(rows, { admin, filtered: Boolean(status()) }),
  });
  filter.input.addEventListener('change', () => {
    rewriteUrl(filter.input.value ? `${BASE}?estado=${filter.input.value}` : BASE);
    list.reload();
  });
  const root = [
    admin ? h('form', { className: 'credit-filters', role: 'search',
      'aria-label': 'Filtrar solicitudes', on: { submit: (event) => event.preventDefault() } },
    filter.root) : null,
    card({}, ...list.nodes),
  ];
  return { root, load: list.reload };
}

// --- the detail --------------------------------------------------------------------------------

function changeAssignCard(ctx, change, operators, onChanged) {
  return assignCard(ctx, { case: change, operators, noun: 'Solicitud', onChanged,
    url: `${PATH}/${encodeURIComponent(change.id)}/assign` });
}

function checkMove(move, fields) {
  if (!move.status) {
    fields.status.setError('Elige el nuevo estado.');
    fields.status.input.focus();
    return false;
  }
  if (['observed', 'rejected'].includes(move.status) && !move.observation) {
    fields.observation.setError('Escribe la observación para el socio.');
    fields.observation.input.focus();
    return false;
  }
  return true;
}

function confirmMove(change, status) {
  return confirmDialog({ title: `${MOVE_LABELS[status] || 'Cambiar'} la solicitud`,
    text: `La solicitud ${changeNumber(change.number)} pasará a «${statusLabel(status)}» y se ` +
      'avisará al socio por correo.', confirmLabel: MOVE_LABELS[status] || 'Confirmar',
    danger: status === 'rejected' });
}

function statusCard(ctx, change, onChanged) {
  const allowed = change.allowed_statuses || [];
  const target = selectField({ label: 'Nuevo estado', name: 'status', placeholder: 'Elige el estado',
    options: allowed.map((value) => ({ value, label: statusLabel(value) })) });
  const observation = textareaField({ label: 'Observación', name: 'observation', rows: 4,
    className: 'credit-textarea', maxlength: MAX_OBSERVATION,
    hint: 'Obligatoria para Observada y Rechazada: el socio la verá en el portal.' });
  const alert = formAlert();
  const button = h('button', { type: 'submit', className: 'button' }, 'Guardar cambio');
  const fields = { status: target, observation };
  const form = h('form', { className: 'form', novalidate: true }, alert.root, target.root,
    observation.root, h('div', { className: 'credit-form-actions' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const move = { status: target.input.value, observation: observation.input.value.trim() };
    if (!checkMove(move, fields)) return;
    if (!(await confirmMove(change, move.status)) || !ctx.isCurrent()) return;
    await whileBusy(button, async () => {
      try {
        const answer = await api.post(`${PATH}/${encodeURIComponent(change.id)}/status`,
          { status: move.status, observation: move.observation || null }, { signal: ctx.signal });
        if (ctx.isCurrent()) onChanged(answer, `Estado actualizado: ${statusLabel(answer.status, answer.status_label)}.`);
      } catch (error) {
        if (!isAbort(error)) showApiError(error, alert, fields);
      }
    }, 'Guardando…');
  });
  return card({ title: 'Cambiar estado' }, h('p', {}, 'Estado actual: ', statusBadge(change)), form);
}

function registrationCard(change) {
  const registration = change.registration;
  if (!registration) return null;
  const differences = registration.differences || [];
  return card({ title: 'Registro en el sistema' },
    h('p', {}, registrationBadge(registration)),
    registration.status === 'mismatch'
      ? notice('error', h('p', {}, 'El sistema de la cooperativa tiene otra lista de beneficiarios:'),
        h('ul', { className: 'beneficiaries-differences' }, differences.map((line) => h('li', {}, line))))
      : null,
    registration.status === 'pending' && differences.length
      ? h('ul', { className: 'beneficiaries-differences', 'aria-label': 'Lo que falta registrar' },
        differences.map((line) => h('li', {}, line)))
      : null);
}

async function loadDetail(ctx, id, admin) {
  const operators = admin ? activeOperators(ctx.signal).catch((error) => {
    if (isAbort(error)) throw error;
    return [];
  }) : Promise.resolve([]);
  return Promise.all([api.get(`${PATH}/${encodeURIComponent(id)}`, { signal: ctx.signal }), operators]);
}

async function detailView(ctx, id, { admin }) {
  const back = h('p', { className: 'credit-back' }, h('a', { href: BASE }, '← Volver a las solicitudes'));
  const holder = h('div', { className: 'credit-layout' }, skeleton({ cards: 2, lines: 4 }));
  ctx.container.append(back, holder);
  let change;
  let operators;
  try {
    [change, operators] = await loadDetail(ctx, id, admin);
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return;
    replaceChildren(holder, error.status === 404
      ? notice('error', h('p', {}, 'La solicitud no existe o no está asignada a ti.'))
      : errorState({ message: error.message, onRetry: () => ctx.navigate(`${BASE}?solicitud=${id}`, { replace: true }) }));
    return;
  }
  if (!ctx.isCurrent()) return;
  const draw = (current, message = null) => {
    const onChanged = (answer, text) => {
      draw(answer, text);
      const done = holder.querySelector('.credit-change-notice');
      if (done) done.focus();
    };
    const title = `Cambio de beneficiarios ${changeNumber(current.number)}`;
    ctx.setTitle(title);
    replaceChildren(holder,
      pageHeader({ title, subtitle: current.member_name || '' }),
      message ? h('div', { className: 'credit-change-notice', tabindex: '-1' },
        notice('success', h('p', {}, message))) : null,
      h('div', { className: 'credit-detail-grid' },
        card({ title: 'Datos de la solicitud' }, changeFacts(current, { staff: true })),
        h('div', { className: 'credit-layout' },
          admin && current.can_assign ? changeAssignCard(ctx, current, operators, onChanged) : null,
          (current.allowed_statuses || []).length ? statusCard(ctx, current, onChanged) : null,
          registrationCard(current),
          card({ title: 'Historial' }, historyList(current.history)))),
      section({ title: 'Beneficiarios actuales y solicitados' }, currentVsRequested(current)));
  };
  draw(change);
  const heading = holder.querySelector('h1');
  if (heading) heading.focus({ preventScroll: true });
}

export async function render(ctx) {
  const admin = isAdmin(ctx.session);
  const id = changeIdFrom(ctx.query);
  if (id) {
    await detailView(ctx, id, { admin });
    return closeDialogs;
  }
  ctx.container.append(pageHeader({ title: 'Beneficiarios',
    subtitle: admin ? 'Solicitudes de cambio de beneficiarios del Beneficio Familiar; asigna cada una a un operador'
      : 'Las solicitudes de cambio de beneficiarios asignadas a ti' }));
  const list = listView(ctx, { admin });
  ctx.container.append(...list.root.filter(Boolean));
  await list.load();
  return closeDialogs;
}
