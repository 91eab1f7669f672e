import { test } from 'node:test';
import assert from 'node:assert/strict';

import { reportBody, verifyPath } from '../src/report-button.js';

test('a report body carries only what its kind needs', () => {
  assert.deepEqual(reportBody({ kind: 'contributions' }), { kind: 'contributions' });
  assert.deepEqual(reportBody({ kind: 'cts', from: '2026-01-01', to: '2026-11-25' }),
    { kind: 'cts', from: '2026-01-01', to: '2026-11-25' });
  assert.deepEqual(reportBody({ kind: 'loan_schedule', id: 'abc123' }),
    { kind: 'loan_schedule', id: 'abc123' });
});

test('a simulation report sends the inputs, never the figures shown', () => {
  const simulation = { product_code: 'CONSUMO', amount: '10000', term_months: 12,
    payment_method: 'planilla' };
  assert.deepEqual(reportBody({ kind: 'simulation', simulation }), { kind: 'simulation', simulation });
});

test('the status line links the printed code to its public check', () => {
  assert.equal(verifyPath('ABCD-EFGH-JKLM-NPQR'), '/verificar?codigo=ABCD-EFGH-JKLM-NPQR');
});
