// «Exportar (CSV)» of the Libro de Reclamaciones (issue 18, admins), drawn on the staff
// «Reclamaciones» screen: Desde / Hasta typed as dd/mm/aaaa (text inputs, like the reports'
// periods), checked with the API's own rules (from ≤ to ≤ today, at most twelve months), then GET
// /api/admin/complaints/export downloads the book of that period (one row per sheet).

import { api, isAbort } from './api.js';
import { adminErrorMessage } from './admin.js';
import { card, notice } from './components.js';
import { h, replaceChildren } from './dom.js';
import { todayIso } from './format.js';
import { inputField, whileBusy } from './forms.js';
import { defaultPeriod, isoDay } from './report-button.js';

export const MAX_MONTHS = 12;

/** The same day `months` later (the month's last day when it has no such day), ISO. */
function monthsLater(iso, months) {
  const [year, month, day] = iso.split('-').map(Number);
  const index = month - 1 + months;
  const targetYear = year + Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (value) => String(value).padStart(2, '0');
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

/**
 * The typed period checked as the API checks it. Returns `{ period: {from, to} }` (ISO) or
 * `{ error: {field, message} }`.
 */
export function exportPeriod({ from = '', to = '' }, today) {
  const fail = (field, message) => ({ error: { field, message } });
  const start = isoDay(from);
  if (!start) return fail('from', 'Use una fecha válida con el formato dd/mm/aaaa.');
  const end = isoDay(to);
  if (!end) return fail('to', 'Use una fecha válida con el formato dd/mm/aaaa.');
  if (end > today) return fail('to', 'La fecha final no puede ser posterior a hoy.');
  if (start > end) return fail('from', 'La fecha inicial es posterior a la final.');
  if (end >= monthsLater(start, MAX_MONTHS)) {
    return fail('from', `El periodo admite hasta ${MAX_MONTHS} meses.`);
  }
  return { period: { from: start, to: end } };
}

/** The card: «Desde», «Hasta», «Exportar (CSV)» and what happened. */
export function complaintsExport(ctx) {
  const start = defaultPeriod(todayIso());
  const dayField = (label, name, value) => inputField({ label, name, value,
    placeholder: 'dd/mm/aaaa', inputmode: 'numeric', autocomplete: 'off', maxlength: 10,
    hint: 'dd/mm/aaaa' });
  const from = dayField('Desde', 'desde', start.from);
  const to = dayField('Hasta', 'hasta', start.to);
  const status = h('div', { className: 'admin-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', className: 'button button-secondary' },
    'Exportar (CSV)');
  button.addEventListener('click', () => {
    replaceChildren(status);
    const { period, error } = exportPeriod({ from: from.input.value, to: to.input.value }, todayIso());
    from.setError(error && error.field === 'from' ? error.message : '');
    to.setError(error && error.field === 'to' ? error.message : '');
    if (error) {
      (error.field === 'from' ? from : to).input.focus();
      return;
    }
    whileBusy(button, async () => {
      try {
        const { blob, filename } = await api.download('/api/admin/complaints/export',
          { query: period, signal: ctx.signal });
        if (!ctx.isCurrent()) return;
        // the file saver lives with the members' screens (and their styles): loaded on use
        const { saveBlob } = await import('./accounts-parts.js');
        saveBlob(blob, filename || `libro-de-reclamaciones-${period.from}-${period.to}.csv`);
        replaceChildren(status, notice('success', h('p', {}, 'Se descargó el archivo CSV.')));
      } catch (failure) {
        if (isAbort(failure) || !ctx.isCurrent()) return;
        replaceChildren(status, notice('error', h('p', {}, adminErrorMessage(failure))));
      }
    }, 'Exportando…');
  });
  return card({ title: 'Exportar el Libro de Reclamaciones', className: 'complaints-export' },
    h('p', {}, 'Todas las hojas recibidas en el periodo (hasta 12 meses), con su estado, plazo '
      + 'legal, fecha de respuesta y días hábiles de retraso. El archivo abre en Excel.'),
    h('fieldset', { className: 'report-period' },
      h('legend', { className: 'visually-hidden' }, 'Periodo a exportar'),
      from.root, to.root, button),
    status);
}
