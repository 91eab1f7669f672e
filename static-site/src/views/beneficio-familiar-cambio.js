// Not a route: the «Cambio de beneficiarios» section of Beneficio Familiar (issue 17). The member
// asks for a new list for the plan (rows added and removed, the relationship from the list, the
// live sum that must reach 100.00 %), follows the request (its state, whether the cooperative's
// system registered it, the history with the staff's observations) and corrects an observed one.
//
//   GET  /api/accounts/beneficiary-changes           the member's requests, newest first
//   GET  /api/accounts/beneficiary-changes/{id}      the one shown (with the plan as imported)
//   POST /api/accounts/beneficiary-changes           a new request
//   POST /api/accounts/beneficiary-changes/{id}/correction   an observed one, corrected

import { api, isAbort } from '../api.js';
import { changeBody, changeIdFrom, changeNumber, currentRequest } from '../beneficiaries.js';
import {
  beneficiariesEditor, beneficiariesTable, changeFacts, historyList, registrationBadge, statusBadge,
} from '../beneficiaries-parts.js';
import { card, dataTable, notice, section, skeleton } from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { date } from '../format.js';

const PATH = '/api/accounts/beneficiary-changes';

/** The plan's beneficiaries as the first rows of a new request (the import carries no DNI). */
function rowsOfPlan(plan) {
  return (plan.beneficiaries || []).filter((b) => Number(b.percentage) > 0)
    .map((b) => ({ name: b.name, relationship: b.relationship, percentage: b.percentage }));
}

function pastRequests(items, shownId) {
  const others = items.filter((item) => item.id !== shownId);
  if (!others.length) return null;
  return dataTable({
    caption: 'Solicitudes anteriores',
    columns: [
      { key: 'number', label: 'N°', phone: 'title', render: (row) => changeNumber(row.number) },
      { key: 'created_at', label: 'Fecha', phone: 'meta', render: (row) => date(row.created_at) },
      { key: 'status', label: 'Estado', phone: 'status', render: (row) => statusBadge(row) },
      { key: 'registration', label: 'Registro',
        render: (row) => registrationBadge(row.registration) || '—' },
    ],
    rows: others,
  });
}

function requestCard(change) {
  const observed = change.status === 'observed';
  return card({ title: `Solicitud de cambio ${changeNumber(change.number)}`,
    className: 'beneficiaries-request' },
  changeFacts(change),
  observed ? notice('warning', h('p', {},
    'La cooperativa observó tu solicitud: revisa la observación, corrige la lista y envíala de nuevo.')) : null,
  change.registration && change.registration.status === 'pending'
    ? h('p', { className: 'field-hint' },
      'La cooperativa aprobó tu solicitud; verás «Registrado» cuando su sistema muestre los nuevos beneficiarios.')
    : null,
  beneficiariesTable(change.beneficiaries, { caption: 'Beneficiarios solicitados' }),
  h('h3', { className: 'loan-card-title' }, 'Historial'),
  historyList(change.history));
}

/**
 * The section: the request shown (the open one, the newest, or the `?solicitud=` one), the form
 * to ask (when nothing is open) or to correct (when observed), the earlier requests.
 */
export function changeSection(ctx, plan) {
  const body = h('div', { className: 'beneficiaries-member' }, skeleton({ cards: 1, lines: 3 }));
  const load = async (message = null) => {
    try {
      const list = await api.get(PATH, { query: { limit: 20 }, signal: ctx.signal });
      const wanted = changeIdFrom(ctx.query);
      const shown = (wanted && list.items.find((item) => item.id === wanted)) || currentRequest(list.items);
      const detail = shown ? await api.get(`${PATH}/${encodeURIComponent(shown.id)}`,
        { signal: ctx.signal }) : null;
      if (ctx.isCurrent()) draw({ items: list.items, detail, message });
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(body, notice('error', h('p', {}, error.message ||
        'No se pudo cargar tu solicitud de cambio de beneficiarios.')));
    }
  };
  const draw = ({ items, detail, message }) => {
    const open = detail && ['received', 'assigned', 'observed'].includes(detail.status);
    replaceChildren(body,
      message ? h('div', { className: 'beneficiaries-done', tabindex: '-1' },
        notice('success', h('p', {}, message))) : null,
      detail ? requestCard(detail) : null,
      detail && detail.can_correct ? correctionCard(ctx, detail, load) : null,
      open ? null : askCard(ctx, plan, load),
      pastRequests(items, detail && detail.id));
    const done = body.querySelector('.beneficiaries-done');
    if (done) done.focus();
  };
  load();
  return section({ title: 'Cambio de beneficiarios',
    description: 'Pide a la cooperativa registrar una nueva lista de beneficiarios de tu plan. ' +
      'Los porcentajes deben sumar exactamente 100.00 %.' }, body);
}

function askCard(ctx, plan, reload) {
  const holder = h('div', {});
  const opener = h('button', { type: 'button', className: 'button' },
    'Solicitar cambio de beneficiarios');
  const closed = () => replaceChildren(holder, opener);
  opener.addEventListener('click', () => {
    replaceChildren(holder, beneficiariesEditor({
      initial: rowsOfPlan(plan), submitLabel: 'Enviar solicitud', onCancel: () => { closed(); opener.focus(); },
      submit: async (rows) => {
        const answer = await api.post(PATH, { plan_id: plan.id, beneficiaries: changeBody(rows) },
          { signal: ctx.signal });
        if (ctx.isCurrent()) await reload(`Enviamos tu solicitud ${changeNumber(answer.number)}. Te avisaremos por correo.`);
      },
    }));
    const first = holder.querySelector('input');
    if (first) first.focus();
  });
  closed();
  return card({ title: 'Nueva solicitud' }, holder);
}

function correctionCard(ctx, change, reload) {
  return card({ title: 'Corregir la lista' }, beneficiariesEditor({
    initial: change.beneficiaries, submitLabel: 'Enviar corrección',
    submit: async (rows) => {
      await api.post(`${PATH}/${encodeURIComponent(change.id)}/correction`,
        { beneficiaries: changeBody(rows) }, { signal: ctx.signal });
      if (ctx.isCurrent()) await reload('Enviamos la lista corregida.');
    },
  }));
}
