import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  defaultPeriod, isoDay, monthsLater, parsePeriod, reportBody, typedDay, verifyPath,
} from '../src/report-button.js';

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

test('a statement carries its account and its period', () => {
  assert.deepEqual(reportBody({ kind: 'savings_statement', id: 'S1', from: '2026-09-01', to: '2026-10-10' }),
    { kind: 'savings_statement', id: 'S1', from: '2026-09-01', to: '2026-10-10' });
});

test('the period starts on 1 January of the current year and ends today, as typed', () => {
  assert.deepEqual(defaultPeriod('2026-11-25'), { from: '01/01/2026', to: '25/11/2026' });
});

test('a typed day is dd/mm/aaaa and must exist', () => {
  assert.equal(isoDay('01/09/2026'), '2026-09-01');
  assert.equal(isoDay(' 1/9/2026 '), '2026-09-01');
  assert.equal(isoDay('29/02/2024'), '2024-02-29');
  assert.equal(isoDay('29/02/2026'), null);
  assert.equal(isoDay('2026-09-01'), null);
  assert.equal(isoDay('09/31/2026'), null);
  assert.equal(typedDay('2026-09-01'), '01/09/2026');
});

test('months later keeps the day or ends the month, as the server counts', () => {
  assert.equal(monthsLater('2025-01-31', 1), '2025-02-28');
  assert.equal(monthsLater('2024-01-31', 1), '2024-02-29');
  assert.equal(monthsLater('2024-11-26', 24), '2026-11-26');
  assert.equal(monthsLater('2025-12-15', 1), '2026-01-15');
});

test('the period is checked with the API rules before asking', () => {
  const today = '2026-11-25';
  const error = (from, to) => parsePeriod({ from, to }, today).error;
  assert.deepEqual(parsePeriod({ from: '26/11/2024', to: '25/11/2026' }, today),
    { period: { from: '2024-11-26', to: '2026-11-25' } });
  assert.deepEqual(error('25/11/2024', '25/11/2026'),
    { field: 'to', message: 'El periodo no puede ser mayor a 24 meses.' });
  assert.deepEqual(error('02/10/2026', '01/10/2026'),
    { field: 'to', message: 'La fecha final no puede ser anterior a la inicial.' });
  assert.deepEqual(error('01/10/2026', '26/11/2026'),
    { field: 'to', message: 'La fecha no puede ser posterior a hoy.' });
  assert.deepEqual(error('26/11/2026', '26/11/2026'),
    { field: 'from', message: 'La fecha no puede ser posterior a hoy.' });
  assert.deepEqual(error('', '25/11/2026'),
    { field: 'from', message: 'Indica la fecha inicial del periodo.' });
  assert.deepEqual(error('01/01/2026', ''),
    { field: 'to', message: 'Indica la fecha final del periodo.' });
  assert.deepEqual(error('2026-01-01', '25/11/2026'),
    { field: 'from', message: 'Use una fecha con el formato dd/mm/aaaa.' });
  assert.deepEqual(error('01/10/2026', '31/02/2026'),
    { field: 'to', message: 'La fecha no existe.' });
  assert.deepEqual(error('31/12/1959', '01/01/1960'),
    { field: 'from', message: 'La fecha no puede ser anterior a 1960.' });
});
