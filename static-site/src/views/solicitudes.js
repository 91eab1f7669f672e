// Solicitudes de Crédito (manual 2.3, staff).
//
//   /solicitudes                  operators: the applications assigned to them; admins: all of
//                                 them, with the assignee; both filter by state (?estado=),
//                                 credit type (?tipo=) and waiting time (?espera=4|24|vencidos),
//                                 and see each row's «Espera» (issue 17)
//   /solicitudes?solicitud=<id>   one application (deep link of the assignment e-mail): its facts,
//                                 "Asignar" (admins, while `can_assign`), "Cambiar estado" limited
//                                 to the API's `allowed_statuses` with the observation (required
//                                 to observe or reject), "Agregar observación" (a note that
//                                 keeps the state and e-mails nobody, until the application is
//                                 finished), the member's e-mail, the history and the simulation
//                                 sent
//
// The operators an admin can choose come from GET /api/admin/users?role=operator (docs/design/API.md
// "admin"); until that route answers, the list falls back to the operators already seen as
// assignees of applications.

import { api, isAbort } from '../api.js';
import { assignCard } from '../assign-card.js';
import {
  card, closeDialogs, confirmDialog, dataTable, errorState, moneyText, notice, pageHeader, section, skeleton,
} from '../components.js';
import {
  MAX_OBSERVATION, STATUSES, STATUS_LABELS, WAITING_CHOICES, applicationIdFrom, applicationNumber,
  knownAssignees, listApiQuery, listFiltersFromQuery, listFiltersSearch, moveLabel, needsObservation,
  statusLabel, validateObservation, validateStatusChange, waitingText,
} from '../credit.js';
import {
  applicationFacts, historyTimeline, scheduleTable, simulationSummary, statusBadge,
} from '../credit-parts.js';
import { h, replaceChildren } from '../dom.js';
import {
  clearErrors, formAlert, selectField, showApiError, textareaField, whileBusy,
} from '../forms.js';
import { date } from '../format.js';
import { MAX_PAGE_SIZE } from '../generated/server-constants.js';
import { activeOperators } from '../operators.js';
import { memberProductsSection } from '../member-products-parts.js';
import { pagedList } from '../paged-list.js';
import { rewriteUrl } from '../router.js';
import { sharedQueueSection } from '../routing-parts.js';
import { isAdmin } from '../session.js';

const BASE = '/solicitudes';
const CONFIRM_MOVES = new Set(['approved', 'rejected', 'disbursed']);

/** The operators an admin can assign to: [{id, name}] (see the header for the fallback). */
async function loadOperators(ctx) {
  try {
    return { operators: await activeOperators(ctx.signal), fromDirectory: true };
  } catch (error) {
    if (isAbort(error)) throw error;
  }
  try {
    const answer = await api.get('/api/credit/applications', { query: { limit: MAX_PAGE_SIZE },
      signal: ctx.signal });
    return { operators: knownAssignees(answer.items), fromDirectory: false };
  } catch (error) {
    if (isAbort(error)) throw error;
    return { operators: [], fromDirectory: false };
  }
}

// --- the list ----------------------------------------------------------------------------------

/**
 * The staff list: the whole row opens the application (its number's link covers the row), so
 * no "Ver" column is needed and the table fits a 1366 px laptop; on a phone each row is a card.
 */
function applicationsTable(rows, { admin, filtered }) {
  return dataTable({
    caption: admin ? 'Solicitudes de crédito' : 'Solicitudes de crédito asignadas a ti',
    captionHidden: true, className: 'rows-are-links',
    columns: [
      { key: 'number', label: 'N°', phone: 'title', render: (row) => h('a', {
        href: `${BASE}?solicitud=${encodeURIComponent(row.id)}`, className: 'row-link',
        'aria-label': `Ver solicitud ${applicationNumber(row.number)}` },
      applicationNumber(row.number)) },
      { key: 'created_at', label: 'Fecha', phone: 'meta', render: (row) => date(row.created_at) },
      { key: 'member_name', label: 'Socio' },
      { key: 'product_name', label: 'Tipo de crédito' },
      { key: 'amount', label: 'Monto', align: 'end', phone: 'amount',
        render: (row) => moneyText(row.amount) },
      { key: 'term_months', label: 'Plazo', align: 'end', render: (row) => `${row.term_months} meses` },
      { key: 'status', label: 'Estado · espera', phone: 'status',
        render: (row) => [statusBadge(row), waitingCell(row)] },
      admin ? { key: 'assignee_name', label: 'Responsable',
        render: (row) => row.assignee_name || 'Sin asignar' } : null,
    ].filter(Boolean),
    rows,
    empty: emptyListText(admin, filtered),
  });
}

function emptyListText(admin, filtered) {
  if (filtered) return 'No hay solicitudes con estos filtros.';
  if (!admin) return 'No tienes solicitudes asignadas. Un administrador te las asignará.';
  return 'Aún no hay solicitudes de crédito.';
}

/** «Espera», under the state (the table stays within a 1366 px laptop): how long the
 * application has waited for the staff, an overdue one saying «Vencida»; nothing when it waits
 * for no one on the staff. */
function waitingCell(row) {
  if (!row.waited_label) return null;
  return h('span', { className: row.overdue ? 'waiting is-overdue' : 'waiting' },
    `Espera: ${waitingText(row)}`);
}

/** The credit types to filter by (the catalogue); the chosen one stays even if the list fails. */
async function fillProducts(ctx, field, chosen) {
  let items = [];
  try {
    items = (await api.get('/api/credit/products', { signal: ctx.signal })).items || [];
  } catch (error) {
    if (isAbort(error)) return;
  }
  if (!ctx.isCurrent()) return;
  const codes = new Set(items.map((product) => product.code));
  if (chosen && !codes.has(chosen)) items.push({ code: chosen, name: chosen });
  for (const product of items) {
    field.input.append(h('option', { value: product.code }, product.name || product.code));
  }
  field.input.value = chosen;
}

/** Estado, tipo de crédito and espera, for operators and admins; kept in the URL. */
function filterFields(initial) {
  return {
    status: selectField({ label: 'Estado', name: 'estado', placeholder: 'Todos',
      options: STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
      value: initial.status }),
    product: selectField({ label: 'Tipo de crédito', name: 'tipo', placeholder: 'Todos',
      options: [], value: '' }),
    waiting: selectField({ label: 'Espera', name: 'espera', placeholder: 'Cualquiera',
      options: WAITING_CHOICES.map(([value, , label]) => ({ value, label })),
      value: initial.waiting }),
  };
}

function listView(ctx, { admin }) {
  const initial = listFiltersFromQuery(ctx.query);
  const fields = filterFields(initial);
  const filters = () => ({ status: fields.status.input.value, product: fields.product.input.value,
    waiting: fields.waiting.input.value });
  const filtered = () => Object.values(filters()).some(Boolean);
  const list = pagedList({
    ctx, bodyClassName: 'credit-list', moreClassName: 'credit-form-actions',
    fetchPage: (cursor, signal) => api.get('/api/credit/applications',
      { query: listApiQuery(filters(), cursor), signal }),
    drawItems: (rows) => applicationsTable(rows, { admin, filtered: filtered() }),
  });
  const form = h('form', { className: 'credit-filters', role: 'search',
    'aria-label': 'Filtrar solicitudes', on: { submit: (event) => event.preventDefault() } },
  fields.status.root, fields.product.root, fields.waiting.root);
  form.addEventListener('change', () => {
    rewriteUrl(`${BASE}${listFiltersSearch(filters())}`);
    list.reload();
  });
  const load = async () => {
    await fillProducts(ctx, fields.product, initial.product);
    if (ctx.isCurrent()) await list.reload();
  };
  return { root: [form, card({}, ...list.nodes)], load };
}

// --- the detail --------------------------------------------------------------------------------

function applicationAssignCard(ctx, application, directory, onChanged) {
  return assignCard(ctx, { case: application, operators: directory.operators,
    noun: 'Solicitud', onChanged, label: 'Operador de crédito',
    missing: 'Elige un operador de crédito.',
    hint: directory.fromDirectory ? null
      : 'Se muestran los operadores que ya atienden solicitudes (la lista de usuarios no está disponible).',
    url: `/api/credit/applications/${encodeURIComponent(application.id)}/assign` });
}

/** The observation is required (aria-required) only for the moves that need one. */
function observationRequiredWith(target, observation) {
  const sync = () => {
    if (needsObservation(target.input.value)) observation.input.setAttribute('aria-required', 'true');
    else observation.input.removeAttribute('aria-required');
  };
  target.input.addEventListener('change', sync);
  sync();
}

/** The client's checks of a move; false (messages shown, focus on the first) when one fails. */
function checkStatusChange(change, allowed, fields) {
  const errors = validateStatusChange(change, allowed);
  if (!Object.keys(errors).length) return true;
  for (const [name, message] of Object.entries(errors)) fields[name].setError(message);
  (errors.status ? fields.status : fields.observation).input.focus();
  return false;
}

/** Approving, rejecting and disbursing ask first; other moves go straight. */
function confirmMove(application, status) {
  if (!CONFIRM_MOVES.has(status)) return Promise.resolve(true);
  return confirmDialog({ title: `${moveLabel(status)} la solicitud`,
    text: `La solicitud ${applicationNumber(application.number)} pasará a ` +
      `«${statusLabel(status)}» y se avisará al socio por correo.`,
    confirmLabel: moveLabel(status), danger: status === 'rejected' });
}

function statusCard(ctx, application, onChanged) {
  const allowed = application.allowed_statuses || [];
  const target = selectField({ label: 'Nuevo estado', name: 'status', placeholder: 'Elige el estado',
    options: allowed.map((value) => ({ value, label: statusLabel(value) })),
    value: allowed.length === 1 ? allowed[0] : '' });
  const observation = textareaField({ label: 'Observación', name: 'observation', rows: 4,
    className: 'credit-textarea', maxlength: MAX_OBSERVATION,
    hint: 'Obligatoria para Observada y Rechazada: el socio la recibe por correo.' });
  const alert = formAlert();
  const button = h('button', { type: 'submit', className: 'button' }, 'Guardar cambio');
  const fields = { status: target, observation };
  observationRequiredWith(target, observation);
  const form = h('form', { className: 'form', novalidate: true }, alert.root, target.root,
    observation.root, h('div', { className: 'credit-form-actions' }, button));
  const save = (change) => whileBusy(button, async () => {
    try {
      const answer = await api.post(
        `/api/credit/applications/${encodeURIComponent(application.id)}/status`,
        { status: change.status, observation: change.observation || null }, { signal: ctx.signal });
      if (ctx.isCurrent()) onChanged(answer, `Estado actualizado: ${statusLabel(answer.status, answer.status_label)}.`);
    } catch (error) {
      if (!isAbort(error)) showApiError(error, alert, fields);
    }
  }, 'Guardando…');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const change = { status: target.input.value, observation: observation.input.value.trim() };
    if (!checkStatusChange(change, allowed, fields)) return;
    const ok = await confirmMove(application, change.status);
    if (!ok || !ctx.isCurrent()) return;
    await save(change);
  });
  return card({ title: 'Cambiar estado' },
    h('p', {}, 'Estado actual: ', statusBadge(application)), form);
}

// The note form opens on demand, and its field is "Nueva observación": the status form keeps its
// own "Observación", so every label on the screen names one field (for screen readers too).
function observationCard(ctx, application, onChanged) {
  const body = h('div', { className: 'credit-observation-note' });
  const intro = h('p', { className: 'field-hint' },
    'Deja una nota sin cambiar el estado. No se envía correo; el socio la verá en el historial de su solicitud.');
  const opener = h('button', { type: 'button', className: 'button button-secondary',
    on: { click: () => open() } }, 'Agregar observación');

  const close = () => {
    replaceChildren(body, intro, h('div', { className: 'credit-form-actions' }, opener));
    opener.focus();
  };

  const open = () => {
    const observation = textareaField({ label: 'Nueva observación', name: 'observation', rows: 3,
      className: 'credit-textarea', maxlength: MAX_OBSERVATION, hint: 'No cambia el estado ni envía correo al socio.' });
    const alert = formAlert();
    const button = h('button', { type: 'submit', className: 'button' }, 'Guardar observación');
    const cancel = h('button', { type: 'button', className: 'button button-secondary',
      on: { click: close } }, 'Cancelar');
    const fields = { observation };
    const form = h('form', { className: 'form', novalidate: true }, alert.root, observation.root,
      h('div', { className: 'credit-form-actions' }, button, cancel));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(alert, fields);
      const text = observation.input.value.trim();
      const errors = validateObservation(text);
      if (errors.observation) {
        observation.setError(errors.observation);
        observation.input.focus();
        return;
      }
      await whileBusy(button, async () => {
        try {
          const answer = await api.post(
            `/api/credit/applications/${encodeURIComponent(application.id)}/observations`,
            { observation: text }, { signal: ctx.signal });
          if (ctx.isCurrent()) onChanged(answer, 'Se guardó la observación.');
        } catch (error) {
          if (!isAbort(error)) showApiError(error, alert, fields);
        }
      }, 'Guardando…');
    });
    replaceChildren(body, form);
    observation.input.focus();
  };

  replaceChildren(body, intro, h('div', { className: 'credit-form-actions' }, opener));
  return card({ title: 'Observaciones' }, body);
}

/** The current assignee stays a choice even when the operators' list does not name them. */
function keepAssigneeListed(directory, app) {
  if (app.assignee_id && !directory.operators.some((user) => user.id === app.assignee_id)) {
    directory.operators.push({ id: app.assignee_id, name: app.assignee_name || app.assignee_id });
  }
}

/** The work the application still allows: assign (admins), change the state, add a note. */
function staffCards(ctx, app, { admin, directory, onChanged }) {
  return [
    admin && app.can_assign ? applicationAssignCard(ctx, app, directory, onChanged) : null,
    (app.allowed_statuses || []).length ? statusCard(ctx, app, onChanged) : null,
    app.can_observe ? observationCard(ctx, app, onChanged) : null,
  ];
}

async function detailView(ctx, id, { admin }) {
  const back = h('p', { className: 'credit-back' },
    h('a', { href: BASE }, '← Volver a las solicitudes'));
  const holder = h('div', { className: 'credit-layout' }, skeleton({ cards: 2, lines: 4 }));
  ctx.container.append(back, holder);

  let application;
  let directory = { operators: [], fromDirectory: false };
  try {
    [application, directory] = await Promise.all([
      api.get(`/api/credit/applications/${encodeURIComponent(id)}`, { signal: ctx.signal }),
      admin ? loadOperators(ctx) : Promise.resolve(directory),
    ]);
  } catch (error) {
    if (isAbort(error) || !ctx.isCurrent()) return;
    replaceChildren(holder, error.status === 404
      ? notice('error', h('p', {}, 'La solicitud no existe o no está asignada a ti.'))
      : errorState({ message: error.message, onRetry: () => ctx.navigate(`${BASE}?solicitud=${id}`, { replace: true }) }));
    return;
  }
  if (!ctx.isCurrent()) return;
  const products = memberProductsSection(ctx, 'application', id); // kept across redraws

  const draw = (app, message = null) => {
    keepAssigneeListed(directory, app);
    const onChanged = (answer, text) => {
      draw(answer, text);
      const status = holder.querySelector('.credit-change-notice');
      if (status) status.focus();
    };
    const title = `Solicitud ${applicationNumber(app.number)}`;
    ctx.setTitle(title);
    replaceChildren(holder,
      pageHeader({ title, subtitle: `${app.member_name || ''} · ${app.product_name || ''}` }),
      message ? h('div', { className: 'credit-change-notice', tabindex: '-1' },
        notice('success', h('p', {}, message))) : null,
      h('div', { className: 'credit-detail-grid' },
        card({ title: 'Datos de la solicitud' }, applicationFacts(app, { staff: true })),
        h('div', { className: 'credit-layout' },
          ...staffCards(ctx, app, { admin, directory, onChanged }),
          card({ title: 'Historial' }, historyTimeline(app.history)))),
      products,
      app.schedule ? section({ title: 'Simulación enviada por el socio' },
        simulationSummary(app), scheduleTable(app)) : null);
  };
  draw(application);
  const heading = holder.querySelector('h1');
  if (heading) heading.focus({ preventScroll: true });
}

export async function render(ctx) {
  const admin = isAdmin(ctx.session);
  const id = applicationIdFrom(ctx.query);
  if (ctx.query.get('solicitud') && !id) {
    ctx.container.append(pageHeader({ title: 'Solicitudes de Crédito' }),
      notice('error', h('p', {}, 'El enlace de la solicitud no es válido.'),
        h('p', {}, h('a', { href: BASE }, 'Ver todas las solicitudes'))));
    return closeDialogs;
  }
  if (id) {
    await detailView(ctx, id, { admin });
    return closeDialogs;
  }
  ctx.container.append(pageHeader({ title: 'Solicitudes de Crédito',
    subtitle: admin ? 'Todas las solicitudes de los socios; asigna cada una a un operador'
      : 'Las solicitudes asignadas a ti' }));
  if (!admin) ctx.container.append(sharedQueueSection(ctx, 'credit'));
  const list = listView(ctx, { admin });
  ctx.container.append(...list.root.filter(Boolean));
  await list.load();
  return closeDialogs;
}
