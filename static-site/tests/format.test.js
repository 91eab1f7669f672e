import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  counted, currencySymbol, date, dateTime, fullName, integer, isNegative, longDate, money, moneyParts,
  monthLabel, number, percent, rate, todayIso, waitTime,
} from '../src/format.js';

test('money shows soles with the S/ symbol, thousands separators and two decimals', () => {
  assert.equal(money('3105.97', 'PEN'), 'S/ 3,105.97');
  assert.equal(money('15000.00', 'PEN'), 'S/ 15,000.00');
  assert.equal(money('9191.1'), 'S/ 9,191.10');
  assert.equal(money('0.00'), 'S/ 0.00');
  assert.equal(money('1234567890.05'), 'S/ 1,234,567,890.05');
});

test('money shows dollars with US$', () => {
  assert.equal(money('120.00', 'USD'), 'US$ 120.00');
  assert.equal(money('120', 'USD'), 'US$ 120.00');
  assert.equal(currencySymbol('USD'), 'US$');
});

test('money keeps every cent of amounts a float would round wrongly', () => {
  assert.equal(money('90071992547409.93'), 'S/ 90,071,992,547,409.93');
  assert.equal(money('0.29'), 'S/ 0.29');
  assert.equal(money('1.005'), 'S/ 1.01');
  assert.equal(money('2.675'), 'S/ 2.68');
  assert.equal(money('999.995'), 'S/ 1,000.00');
  assert.equal(money('0.994'), 'S/ 0.99');
});

test('negative money carries the minus sign before the currency and is flagged', () => {
  assert.equal(money('-12.50'), '-S/ 12.50');
  assert.deepEqual(moneyParts('-12.5', 'PEN'), { text: '-S/ 12.50', negative: true });
  assert.deepEqual(moneyParts('-1234.5', 'USD'), { text: '-US$ 1,234.50', negative: true });
  assert.equal(isNegative('-0.01'), true);
  assert.equal(isNegative('12.00'), false);
});

test('a negative amount that rounds to zero is not shown as negative', () => {
  assert.deepEqual(moneyParts('-0.001'), { text: 'S/ 0.00', negative: false });
  assert.equal(money('-0'), 'S/ 0.00');
});

test('money tolerates a leading plus and surrounding spaces', () => {
  assert.equal(money(' +45.6 '), 'S/ 45.60');
  assert.equal(money('.5'), 'S/ 0.50');
});

test('invalid or missing amounts are shown as a dash, never as NaN', () => {
  for (const bad of [null, undefined, '', 'abc', '1,000.00', '1e5', {}, Number.NaN, '--1']) {
    assert.equal(money(bad), '—', `for ${String(bad)}`);
  }
});

test('numbers without currency for tables with a currency column', () => {
  assert.equal(number('3105.97'), '3,105.97');
  assert.equal(number('-3105.9'), '-3,105.90');
  assert.equal(number(1234), '1,234.00');
  assert.equal(integer(1234), '1,234');
  assert.equal(integer('24'), '24');
});

test('dates are dd/mm/yyyy without time zone shifts', () => {
  assert.equal(date('2026-03-10'), '10/03/2026');
  assert.equal(date('2016-12-05'), '05/12/2016');
  assert.equal(date('2026-01-01'), '01/01/2026');
  assert.equal(date('2026-11-25T16:22:42Z'), '25/11/2026');
  // An instant after 19:00 in Lima is already the next day in UTC: the member sees Lima's day.
  assert.equal(date('2026-12-02T01:34:00Z'), '01/12/2026');
  assert.equal(date('2027-01-01T04:30:00Z'), '31/12/2026');
  assert.equal(date('2027-01-01T05:00:00Z'), '01/01/2027');
  assert.equal(date(''), '—');
  assert.equal(date('10/03/2026'), '—');
  assert.equal(date('2026-13-01'), '—');
  assert.equal(date(null), '—');
});

test('the long "as of" date spells the month in Spanish', () => {
  assert.equal(longDate('2025-04-01'), '01 Abril 2025');
  assert.equal(longDate('2026-12-31'), '31 Diciembre 2026');
  assert.equal(longDate('2026-09-09'), '09 Septiembre 2026');
  assert.equal(longDate('x'), '—');
});

test('month labels for charts', () => {
  assert.equal(monthLabel('2025-04'), 'Abr 2025');
  assert.equal(monthLabel('2025-01-01'), 'Ene 2025');
  assert.equal(monthLabel('2025-00'), '—');
});

test('instants are shown in Lima time', () => {
  assert.equal(dateTime('2026-11-25T16:22:42Z'), '25/11/2026 11:22');
  assert.equal(dateTime('2026-01-01T03:00:00Z'), '31/12/2025 22:00');
  assert.equal(dateTime('2026-01-01T05:00:00Z'), '01/01/2026 00:00');
  assert.equal(dateTime('nope'), '—');
});

test("today's date is taken in Lima", () => {
  assert.equal(todayIso(new Date('2026-01-01T03:00:00Z')), '2025-12-31');
  assert.equal(todayIso(new Date('2026-01-01T06:00:00Z')), '2026-01-01');
});

test('rates sent as fractions are shown as percentages with two decimals', () => {
  assert.equal(rate('0.1350'), '13.50%');
  assert.equal(rate('0.01'), '1.00%');
  assert.equal(rate('0.2984'), '29.84%');
  assert.equal(rate('1'), '100.00%');
  assert.equal(rate('0.123456'), '12.35%');
  assert.equal(rate('0.00125'), '0.13%');
  assert.equal(rate('0'), '0.00%');
  assert.equal(rate('1.5'), '150.00%');
  assert.equal(rate('-0.02'), '-2.00%');
  assert.equal(rate(''), '—');
});

test('whole percentages for progress bars', () => {
  assert.equal(percent(58), '58%');
  assert.equal(percent('58.3'), '58%');
  assert.equal(percent(null), '—');
});

test('wait times in words for locked or throttled answers', () => {
  assert.equal(waitTime(900), '15 minutos');
  assert.equal(waitTime(61), '2 minutos');
  assert.equal(waitTime(60), '1 minuto');
  assert.equal(waitTime(30), '30 segundos');
  assert.equal(waitTime(1), '1 segundo');
  assert.equal(waitTime(0), '1 segundo');
  assert.equal(waitTime(7200), '2 horas');
  assert.equal(waitTime('900'), '15 minutos');
});

test('full names join first and last names', () => {
  assert.equal(fullName({ first_name: 'María Elena', last_name: 'Quispe Rojas' }),
    'María Elena Quispe Rojas');
  assert.equal(fullName(null), '');
});

test('a count agrees with its noun (no "cuota(s)")', () => {
  assert.equal(counted(1, 'cuota vencida', 'cuotas vencidas'), '1 cuota vencida');
  assert.equal(counted(2, 'cuota vencida', 'cuotas vencidas'), '2 cuotas vencidas');
  assert.equal(counted(0, 'certificado vigente', 'certificados vigentes'), '0 certificados vigentes');
  assert.equal(counted(1200, 'cuenta', 'cuentas'), '1,200 cuentas');
});
