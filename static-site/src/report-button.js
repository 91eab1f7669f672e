// «Descargar PDF»: one button for every screen that offers a report (docs/design/API.md `reports`).
//
// POST /api/reports through the one API client (session, CSRF header, error shape), then
// navigate to the returned presigned URL: S3 answers it with `Content-Disposition: attachment`
// and the Spanish file name, so the browser downloads the PDF and the page stays where it is.
// The URL is valid 5 minutes, so it is requested on each click, never cached. Once it downloads,
// the status line names the verification code printed on the PDF and links to its public check
// (/verificar), so the member can tell whoever receives the file how to check it.

import { api } from './api.js';
import { h, replaceChildren, setText } from './dom.js';

const BUSY_LABEL = 'Generando PDF…';
const ERROR_MESSAGE = 'No se pudo generar el reporte. Inténtalo nuevamente.';

/** The request body: only what the report needs; `simulation` carries the simulation's inputs. */
export function reportBody({ kind, id = null, from = null, to = null, simulation = null }) {
  const body = { kind };
  if (id) body.id = id;
  if (from) body.from = from;
  if (to) body.to = to;
  if (simulation) body.simulation = simulation;
  return body;
}

export const MAX_PERIOD_MONTHS = 24;
export const EARLIEST_DAY = '1960-01-01';

/** '2025-01-31' + 1 month → '2025-02-28': the same day months later, or that month's last day. */
export function monthsLater(iso, months) {
  const [year, month, day] = iso.split('-').map(Number);
  const index = month - 1 + months;
  const targetYear = year + Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (value) => String(value).padStart(2, '0');
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

const TYPED_DAY = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;

/** '01/09/2026' (as typed: dd/mm/aaaa, one-digit day or month allowed) → '2026-09-01'; null
 * for anything that is not a real day. */
export function isoDay(text) {
  const found = TYPED_DAY.exec(String(text || ''));
  if (!found) return null;
  const [day, month, year] = [Number(found[1]), Number(found[2]), Number(found[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1
    || probe.getUTCDate() !== day) return null;
  return `${found[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** '2026-09-01' → '01/09/2026'. */
export function typedDay(iso) {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** The period a report screen starts with, as typed: 1 January of today's year to today. */
export function defaultPeriod(today) {
  return { from: `01/01/${today.slice(0, 4)}`, to: typedDay(today) };
}

/** «31/02/2026» has the format but no such day; «2026-02-01» has not the format. */
function badDayMessage(text) {
  return TYPED_DAY.test(String(text)) ? 'La fecha no existe.'
    : 'Use una fecha con el formato dd/mm/aaaa.';
}

/**
 * The typed period (dd/mm/aaaa) checked with the server's rules before asking (the API says the
 * same in its 400): both dates, real days, from ≤ to ≤ today (Lima's, ISO), at most 24 months.
 * Returns `{ period: {from, to} }` in ISO, or `{ error: {field: 'from'|'to', message} }`.
 */
export function parsePeriod({ from = '', to = '' }, today) {
  const fail = (field, message) => ({ error: { field, message } });
  if (!String(from).trim()) return fail('from', 'Indica la fecha inicial del periodo.');
  const start = isoDay(from);
  if (!start) return fail('from', badDayMessage(from));
  if (!String(to).trim()) return fail('to', 'Indica la fecha final del periodo.');
  const end = isoDay(to);
  if (!end) return fail('to', badDayMessage(to));
  if (start < EARLIEST_DAY) return fail('from', 'La fecha no puede ser anterior a 1960.');
  if (start > today) return fail('from', 'La fecha no puede ser posterior a hoy.');
  if (end > today) return fail('to', 'La fecha no puede ser posterior a hoy.');
  if (end < start) return fail('to', 'La fecha final no puede ser anterior a la inicial.');
  if (end >= monthsLater(start, MAX_PERIOD_MONTHS)) {
    return fail('to', `El periodo no puede ser mayor a ${MAX_PERIOD_MONTHS} meses.`);
  }
  return { period: { from: start, to: end } };
}

/** The public check of a PDF's code: the page the PDF's own link opens. */
export function verifyPath(code) {
  return `/verificar?codigo=${encodeURIComponent(code)}`;
}

/**
 * @param {{kind: 'contributions'|'cts'|'loan_schedule'|'simulation'|'savings_statement',
 *          id?: string, from?: string, to?: string, simulation?: object, label?: string,
 *          period?: () => ({from: string, to: string} | null),
 *          open?: (url: string) => void}} options
 *   `period` (report-period.js) reads the chosen dates when clicked; null (a date the member
 *   must fix, shown by its field) sends nothing.
 * @returns {HTMLElement} a `<span>` holding the button and its polite status line
 */
export function reportButton({ kind, id = null, from = null, to = null, simulation = null,
  label = 'Descargar PDF', period = null, open = (url) => window.location.assign(url) }) {
  const status = h('span', { className: 'report-button__status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', className: 'button button-secondary report-button' }, label);
  button.addEventListener('click', async () => {
    const chosen = period ? period() : { from, to };
    if (!chosen) return;
    button.disabled = true;
    setText(button, BUSY_LABEL);
    setText(status, '');
    try {
      const answer = await api.post('/api/reports', reportBody({ kind, id, ...chosen, simulation }));
      open(answer.url);
      if (answer.verification) {
        replaceChildren(status, `Código de verificación: ${answer.verification} · `,
          h('a', { href: verifyPath(answer.verification) }, 'Cómo verificarlo'));
      }
    } catch (error) {
      setText(status, (error && error.message) || ERROR_MESSAGE);
    } finally {
      button.disabled = false;
      setText(button, label);
    }
  });
  return h('span', { className: 'report-button__wrap' }, button, status);
}

export default reportButton;
