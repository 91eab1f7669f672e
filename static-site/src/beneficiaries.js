// The rules of a beneficiary change that the member's form (Beneficio Familiar) and the staff's
// screen (Beneficiarios) share: relationships, states, the registration's labels, the live sum
// of percentages (exact, in hundredths) and the client's checks, worded as the server's
// (POST /api/accounts/beneficiary-changes: each field `beneficiaries[i].<field>`).

import { fromCents, toCents } from './format.js';

/** The cooperative's terms, as the core system writes them (server: RELATIONSHIPS). */
export const RELATIONSHIPS = Object.freeze(['Cónyuge', 'Hijo', 'Hija', 'Padre', 'Madre',
  'Hermano', 'Hermana', 'Otro']);

export const MAX_BENEFICIARIES = 10;
export const MAX_OBSERVATION = 1000;
const HUNDRED = 10000n; // 100.00 in hundredths

export const STATUSES = Object.freeze(['received', 'assigned', 'observed', 'approved', 'rejected']);

export const STATUS_LABELS = Object.freeze({
  received: 'Recibida', assigned: 'Asignada', observed: 'Observada', approved: 'Aprobada',
  rejected: 'Rechazada',
});

const STATUS_TONES = { received: 'info', assigned: 'info', observed: 'warning',
  approved: 'success', rejected: 'danger' };

const REGISTRATION_TONES = { pending: 'warning', registered: 'success', mismatch: 'danger' };

export function statusLabel(status, label = null) {
  return label || STATUS_LABELS[status] || status;
}

export function statusTone(status) {
  return STATUS_TONES[status] || 'neutral';
}

export function registrationTone(registration) {
  return (registration && REGISTRATION_TONES[registration.status]) || 'neutral';
}

/** "N° 12" */
export function changeNumber(number) {
  return `N° ${number}`;
}

/** A change's id from `?solicitud=` (uuid4 hex), else null. */
export function changeIdFrom(query) {
  const value = query && typeof query.get === 'function' ? query.get('solicitud') : null;
  return value && /^[0-9a-f]{32}$/.test(value) ? value : null;
}

/** A percentage as typed ("33.33", "40", " 60.5 ") in hundredths, or null when it is not one. */
export function percentageCents(text) {
  const clean = String(text ?? '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(clean)) return null;
  return toCents(clean);
}

/** The live sum of the rows' percentages: {total: "99.99", complete: bool, text}. */
export function percentageSum(rows) {
  let total = 0n;
  for (const row of rows) total += percentageCents(row.percentage) ?? 0n;
  const shown = fromCents(total);
  const complete = total === HUNDRED;
  const text = complete ? `Suma de porcentajes: ${shown} %`
    : `Suma de porcentajes: ${shown} %. Debe sumar exactamente 100.00 %.`;
  return { total: shown, complete, text };
}

function rowProblems(row, at) {
  const errors = {};
  const name = String(row.name ?? '').trim();
  if (name.length < 2) errors[`${at}.name`] = 'Escribe el nombre completo del beneficiario.';
  if (!/^[0-9]{8}$/.test(String(row.dni ?? '').trim())) errors[`${at}.dni`] = 'El DNI debe tener 8 dígitos.';
  if (!RELATIONSHIPS.includes(row.relationship)) errors[`${at}.relationship`] = 'Elige el parentesco.';
  const cents = percentageCents(row.percentage);
  if (cents === null) {
    errors[`${at}.percentage`] = 'Escribe un porcentaje con hasta 2 decimales (por ejemplo 33.33).';
  } else if (cents < 1n || cents > HUNDRED) {
    errors[`${at}.percentage`] = 'El porcentaje debe estar entre 0.01 y 100.00.';
  }
  return errors;
}

/** The client's checks of the whole list: {fieldName: message} (empty when it can be sent). */
export function validateBeneficiaries(rows) {
  if (!rows.length) return { beneficiaries: 'Agrega al menos un beneficiario.' };
  if (rows.length > MAX_BENEFICIARIES) {
    return { beneficiaries: `Como máximo ${MAX_BENEFICIARIES} beneficiarios.` };
  }
  const errors = {};
  rows.forEach((row, i) => Object.assign(errors, rowProblems(row, `beneficiaries[${i}]`)));
  const dnis = rows.map((row) => String(row.dni ?? '').trim());
  if (new Set(dnis).size !== dnis.length) errors.beneficiaries = 'Un mismo DNI figura dos veces en la lista.';
  const sum = percentageSum(rows);
  if (!sum.complete) {
    errors.beneficiaries = `Los porcentajes suman ${sum.total} %; deben sumar exactamente 100.00 %.`;
  }
  return errors;
}

/** The body the API takes: names trimmed, percentages with two decimals. */
export function changeBody(rows) {
  return rows.map((row) => ({
    name: String(row.name).trim(), dni: String(row.dni).trim(), relationship: row.relationship,
    percentage: fromCents(percentageCents(row.percentage) ?? 0n),
  }));
}

/** The newest request that is still open, else the newest of all (what the member sees). */
export function currentRequest(items) {
  const list = Array.isArray(items) ? items : [];
  return list.find((item) => ['received', 'assigned', 'observed'].includes(item.status)) || list[0] || null;
}

/** "Cambio de beneficiarios a cónyuge: 60.00 %" lines; the history's line as text. */
export function historyLineText(entry) {
  if (!entry.from) return 'Solicitud recibida';
  if (entry.assignee) return `Asignada a ${entry.assignee.name}`;
  return `${statusLabel(entry.from)} → ${statusLabel(entry.to)}`;
}
