// The one money parser (format.js): what the accounts' sums and the simulator's checks used to
// parse each their own way, reconciled.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { fromCents, money, parseTypedAmount, sumMoney, toCents } from '../src/format.js';

test('money strings become whole cents, exactly', () => {
  assert.equal(toCents('3105.97'), 310597n);
  assert.equal(toCents('9191.10'), 919110n);
  assert.equal(toCents('-446.11'), -44611n);
  assert.equal(toCents('-0.5'), -50n);
  assert.equal(toCents('5'), 500n);
  assert.equal(toCents(' 12.3 '), 1230n);
  assert.equal(toCents('abc'), null);
  assert.equal(toCents(null), null);
  assert.equal(toCents(''), null);
});

test('reconciled: a leading + is read (as the accounts did), a third decimal is refused (as the '
  + 'simulator did, where the accounts cut it away)', () => {
  assert.equal(toCents('+5'), 500n);
  assert.equal(toCents('1.234'), null);
  assert.equal(toCents('1.239'), null);
  assert.equal(toCents('5.'), null);
  assert.equal(toCents('.5'), null);
});

test('cents back to the API\'s money strings, and exact sums', () => {
  assert.equal(fromCents(5n), '0.05');
  assert.equal(fromCents(-5n), '-0.05');
  assert.equal(fromCents(-12345n), '-123.45');
  assert.equal(fromCents(310597n), '3105.97');
  assert.equal(sumMoney(['0.10', '0.20']), '0.30');
  assert.equal(sumMoney(Array(10).fill('0.10')), '1.00');
  assert.equal(sumMoney(['10827.18', '0.02', 'x']), '10827.20');
  assert.equal(sumMoney(['bad', '1.00']), '1.00');
});

test('a typed amount is read as the site writes money (es-PE: S/ 3,105.97)', () => {
  assert.deepEqual(parseTypedAmount('10,000'), { cents: 1000000n });
  assert.deepEqual(parseTypedAmount('S/ 2 500.5'), { cents: 250050n });
  assert.deepEqual(parseTypedAmount('s/3,105.97'), { cents: 310597n });
  assert.deepEqual(parseTypedAmount('1,234,567.89'), { cents: 123456789n });
  assert.deepEqual(parseTypedAmount(money('3105.97').replace('S/', '')), { cents: 310597n });
  assert.deepEqual(parseTypedAmount('0'), { cents: 0n });
});

test('reconciled: a comma is only a thousands separator; elsewhere it is refused, not guessed', () => {
  // Productos used to read "1000,50" as 1000.50 and the simulator as 100050: now neither.
  assert.deepEqual(parseTypedAmount('1000,50'), { problem: 'not_a_number' });
  assert.deepEqual(parseTypedAmount('1,00'), { problem: 'not_a_number' });
  assert.deepEqual(parseTypedAmount('10,0000'), { problem: 'not_a_number' });
});

test('a typed amount that is empty, not a number or with sub-cent digits says which', () => {
  assert.deepEqual(parseTypedAmount(''), { problem: 'empty' });
  assert.deepEqual(parseTypedAmount('  S/ '), { problem: 'empty' });
  assert.deepEqual(parseTypedAmount('diez'), { problem: 'not_a_number' });
  assert.deepEqual(parseTypedAmount('-5'), { problem: 'not_a_number' });
  assert.deepEqual(parseTypedAmount('10.005'), { problem: 'too_many_decimals' });
});
