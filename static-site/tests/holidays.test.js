import assert from 'node:assert/strict';
import { test } from 'node:test';

import { wantedYear, weekdayOf, yearChoices } from '../src/holidays.js';

test('a holiday shows the weekday of its calendar date', () => {
  assert.equal(weekdayOf('2026-07-28'), 'martes');
  assert.equal(weekdayOf('2026-04-03'), 'viernes');
  assert.equal(weekdayOf('2027-01-01'), 'viernes');
});

test('the year selector offers last year to two ahead, and the year asked for', () => {
  assert.deepEqual(yearChoices(2026, 2026), [2025, 2026, 2027, 2028]);
  assert.deepEqual(yearChoices(2026, 2030), [2025, 2026, 2027, 2028, 2030]);
});

test('?anio= is kept only when the API keeps that year', () => {
  assert.equal(wantedYear('2027', 2026), 2027);
  assert.equal(wantedYear(null, 2026), 2026);
  assert.equal(wantedYear('1999', 2026), 2026);
  assert.equal(wantedYear('20266', 2026), 2026);
  assert.equal(wantedYear('abc', 2026), 2026);
});
