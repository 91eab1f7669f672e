import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  accountsFoundText, beneficiaryLabel, beneficiaryShareLabel, benefitStatus, chartValue,
  depositStatus, distribution, distributionText, entitledBeneficiaries, evolutionSeries,
  holderShares, installmentStatus, installmentsText, latestAsOf, loansCountText, maturityText,
  movementFilterError, movementQuery, overdueText, paymentsText, productLabel, shareText,
} from '../src/accounts.js';

const LOAN = { installments_total: 24, installments_paid: 14, installments_pending: 9,
  installments_overdue: 1 };

test('the manual texts of Ahorros and Préstamos', () => {
  assert.equal(accountsFoundText(1), 'Total: 1 cuenta encontrada');
  assert.equal(accountsFoundText(0), 'Total: 0 cuentas encontradas');
  assert.equal(accountsFoundText(3), 'Total: 3 cuentas encontradas');
  assert.equal(paymentsText(14, 24), '14 de 24 cuotas pagadas');
  assert.equal(paymentsText(1, 1), '1 de 1 cuota pagada');
  assert.equal(installmentsText({ ...LOAN, installments_overdue: 0 }),
    'Cuotas pagadas: 14, Cuotas pendientes: 9');
  assert.equal(installmentsText(LOAN), 'Cuotas pagadas: 14, Cuotas pendientes: 9, Cuotas vencidas: 1');
  assert.equal(loansCountText(1), '1 préstamo');
  assert.equal(loansCountText(3), '3 préstamos');
});

test('codes become Spanish labels', () => {
  assert.equal(productLabel('fixed_deposits'), 'Plazo fijo');
  assert.equal(productLabel('cts'), 'CTS');
  assert.deepEqual(installmentStatus('overdue'), { label: 'Vencida', tone: 'danger' });
  assert.deepEqual(installmentStatus('paid'), { label: 'Pagada', tone: 'success' });
  assert.equal(installmentStatus('pending').label, 'Pendiente');
  assert.equal(benefitStatus('active'), 'Activo');
  assert.equal(benefitStatus(null), '—');
  assert.equal(depositStatus('matured'), 'Vencido');
});

test('a chart reads money as a number only for its axis', () => {
  assert.equal(chartValue('9191.10'), 9191.1);
  assert.equal(chartValue(null), 0);
});

test('the loans distribution shares each currency total in whole percent', () => {
  const rows = distribution([
    { product: 'EDUCATIVO', currency: 'PEN', balance: '9191.10' },
    { product: 'CONSUMO', currency: 'PEN', balance: '4595.55' },
    { product: 'VEHICULAR', currency: 'USD', balance: '100.00' },
  ]);
  assert.deepEqual(rows.map((row) => row.share), [67, 33, 100]);
  assert.equal(distributionText(rows[0]), 'S/ 9,191.10 (67%)');
  assert.deepEqual(distribution(undefined), []);
  assert.equal(distribution([{ product: 'X', currency: 'PEN', balance: '0.00' }])[0].share, 0);
});

test('family benefit: shares of the holder amount and the entitled beneficiaries', () => {
  const people = [
    { name: 'YAI', relationship: 'Hijo/a', percentage: '100.00', entitled: false },
    { name: 'YANQUI', relationship: 'Hijo', percentage: '0.00', entitled: true },
    { name: 'JUANA', relationship: 'Hija', percentage: '0.00', entitled: true },
  ];
  assert.deepEqual(holderShares(people).map((b) => b.name), ['YAI']);
  assert.deepEqual(entitledBeneficiaries(people).map((b) => b.name), ['YANQUI', 'JUANA']);
  assert.equal(beneficiaryShareLabel(people[0]), 'YAI (Hijo/a, 100%)');
  assert.equal(beneficiaryLabel(people[1]), 'YANQUI (Hijo)');
  assert.equal(shareText('33.50'), '33.5%');
  assert.equal(shareText('12.25'), '12.25%');
  assert.deepEqual(holderShares(undefined), []);
});

test('the evolution chart draws only series with data', () => {
  const points = [
    { month: '2026-10', contributions: '4800.00', savings: '3000.00', savings_usd: '0.00',
      cts: '0.00', cts_usd: '0.00', loans_balance: '9637.21' },
    { month: '2026-11', contributions: '4850.00', savings: '3105.97', savings_usd: '0.00',
      cts: '15467.40', cts_usd: '0.00', loans_balance: '9191.10' },
  ];
  assert.deepEqual(evolutionSeries(points).map((s) => s.key),
    ['contributions', 'savings', 'cts', 'loans_balance']);
  assert.deepEqual(evolutionSeries([]), []);
});

test('movement filters: query and date order', () => {
  assert.deepEqual(movementQuery({ from: '2026-01-01', to: '', product: 'cts' }, 'abc'),
    { from: '2026-01-01', product: 'cts', cursor: 'abc' });
  assert.deepEqual(movementQuery(), {});
  assert.equal(movementFilterError({ from: '2026-05-01', to: '2026-04-30' }),
    'La fecha final no puede ser anterior a la inicial.');
  assert.equal(movementFilterError({ from: '2026-05-01', to: '2026-05-01' }), null);
});

test('dates of the screens', () => {
  assert.equal(maturityText({ matures_on: '2027-02-25', term_days: 360 }),
    'Vence el 25/02/2027 · 360 días');
  assert.equal(latestAsOf([{ as_of: '2026-11-20' }, { as_of: '2026-11-25' }, {}]), '2026-11-25');
  assert.equal(latestAsOf([]), null);
});

test('an overdue installment is told with its amount and date; an up-to-date loan says nothing', () => {
  assert.equal(overdueText({ count: 1, amount: '977.61', oldest_due_date: '2026-11-27' }),
    '1 cuota vencida por S/ 977.61; venció el 27/11/2026.');
  assert.equal(overdueText({ count: 2, amount: '1955.22', oldest_due_date: '2026-10-27' }, 'USD'),
    '2 cuotas vencidas por US$ 1,955.22; la más antigua venció el 27/10/2026.');
  assert.equal(overdueText(null), null);
  assert.equal(overdueText(undefined), null);
});
