import assert from 'node:assert/strict';
import { test } from 'node:test';

import { exportPeriod } from '../src/complaints-export.js';

const TODAY = '2026-07-28';

test('a typed period becomes ISO days', () => {
  assert.deepEqual(exportPeriod({ from: '01/07/2026', to: '28/07/2026' }, TODAY),
    { period: { from: '2026-07-01', to: '2026-07-28' } });
});

test('the export refuses what the API refuses, naming the field', () => {
  const fieldOf = (from, to) => exportPeriod({ from, to }, TODAY).error.field;
  assert.equal(fieldOf('2026-07-01', '28/07/2026'), 'from');
  assert.equal(fieldOf('01/07/2026', '31/02/2026'), 'to');
  assert.equal(fieldOf('01/07/2026', '29/07/2026'), 'to');
  assert.equal(fieldOf('02/07/2026', '01/07/2026'), 'from');
  assert.equal(fieldOf('27/07/2025', '27/07/2026'), 'from');
});

test('twelve months is the longest period', () => {
  assert.deepEqual(exportPeriod({ from: '28/07/2025', to: '27/07/2026' }, TODAY).period,
    { from: '2025-07-28', to: '2026-07-27' });
});
