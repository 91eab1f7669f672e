import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  STATUSES, applicationIdFrom, applicationNumber, daysText, knownAssignees, moveLabel,
  needsObservation, openCount, parseAmount, paymentMethodLabel, scheduleTotals, statsFigures,
  statusLabel, statusTone, validateSimulation, validateStatusChange,
} from '../src/credit.js';

const EDUCATIVO = {
  code: 'AMPLIACION_EDUCATIVO', name: 'AMPLIACION PTMO. EDUCATIVO', tea: '0.1350',
  insurance_monthly_rate: '0.00050', min_amount: '1000.00', max_amount: '20000.00',
  terms_months: [6, 12, 18, 24, 36], payment_methods: ['planilla', 'ventanilla'],
};

test('the seven states have the server\'s Spanish labels, in the workflow\'s order', () => {
  assert.deepEqual(STATUSES, ['received', 'assigned', 'in_review', 'observed', 'approved',
    'rejected', 'disbursed']);
  assert.deepEqual(STATUSES.map((status) => statusLabel(status)), ['Recibida', 'Asignada',
    'En evaluación', 'Observada', 'Aprobada', 'Rechazada', 'Desembolsada']);
  assert.equal(statusLabel('approved', 'Aprobada (API)'), 'Aprobada (API)');
  assert.equal(statusLabel('nuevo'), 'nuevo');
  assert.equal(statusTone('approved'), 'success');
  assert.equal(statusTone('rejected'), 'danger');
  assert.equal(statusTone('observed'), 'warning');
  assert.equal(statusTone('???'), 'neutral');
  assert.equal(moveLabel('approved'), 'Aprobar');
  assert.equal(paymentMethodLabel('planilla'), 'Planilla');
  assert.equal(applicationNumber(12), 'N° 12');
});

test('observing or rejecting needs an observation; other moves do not', () => {
  assert.equal(needsObservation('observed'), true);
  assert.equal(needsObservation('rejected'), true);
  assert.equal(needsObservation('approved'), false);
  assert.deepEqual(validateStatusChange({ status: 'observed', observation: '  ' }, ['observed']),
    { observation: 'Escribe la observación para el socio.' });
  assert.deepEqual(validateStatusChange({ status: 'approved', observation: '' }, ['approved']), {});
  assert.deepEqual(Object.keys(validateStatusChange({ status: '' }, [])), ['status']);
  assert.deepEqual(Object.keys(validateStatusChange({ status: 'disbursed' }, ['approved'])), ['status']);
  assert.deepEqual(Object.keys(validateStatusChange({ status: 'rejected',
    observation: 'x'.repeat(1001) }, ['rejected'])), ['observation']);
});

test('the totals row: the API\'s totals when sent, else the rows summed', () => {
  const schedule = [
    { principal: '833.33', interest: '106.25', insurance: '5.00', total: '944.58' },
    { principal: '833.34', interest: '95.12', insurance: '4.58', total: '933.04' },
  ];
  assert.deepEqual(scheduleTotals({ schedule }), { principal: '1666.67', interest: '201.37',
    insurance: '9.58', total: '1877.62' });
  assert.deepEqual(scheduleTotals({ schedule, total_principal: '1666.67', total_interest: '201.37',
    total_insurance: '9.58', total_payable: '1877.62' }), { principal: '1666.67',
    interest: '201.37', insurance: '9.58', total: '1877.62' });
  assert.deepEqual(scheduleTotals({ schedule: [], total_interest: '10' }), { principal: '0.00',
    interest: '10.00', insurance: '0.00', total: '0.00' });
});

test('amounts typed by a member become the API\'s money strings', () => {
  assert.deepEqual(parseAmount('10,000'), { amount: '10000.00' });
  assert.deepEqual(parseAmount('S/ 2 500.5'), { amount: '2500.50' });
  assert.ok(parseAmount('').error);
  assert.ok(parseAmount('diez').error);
  assert.ok(parseAmount('10.005').error);
  assert.ok(parseAmount('0').error);
  assert.equal(parseAmount('1000,50').error, 'Ingresa un monto válido (solo números).');
});

test('the simulator checks the amount, term and method against the chosen product', () => {
  const ok = validateSimulation(EDUCATIVO, { amount: '10,000', term: '12', method: 'planilla' });
  assert.deepEqual(ok.errors, {});
  assert.deepEqual(ok.payload, { product_code: 'AMPLIACION_EDUCATIVO', amount: '10000.00',
    term_months: 12, payment_method: 'planilla' });

  const none = validateSimulation(null, { amount: '10000', term: '', method: 'planilla' });
  assert.deepEqual(Object.keys(none.errors), ['product_code']);
  assert.equal(none.payload, null);

  const bad = validateSimulation(EDUCATIVO, { amount: '25000', term: '60', method: 'caja' });
  assert.equal(bad.errors.amount, 'El monto debe estar entre S/ 1,000.00 y S/ 20,000.00.');
  assert.equal(bad.errors.term_months, 'Plazos disponibles para este crédito (meses): 6, 12, 18, 24, 36.');
  assert.equal(bad.errors.payment_method, 'Esta forma de pago no está disponible para este crédito.');
  assert.ok(validateSimulation(EDUCATIVO, { amount: '999.99', term: '6', method: 'ventanilla' })
    .errors.amount);
  assert.deepEqual(validateSimulation(EDUCATIVO, { amount: '1000', term: '36', method: 'ventanilla' })
    .errors, {});
  assert.equal(validateSimulation(EDUCATIVO, { amount: '1000', term: '', method: 'planilla' })
    .errors.term_months, 'Elige el plazo en meses.');
});

test('the staff dashboard\'s figures from GET /api/credit/stats', () => {
  const stats = {
    statuses: [{ status: 'received', label: 'Recibida' }, { status: 'approved', label: 'Aprobada' }],
    all: { by_status: { received: 3, approved: 2 }, total: 5, decided: 2, average_days_to_decision: 1.5 },
    mine: { by_status: { approved: 1 }, total: 1, decided: 1, average_days_to_decision: null },
  };
  const all = statsFigures(stats, 'all');
  assert.deepEqual(all.rows, [{ status: 'received', label: 'Recibida', count: 3 },
    { status: 'approved', label: 'Aprobada', count: 2 }]);
  assert.equal(all.total, 5);
  assert.equal(openCount(all.rows), 3);
  assert.equal(statsFigures(stats, 'mine').averageDays, null);
  assert.equal(statsFigures({}, 'all').rows.length, 7);
  assert.equal(daysText(null), '—');
  assert.equal(daysText(1), '1 día');
  assert.equal(daysText(2.5), '2.5 días');
});

test('links and assignees', () => {
  const id = 'a'.repeat(32);
  assert.equal(applicationIdFrom(new URLSearchParams(`solicitud=${id}`)), id);
  assert.equal(applicationIdFrom(new URLSearchParams('solicitud=../x')), null);
  assert.equal(applicationIdFrom(new URLSearchParams('')), null);
  assert.deepEqual(knownAssignees([{ assignee_id: 'u2', assignee_name: 'Zoila' },
    { assignee_id: null }, { assignee_id: 'u1', assignee_name: 'Carlos' },
    { assignee_id: 'u2', assignee_name: 'Zoila' }]),
  [{ id: 'u1', name: 'Carlos' }, { id: 'u2', name: 'Zoila' }]);
});

test('Solicitudes keeps its filters in the URL for operators too (?estado=&tipo=&espera=)', async () => {
  const { listApiQuery, listFiltersFromQuery, listFiltersSearch, waitingText } = await import('../src/credit.js');
  const read = (search) => listFiltersFromQuery(new URLSearchParams(search));
  assert.deepEqual(read('?estado=in_review&tipo=consumo&espera=vencidos'),
    { status: 'in_review', product: 'CONSUMO', waiting: 'overdue' });
  assert.deepEqual(read('?estado=nope&tipo=%3Cb%3E&espera=siempre'), { status: '', product: '', waiting: '' });
  const filters = { status: 'assigned', product: 'ESCOLAR', waiting: '24' };
  assert.equal(listFiltersSearch(filters), '?estado=assigned&tipo=ESCOLAR&espera=24');
  assert.deepEqual(read(listFiltersSearch(filters)), filters);
  assert.equal(listFiltersSearch({}), '');
  assert.deepEqual(listApiQuery({ waiting: 'overdue' }, 'c1'), { limit: 20, waiting: 'overdue', cursor: 'c1' });
  assert.equal(waitingText({ waited_label: '3 d', overdue: true }), '3 d · Vencida');
  assert.equal(waitingText({}), '—');
});
