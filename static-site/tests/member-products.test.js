import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  asOfText, contributionsText, familyBenefitText, loanPaymentsText, loanStateText, memberLine,
  memberProductsPath,
} from '../src/member-products.js';

test('the summary is asked for the case it is opened from', () => {
  assert.equal(memberProductsPath('ticket', 'ab12'), '/api/tickets/ab12/member-products');
  assert.equal(memberProductsPath('application', 'a/b'),
    '/api/credit/applications/a%2Fb/member-products');
});

test('who and when, in Spanish', () => {
  assert.equal(memberLine({ name: 'Ana Flores', dni: '40000311' }), 'Ana Flores · DNI 40000311');
  assert.equal(memberLine({ name: 'Ana Flores', dni: null }), 'Ana Flores');
  assert.equal(asOfText('2026-10-31'), 'Datos al 31/10/2026');
  assert.equal(asOfText(null), 'El socio no tiene productos registrados.');
});

test('aportes and beneficio familiar read as one line each, with Spanish money', () => {
  assert.equal(contributionsText({ currency: 'PEN', balance: '4850.00', monthly_fee: '50.00' }),
    'S/ 4,850.00 · cuota mensual S/ 50.00');
  assert.equal(contributionsText(null), 'Sin aportes registrados');
  assert.equal(familyBenefitText({ status: 'active', monthly_fee: '30.00', beneficiaries: 1 }),
    'Activo · cuota mensual S/ 30.00 · 1 beneficiario');
  assert.equal(familyBenefitText(null), 'No afiliado');
});

test('a loan tells overdue installments first, then its status, else «Al día»', () => {
  const loan = { currency: 'PEN', installments_paid: 2, installments_total: 4, overdue: null };
  assert.equal(loanPaymentsText(loan), '2 de 4 cuotas pagadas');
  assert.equal(loanStateText(loan), 'Al día');
  assert.equal(loanStateText({ ...loan, status: 'vigente', closed_on: null }), 'Al día');
  assert.equal(loanStateText({ ...loan, status: 'cancelado', closed_on: '2026-10-31' }),
    'Cancelado el 31/10/2026');
  assert.equal(loanStateText({ ...loan, status: 'castigado' }), 'Castigado');
  assert.match(loanStateText({ ...loan,
    overdue: { count: 2, amount: '510.00', oldest_due_date: '2026-09-20' } }),
  /^2 cuotas vencidas por S\/ 510\.00/);
});
