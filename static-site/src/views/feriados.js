// Feriados (issue 18; GET/POST /api/admin/holidays, DELETE /api/admin/holidays/{date}): the
// holidays an admin keeps, which the Libro de Reclamaciones' legal due dates skip besides
// weekends. One year at a time (`?anio=` in the address), by date; «Agregar» takes the day as
// dd/mm/aaaa and its name; «Quitar» asks first. Due dates already given keep their date.

import { api, isAbort } from '../api.js';
import { adminErrorMessage } from '../admin.js';
import { refusal } from '../admin-parts.js';
import {
  card, confirmDialog, dataTable, errorState, notice, pageHeader, section, skeleton,
} from '../components.js';
import { h, replaceChildren } from '../dom.js';
import { date, todayIso } from '../format.js';
import {
  clearErrors, formAlert, inputField, requireFields, selectField, showApiError, submitButton,
  whileBusy,
} from '../forms.js';
import { wantedYear, weekdayOf, yearChoices } from '../holidays.js';
import { isoDay } from '../report-button.js';
import { rewriteUrl } from '../router.js';
import { isAdmin } from '../session.js';

function holidaysTable(year, items, onRemove) {
  return dataTable({
    caption: `Feriados de ${year}`, captionHidden: true, rows: items,
    empty: `No hay feriados registrados para ${year}.`,
    columns: [
      { key: 'date', label: 'Fecha', phone: 'meta', render: (row) => date(row.date) },
      { key: 'weekday', label: 'Día', render: (row) => weekdayOf(row.date) },
      { key: 'name', label: 'Feriado', phone: 'title' },
      { key: 'remove', label: 'Acción', render: (row) => {
        const button = h('button', { type: 'button', className: 'button button-secondary',
          'aria-label': `Quitar el feriado del ${date(row.date)} (${row.name})` }, 'Quitar');
        button.addEventListener('click', () => onRemove(row, button));
        return button;
      } },
    ],
  });
}

/** «Agregar feriado»: `onAdded(holiday)` gets the holiday as the API saved it. */
function addForm(ctx, onAdded) {
  const fields = {
    date: inputField({ label: 'Fecha', name: 'date', placeholder: 'dd/mm/aaaa',
      inputmode: 'numeric', autocomplete: 'off', maxlength: 10, hint: 'dd/mm/aaaa' }),
    name: inputField({ label: 'Nombre', name: 'name', maxlength: 80, autocomplete: 'off',
      hint: 'Por ejemplo: Fiestas Patrias' }),
  };
  const alert = formAlert();
  const button = submitButton('Agregar feriado', { className: 'button' });
  const form = h('form', { className: 'form', novalidate: true, 'aria-label': 'Agregar feriado' },
    alert.root, fields.date.root, fields.name.root, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(alert, fields);
    const day = isoDay(fields.date.input.value);
    const name = fields.name.input.value.trim();
    if (!requireFields([
      [fields.date, day ? '' : 'Use una fecha válida con el formato dd/mm/aaaa.'],
      [fields.name, name.length >= 3 ? '' : 'Escribe el nombre del feriado (al menos 3 letras).'],
    ])) return;
    whileBusy(button, async () => {
      try {
        const saved = await api.post('/api/admin/holidays', { date: day, name }, { signal: ctx.signal });
        if (!ctx.isCurrent()) return;
        fields.date.input.value = '';
        fields.name.input.value = '';
        onAdded(saved);
      } catch (error) {
        if (isAbort(error) || !ctx.isCurrent()) return;
        showApiError({ fields: error.fields || {}, message: adminErrorMessage(error) }, alert, fields);
      }
    }, 'Agregando…');
  });
  return form;
}

function yearSelector(year, thisYear, onChange) {
  const field = selectField({ label: 'Año', name: 'anio', value: String(year),
    options: yearChoices(thisYear, year).map((value) => ({ value: String(value), label: String(value) })) });
  field.input.addEventListener('change', () => onChange(Number(field.input.value)));
  return field.root;
}

/** The list of one year with its status line; `load(year)` draws it again. */
function yearList(ctx, status) {
  const holder = h('div', {});
  const state = { year: null };
  async function remove(row, opener) {
    const sure = await confirmDialog({ title: 'Quitar feriado', danger: true, confirmLabel: 'Quitar',
      text: `¿Quitar el ${date(row.date)} (${row.name}) de los feriados? Los plazos ya calculados `
        + 'no cambian; los próximos lo contarán como día hábil.' });
    if (!sure || !ctx.isCurrent()) return opener.focus();
    try {
      await api.delete(`/api/admin/holidays/${row.date}`, { signal: ctx.signal });
      if (!ctx.isCurrent()) return undefined;
      await load(state.year);
      say('success', `Se quitó el feriado del ${date(row.date)} (${row.name}).`);
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return undefined;
      say('error', adminErrorMessage(error));
    }
    return undefined;
  }
  function say(kind, text) {
    replaceChildren(status, notice(kind, h('p', {}, text)));
    status.focus();
  }
  async function load(year) {
    state.year = year;
    try {
      const view = await api.get('/api/admin/holidays', { query: { year }, signal: ctx.signal });
      if (ctx.isCurrent()) replaceChildren(holder, holidaysTable(year, view.items, remove));
    } catch (error) {
      if (isAbort(error) || !ctx.isCurrent()) return;
      replaceChildren(holder, errorState({ message: adminErrorMessage(error),
        onRetry: () => load(year) }));
    }
  }
  return { holder, load, say, state };
}

export async function render(ctx) {
  const title = 'Feriados';
  if (!isAdmin(ctx.session)) return refusal(title);
  const thisYear = Number(todayIso().slice(0, 4));
  const status = h('div', { className: 'admin-status', tabindex: '-1', 'aria-live': 'polite' });
  const list = yearList(ctx, status);
  const chooseYear = (year) => {
    rewriteUrl(`/feriados?anio=${year}`);
    replaceChildren(status);
    list.load(year);
  };
  const added = (saved) => {
    const year = Number(saved.date.slice(0, 4));
    if (year !== list.state.year) rewriteUrl(`/feriados?anio=${year}`);
    list.load(year).then(() => list.say('success',
      `Se agregó el ${date(saved.date)} (${saved.name}) a los feriados.`));
  };
  replaceChildren(list.holder, skeleton({ cards: 1, lines: 6 }));
  const year = wantedYear(ctx.query.get('anio'), thisYear);
  ctx.container.append(
    pageHeader({ title, subtitle: 'Días no hábiles para los plazos del Libro de Reclamaciones' }),
    notice('info', h('p', {}, 'Los plazos de respuesta de los reclamos se cuentan en días hábiles '
      + 'de Lima: de lunes a viernes, sin los feriados de esta lista. Un cambio vale para los '
      + 'reclamos que se reciban desde ahora.')),
    status,
    section({ title: 'Feriados del año' },
      card({}, yearSelector(year, thisYear, chooseYear), list.holder)),
    section({ title: 'Agregar feriado' }, card({}, addForm(ctx, added))));
  await list.load(year);
  return undefined;
}
