// The parts of a beneficiary change shared by the member's Beneficio Familiar and the staff's
// Beneficiarios: the state and registration badges, the requested and current lists, the history,
// and the list editor (rows added and removed, the relationship select, the live sum of
// percentages and a clear message while it is not 100.00 %). Text only through dom.js.

import './styles/beneficiaries.css';

import {
  MAX_BENEFICIARIES, RELATIONSHIPS, changeNumber, historyLineText, percentageSum, registrationTone,
  statusLabel, statusTone, validateBeneficiaries,
} from './beneficiaries.js';
import { dataTable } from './components.js';
import { h, replaceChildren, setText } from './dom.js';
import { clearErrors, formAlert, inputField, selectField, showApiError, whileBusy } from './forms.js';
import { dateTime } from './format.js';

export function statusBadge(change) {
  return h('span', { className: `status-badge status-badge-${statusTone(change.status)}` },
    statusLabel(change.status, change.status_label));
}

/** «Pendiente de registro en el sistema» / «Registrado» / «No coincide con el sistema». */
export function registrationBadge(registration) {
  if (!registration) return null;
  return h('span', { className: `status-badge status-badge-${registrationTone(registration)} ` +
    'registration-badge' }, registration.label);
}

/** A list of beneficiaries (requested or as the core system has them). */
export function beneficiariesTable(rows, { caption, withDni = true }) {
  return dataTable({
    caption, className: 'beneficiaries-table',
    columns: [
      { key: 'name', label: 'Nombre', phone: 'title' },
      withDni ? { key: 'dni', label: 'DNI' } : null,
      { key: 'relationship', label: 'Parentesco' },
      { key: 'percentage', label: 'Porcentaje', align: 'end', phone: 'amount',
        render: (row) => `${row.percentage} %` },
    ].filter(Boolean),
    rows: rows || [],
    empty: 'Sin beneficiarios registrados.',
  });
}

/** The plan as the core system has it beside what the request asks for. */
export function currentVsRequested(change) {
  const asOf = change.current_as_of ? ` (al ${change.current_as_of.split('-').reverse().join('/')})` : '';
  return h('div', { className: 'beneficiaries-compare' },
    beneficiariesTable(change.current_beneficiaries, { caption: `Beneficiarios actuales${asOf}`,
      withDni: false }),
    beneficiariesTable(change.beneficiaries, { caption: 'Beneficiarios solicitados' }));
}

/** The request's history, oldest first: when, what, who, and the observation. */
export function historyList(history) {
  const entries = Array.isArray(history) ? history : [];
  return h('ol', { className: 'beneficiaries-history', 'aria-label': 'Historial de la solicitud' },
    entries.map((entry) => h('li', {},
      h('p', {}, h('time', { datetime: entry.at || '' }, dateTime(entry.at)), ' · ',
        historyLineText(entry), entry.actor && entry.actor.name ? ` · ${entry.actor.name}` : ''),
      entry.observation ? h('blockquote', { className: 'beneficiaries-observation' },
        h('span', { className: 'visually-hidden' }, 'Observación: '), entry.observation) : null)));
}

/** The request's main facts as a definition list. */
export function changeFacts(change, { staff = false } = {}) {
  const pairs = [
    ['Solicitud', changeNumber(change.number)],
    ['Estado', statusBadge(change)],
    change.registration ? ['Registro', registrationBadge(change.registration)] : null,
    staff ? ['Socio', `${change.member_name || ''}${change.member_dni ? ` · DNI ${change.member_dni}` : ''}`] : null,
    ['Plan', change.plan_number || change.plan_id],
    staff ? ['Responsable', change.assignee_name || 'Sin asignar'] : null,
    ['Enviada', dateTime(change.created_at)],
    change.decided_at ? ['Decidida', dateTime(change.decided_at)] : null,
  ].filter(Boolean);
  return h('dl', { className: 'beneficiaries-facts' },
    pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

// --- the editor ----------------------------------------------------------------------------

function editorRow(index, initial, onRemove, onInput) {
  const at = `beneficiaries[${index}]`;
  const fields = {
    name: inputField({ label: 'Nombre completo', name: `${at}.name`, value: initial.name || '',
      autocomplete: 'off', maxlength: 120 }),
    dni: inputField({ label: 'DNI', name: `${at}.dni`, value: initial.dni || '',
      inputmode: 'numeric', maxlength: 8, autocomplete: 'off' }),
    relationship: selectField({ label: 'Parentesco', name: `${at}.relationship`,
      placeholder: 'Elige', value: initial.relationship || '',
      options: RELATIONSHIPS.map((value) => ({ value, label: value })) }),
    percentage: inputField({ label: 'Porcentaje (%)', name: `${at}.percentage`,
      value: initial.percentage || '', inputmode: 'decimal', maxlength: 6 }),
  };
  fields.percentage.input.addEventListener('input', onInput);
  const remove = h('button', { type: 'button', className: 'button button-secondary',
    on: { click: onRemove } }, 'Quitar');
  const root = h('fieldset', { className: 'beneficiary-row' },
    h('legend', {}, `Beneficiario ${index + 1}`),
    h('div', { className: 'beneficiary-row-fields' },
      ...Object.values(fields).map((field) => field.root)),
    h('div', { className: 'beneficiary-row-actions' }, remove));
  const value = () => ({ name: fields.name.input.value, dni: fields.dni.input.value,
    relationship: fields.relationship.input.value, percentage: fields.percentage.input.value });
  return { root, fields, remove, value };
}

/** The error slot of the whole list (the sum, a repeated DNI) as a field `showApiError` fills. */
function listErrorField(sumLine, focusTarget) {
  const error = h('p', { className: 'field-error', hidden: true });
  return {
    root: h('div', { className: 'beneficiaries-sum' }, sumLine, error),
    get input() { return focusTarget(); },
    setError(message) {
      setText(error, message);
      error.hidden = !message;
    },
    clearError() { this.setError(''); },
  };
}

/**
 * The list editor: `initial` rows, «Agregar beneficiario», «Quitar» on each row, the live sum.
 * `submit(beneficiaries)` sends it (an ApiError's fields land under their inputs).
 */
export function beneficiariesEditor({ initial, submitLabel, submit, onCancel = null }) {
  const rowsHolder = h('div', { className: 'beneficiary-rows' });
  const sumLine = h('p', { className: 'beneficiaries-sum-line', 'aria-live': 'polite' });
  const rows = [];
  const list = listErrorField(sumLine, () => (rows[0] ? rows[0].fields.percentage.input : null));
  const alert = formAlert();
  const add = h('button', { type: 'button', className: 'button button-secondary' },
    'Agregar beneficiario');
  const refreshSum = () => {
    const sum = percentageSum(rows.map((row) => row.value()));
    setText(sumLine, sum.text);
    sumLine.classList.toggle('is-incomplete', !sum.complete);
  };
  const redraw = (values) => {
    rows.splice(0, rows.length);
    values.forEach((value, index) => rows.push(editorRow(index, value,
      () => redraw(rows.map((row) => row.value()).filter((_, i) => i !== index)), refreshSum)));
    for (const row of rows) row.remove.disabled = rows.length === 1;
    add.disabled = rows.length >= MAX_BENEFICIARIES;
    replaceChildren(rowsHolder, ...rows.map((row) => row.root));
    refreshSum();
  };
  add.addEventListener('click', () => {
    redraw([...rows.map((row) => row.value()), {}]);
    rows[rows.length - 1].fields.name.input.focus();
  });
  redraw(initial && initial.length ? initial : [{}]);
  const button = h('button', { type: 'submit', className: 'button' }, submitLabel);
  const form = h('form', { className: 'form beneficiaries-form', novalidate: true }, alert.root,
    rowsHolder, h('div', { className: 'beneficiaries-add' }, add), list.root,
    h('div', { className: 'credit-form-actions' }, button, onCancel ? h('button', {
      type: 'button', className: 'button button-secondary', on: { click: onCancel } }, 'Cancelar') : null));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendList({ rows, list, alert, button, submit });
  });
  return form;
}

function fieldsByName(rows, list) {
  const fields = { beneficiaries: list };
  rows.forEach((row, i) => {
    for (const [key, field] of Object.entries(row.fields)) fields[`beneficiaries[${i}].${key}`] = field;
  });
  return fields;
}

async function sendList({ rows, list, alert, button, submit }) {
  const fields = fieldsByName(rows, list);
  clearErrors(alert, fields);
  const values = rows.map((row) => row.value());
  const errors = validateBeneficiaries(values);
  if (Object.keys(errors).length) {
    showApiError({ message: 'Revisa la lista de beneficiarios.', fields: errors }, alert, fields);
    return;
  }
  await whileBusy(button, async () => {
    try {
      await submit(values);
    } catch (error) {
      if (error && error.name === 'AbortError') return;
      showApiError(error, alert, fields);
    }
  }, 'Enviando…');
}
