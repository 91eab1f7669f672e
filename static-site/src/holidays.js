// The rules of the «Feriados» screen (views/feriados.js), kept apart so node tests reach them.

const WEEKDAYS = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'];

/** '2026-07-28' → 'martes' (the day of a calendar date, whatever the browser's zone). */
export function weekdayOf(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
}

/** The years the selector offers: last year to two years ahead, and the one asked for. */
export function yearChoices(thisYear, wanted) {
  const years = new Set([thisYear - 1, thisYear, thisYear + 1, thisYear + 2, wanted]);
  return [...years].sort((a, b) => a - b);
}

/** `?anio=` when it is a year the API keeps (2000–2100), else this year. */
export function wantedYear(text, thisYear) {
  const asked = Number(text);
  return /^\d{4}$/.test(String(text || '')) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
}
