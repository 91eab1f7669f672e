import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  RELATIONSHIPS, changeBody, changeIdFrom, currentRequest, percentageCents, percentageSum,
  validateBeneficiaries,
} from '../src/beneficiaries.js';

const ROSA = { name: 'Rosa Mendoza', dni: '41111111', relationship: 'Cónyuge', percentage: '60' };
const LUIS = { name: 'Luis Mendoza', dni: '42222222', relationship: 'Hijo', percentage: '40.00' };

test('the relationships are the cooperative\'s terms', () => {
  assert.deepEqual(RELATIONSHIPS, ['Cónyuge', 'Hijo', 'Hija', 'Padre', 'Madre', 'Hermano',
    'Hermana', 'Otro']);
});

test('the live sum is exact in hundredths and says when it is not 100.00 %', () => {
  const thirds = ['33.33', '33.33', '33.34'].map((percentage) => ({ percentage }));
  assert.deepEqual(percentageSum(thirds), { total: '100.00', complete: true,
    text: 'Suma de porcentajes: 100.00 %' });
  const short = percentageSum([{ percentage: '0.1' }, { percentage: '0.2' }, { percentage: '' }]);
  assert.equal(short.total, '0.30');
  assert.equal(short.complete, false);
  assert.match(short.text, /Debe sumar exactamente 100.00 %/);
  assert.equal(percentageCents('12.345'), null);
  assert.equal(percentageCents('1,5'), null);
});

test('a list adding to 100 passes; each bad field is named as the server names it', () => {
  assert.deepEqual(validateBeneficiaries([ROSA, LUIS]), {});
  const errors = validateBeneficiaries([{ ...ROSA, dni: '4111111', relationship: 'Tío' },
    { ...LUIS, percentage: '39.99' }]);
  assert.deepEqual(Object.keys(errors).sort(), ['beneficiaries', 'beneficiaries[0].dni',
    'beneficiaries[0].relationship']);
  assert.equal(errors.beneficiaries,
    'Los porcentajes suman 99.99 %; deben sumar exactamente 100.00 %.');
  assert.equal(validateBeneficiaries([]).beneficiaries, 'Agrega al menos un beneficiario.');
  assert.match(validateBeneficiaries([{ ...ROSA, percentage: '50' }, { ...LUIS, dni: ROSA.dni,
    percentage: '50' }]).beneficiaries, /dos veces/);
});

test('the body sends percentages with two decimals and trimmed text', () => {
  assert.deepEqual(changeBody([{ ...ROSA, name: ' Rosa Mendoza ' }]), [
    { name: 'Rosa Mendoza', dni: '41111111', relationship: 'Cónyuge', percentage: '60.00' }]);
});

test('the member sees the open request first, else the newest; ids are uuid hex', () => {
  const items = [{ id: 'a', status: 'approved' }, { id: 'b', status: 'observed' }];
  assert.equal(currentRequest(items).id, 'b');
  assert.equal(currentRequest([{ id: 'a', status: 'rejected' }]).id, 'a');
  assert.equal(currentRequest([]), null);
  assert.equal(changeIdFrom(new URLSearchParams('solicitud=' + 'a'.repeat(32))), 'a'.repeat(32));
  assert.equal(changeIdFrom(new URLSearchParams('solicitud=../x')), null);
});
