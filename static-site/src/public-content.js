// «Tasas y tarifas» and «Contacto» (issue 18): how their figures read (es-PE: `12.50 %`,
// `S/ 5.00`, `De 6 a 36 meses`), the links of a phone and a WhatsApp number, and the rows the
// admin's forms send back (GET/PUT /api/info/rates and /api/info/contact).

import { money, rate } from './format.js';

export const RATE_GROUP_LABELS = Object.freeze({
  ahorros: 'Ahorros',
  plazo_fijo: 'Depósitos a plazo fijo',
  cts: 'CTS',
});

/** A fraction as a percentage with a space before the sign: "0.1250" → "12.50 %". */
export function percentText(value, places = 2) {
  const shown = rate(value, places);
  return shown.endsWith('%') ? `${shown.slice(0, -1)} %` : shown;
}

/** A fee in soles: "5" → "S/ 5.00"; "0.00" → "Sin costo". */
export function feeText(amount) {
  const shown = money(amount);
  return /^S\/ 0\.00$/.test(shown) ? 'Sin costo' : shown;
}

/** "De 6 a 36 meses"; one term: "12 meses". */
export function termRange(min, max) {
  const months = (n) => `${n} ${Number(n) === 1 ? 'mes' : 'meses'}`;
  return Number(min) === Number(max) ? months(min) : `De ${min} a ${months(max)}`;
}

/**
 * A phone's tel: link: its digits with Peru's +51; a long-distance 0 is dropped
 * ("(01) 614-5000" → "tel:+5116145000", "987 654 321" → "tel:+51987654321").
 */
export function telHref(phone) {
  const digits = String(phone || '').replace(/\D/g, '');
  if (String(phone || '').trim().startsWith('+')) return `tel:+${digits}`;
  return `tel:+51${digits.replace(/^0/, '')}`;
}

/** "987654321" → "https://wa.me/51987654321". */
export function whatsappHref(number) {
  return `https://wa.me/51${String(number || '').replace(/\D/g, '')}`;
}

/** "987654321" → "987 654 321". */
export function whatsappText(number) {
  const digits = String(number || '').replace(/\D/g, '');
  return digits.length === 9 ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : digits;
}

/** The rates of one group, in the admin's order. */
export function ratesOf(rates, group) {
  return (rates || []).filter((row) => row.group === group);
}
