// Formatting for es-PE, in one place (docs/design/STYLE.md habit 11).
//
// The API sends money and rates as decimal strings ("3105.97", "0.1350"). They are formatted by
// string manipulation, never through a float, so no cent is ever lost or invented.

const CURRENCY_SYMBOLS = { PEN: 'S/', USD: 'US$' };

const MONTHS = ['Enero', 'Febrero', 'Marzo', 'Abril', 'Mayo', 'Junio', 'Julio', 'Agosto',
  'Septiembre', 'Octubre', 'Noviembre', 'Diciembre'];

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;
const EMPTY = '—';

/**
 * Parse a decimal (string, integer or finite number) into sign and digit strings.
 * Returns null for anything that is not a plain decimal.
 */
function parseDecimal(value) {
  let text;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // toFixed avoids exponent notation; numbers are only tolerated, the API sends strings.
    text = Number.isInteger(value) ? String(value) : value.toFixed(6);
  } else if (typeof value === 'bigint') {
    text = value.toString();
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = DECIMAL_RE.exec(text);
  if (!match) return null;
  const [, sign, intPart = '', fracPart = ''] = match;
  if (intPart === '' && fracPart === '') return null;
  return { negative: sign === '-', intDigits: intPart || '0', fracDigits: fracPart };
}

/** Add one unit to a string of decimal digits ("0999" → "1000"). */
function incrementDigits(digits) {
  const chars = digits.split('');
  let i = chars.length - 1;
  while (i >= 0) {
    if (chars[i] === '9') {
      chars[i] = '0';
      i -= 1;
    } else {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
  }
  return '1' + chars.join('');
}

/**
 * Round a parsed decimal to `places` decimals, half away from zero (the API's half-up on
 * magnitudes). Returns { negative, intDigits, fracDigits } with exactly `places` fraction digits.
 */
function roundDecimal({ negative, intDigits, fracDigits }, places) {
  const padded = fracDigits.padEnd(places + 1, '0');
  let kept = intDigits + padded.slice(0, places);
  const roundUp = padded.charAt(places) >= '5';
  if (roundUp) kept = incrementDigits(kept);
  const cut = kept.length - places;
  let newInt = kept.slice(0, cut).replace(/^0+(?=\d)/, '') || '0';
  const newFrac = kept.slice(cut);
  const isZero = /^0*$/.test(newInt + newFrac);
  if (newInt === '') newInt = '0';
  return { negative: negative && !isZero, intDigits: newInt, fracDigits: newFrac };
}

function groupThousands(intDigits) {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A decimal with thousands separators and fixed decimals: "3105.97" → "3,105.97".
 * Invalid or missing values give "—".
 */
export function number(value, places = 2) {
  const parsed = parseDecimal(value);
  if (!parsed) return EMPTY;
  const r = roundDecimal(parsed, places);
  const body = groupThousands(r.intDigits) + (places > 0 ? '.' + r.fracDigits : '');
  return (r.negative ? '-' : '') + body;
}

/** The symbol shown for a currency code: PEN → "S/", USD → "US$". */
export function currencySymbol(currency = 'PEN') {
  return CURRENCY_SYMBOLS[currency] || String(currency || '');
}

/**
 * Money with its currency, split for styling:
 * moneyParts("-12.5", "PEN") → { text: "-S/ 12.50", negative: true }.
 */
export function moneyParts(amount, currency = 'PEN') {
  const parsed = parseDecimal(amount);
  if (!parsed) return { text: EMPTY, negative: false };
  const r = roundDecimal(parsed, 2);
  const text = `${r.negative ? '-' : ''}${currencySymbol(currency)} ` +
    `${groupThousands(r.intDigits)}.${r.fracDigits}`;
  return { text, negative: r.negative };
}

/** Money with its currency: money("3105.97") → "S/ 3,105.97"; money("120", "USD") → "US$ 120.00". */
export function money(amount, currency = 'PEN') {
  return moneyParts(amount, currency).text;
}

// --- money in cents: the one parser of amounts (exact sums, checks, what a user typed) ----------

const CENTS_RE = /^([+-])?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * A money string as whole cents (BigInt): "3105.97" → 310597n, "+5" → 500n. Null for anything
 * else, a third decimal included: the API's amounts (and percentages) always have two, so a
 * sub-cent digit is a wrong value, never one to round or cut away silently.
 */
export function toCents(value) {
  const match = CENTS_RE.exec(String(value ?? '').trim());
  if (!match) return null;
  const [, sign, whole, frac = ''] = match;
  const cents = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

/** 310597n → "3105.97" (the API's money format). */
export function fromCents(cents) {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Sum money strings exactly: sumMoney(["0.10", "0.20"]) → "0.30". Bad values count as 0. */
export function sumMoney(values) {
  let total = 0n;
  for (const value of values) total += toCents(value) ?? 0n;
  return fromCents(total);
}

const GROUPED_RE = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * An amount as a user types it, read the way the site writes money (es-PE: "S/ 10,000.50"):
 * "S/", spaces and thousands commas are dropped. A comma anywhere else ("1000,50", "1,00") is
 * refused rather than guessed. Returns {cents} or {problem}: 'empty', 'not_a_number' or
 * 'too_many_decimals'.
 */
export function parseTypedAmount(text) {
  const clean = String(text ?? '').replace(/S\/|\s/gi, '');
  if (!clean) return { problem: 'empty' };
  if (clean.includes(',') && !GROUPED_RE.test(clean)) return { problem: 'not_a_number' };
  const plain = clean.replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(plain)) return { problem: 'not_a_number' };
  if (/\.\d{3,}$/.test(plain)) return { problem: 'too_many_decimals' };
  return { cents: toCents(plain) };
}

/** True when the amount is below zero (after rounding to cents). */
export function isNegative(amount) {
  return moneyParts(amount).negative;
}

/**
 * A rate sent as a fraction, as a percentage: rate("0.1350") → "13.50%", rate("0.01") → "1.00%".
 */
export function rate(value, places = 2) {
  const parsed = parseDecimal(value);
  if (!parsed) return EMPTY;
  // Multiplying by 100 is moving the decimal point two places to the right.
  const frac = parsed.fracDigits.padEnd(2, '0');
  const shifted = {
    negative: parsed.negative,
    intDigits: (parsed.intDigits + frac.slice(0, 2)).replace(/^0+(?=\d)/, ''),
    fracDigits: frac.slice(2),
  };
  return `${number(`${shifted.negative ? '-' : ''}${shifted.intDigits}.${shifted.fracDigits}`,
    places)}%`;
}

/** A whole percentage such as a progress: percent(58) → "58%". */
export function percent(value) {
  const parsed = parseDecimal(value);
  if (!parsed) return EMPTY;
  return `${number(value, 0)}%`;
}

/** A whole number with thousands separators: integer(1234) → "1,234". */
export function integer(value) {
  return number(value, 0);
}

/**
 * A count with its noun in the right number: counted(1, 'cuota vencida', 'cuotas vencidas') →
 * "1 cuota vencida"; counted(2, …) → "2 cuotas vencidas" (never "cuota(s)").
 */
export function counted(count, singular, plural) {
  const n = Number(count) || 0;
  return `${integer(n)} ${n === 1 ? singular : plural}`;
}

function dateParts(value) {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE_RE.exec(value.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return { year, month, day, monthIndex: m - 1 };
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A date as a person in Lima reads it: a calendar date as it is, date("2026-03-10") →
 * "10/03/2026"; an instant by Lima's clock, date("2026-12-02T01:34:00Z") → "01/12/2026".
 */
export function date(value) {
  if (typeof value === 'string' && INSTANT_RE.test(value.trim())) {
    const shown = dateTime(value.trim());
    return shown === EMPTY ? EMPTY : shown.slice(0, 10);
  }
  const p = dateParts(value);
  return p ? `${p.day}/${p.month}/${p.year}` : EMPTY;
}

/** The page's "as of" date: longDate("2025-04-01") → "01 Abril 2025". */
export function longDate(value) {
  const p = dateParts(value);
  return p ? `${p.day} ${MONTHS[p.monthIndex]} ${p.year}` : EMPTY;
}

/** A month of a series: monthLabel("2025-04") → "Abr 2025". */
export function monthLabel(value) {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})/.exec(value) : null;
  if (!match) return EMPTY;
  const index = Number(match[2]) - 1;
  if (index < 0 || index > 11) return EMPTY;
  return `${MONTHS[index].slice(0, 3)} ${match[1]}`;
}

/** The name of a month (1-12): monthName(4) → "Abril". */
export function monthName(month) {
  return MONTHS[Number(month) - 1] || EMPTY;
}

const LIMA_DATE_TIME = new Intl.DateTimeFormat('es-PE', {
  timeZone: 'America/Lima', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hour12: false,
});

/**
 * An instant (ISO 8601 UTC) in Lima's time: dateTime("2026-11-25T16:22:42Z") → "25/11/2026 11:22".
 */
export function dateTime(value) {
  if (typeof value !== 'string' || !ISO_DATE_RE.test(value)) return EMPTY;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return EMPTY;
  const parts = Object.fromEntries(LIMA_DATE_TIME.formatToParts(instant)
    .map((part) => [part.type, part.value]));
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return `${parts.day}/${parts.month}/${parts.year} ${hour}:${parts.minute}`;
}

/** Today's date in Lima as YYYY-MM-DD (for "as of" lines when the API gives none). */
export function todayIso(now = new Date()) {
  const parts = Object.fromEntries(LIMA_DATE_TIME.formatToParts(now)
    .map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * A wait in words, for 423/429 answers: waitTime(900) → "15 minutos", waitTime(1) → "1 segundo".
 */
export function waitTime(seconds) {
  const total = Math.max(1, Math.ceil(Number(seconds) || 0));
  if (total < 60) return total === 1 ? '1 segundo' : `${total} segundos`;
  const minutes = Math.ceil(total / 60);
  if (minutes < 60) return minutes === 1 ? '1 minuto' : `${minutes} minutos`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? '1 hora' : `${hours} horas`;
}

/** "María Elena Quispe Rojas" from a user object. */
export function fullName(user) {
  if (!user) return '';
  return [user.first_name, user.last_name].filter(Boolean).join(' ');
}
