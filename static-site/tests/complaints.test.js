import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  COMPLAINTS_PATH, COMPLAINT_STATUS_PATH, bytesOf, complaintBody, dueLabel, dueTone, kindLabel,
  prefillFrom, productLabel, statusLabel,
} from '../src/complaints.js';
import { findRoute } from '../src/routes.js';

test('the form and the status page are public routes', () => {
  assert.equal(findRoute(COMPLAINTS_PATH).access, 'public');
  assert.equal(findRoute(COMPLAINTS_PATH).title, 'Libro de Reclamaciones');
  assert.equal(findRoute(COMPLAINT_STATUS_PATH).access, 'public');
});

test('the days left read as the server words them', () => {
  assert.equal(dueLabel(3), 'Vence en 3 días hábiles');
  assert.equal(dueLabel(1), 'Vence en 1 día hábil');
  assert.equal(dueLabel(0), 'Vence hoy');
  assert.equal(dueLabel(-2), 'Vencido hace 2 días hábiles');
  assert.equal(dueLabel(null), '—');
  assert.deepEqual([dueTone(-1), dueTone(2), dueTone(10), dueTone(null)],
    ['danger', 'warning', 'info', 'neutral']);
});

test('the body sent: trimmed, the amount optional, the guardian only for a minor', () => {
  const body = complaintBody({ full_name: '  Rosa Quispe ', document_number: 'e1234567a',
    amount: '150,50', kind: 'queja', is_minor: false, guardian_name: 'Nadie',
    accepts_email_answer: true });
  assert.equal(body.full_name, 'Rosa Quispe');
  assert.equal(body.document_number, 'E1234567A');
  assert.equal(body.document_type, 'dni');
  assert.equal(body.amount, '150.50');
  assert.equal(body.guardian_name, null);
  assert.equal(complaintBody({ amount: '  ' }).amount, null);
  assert.equal(complaintBody({ is_minor: true, guardian_name: ' Ana ' }).guardian_name, 'Ana');
});

test('a signed-in member starts with their name, DNI and e-mail; staff and visitors with none', () => {
  const member = { user: { role: 'member', first_name: 'Ana', last_name: 'Flores', dni: '40000001',
    email: 'ana@example.pe' } };
  assert.deepEqual(prefillFrom(member),
    { full_name: 'Ana Flores', document_number: '40000001', email: 'ana@example.pe' });
  assert.deepEqual(prefillFrom({ user: { role: 'admin', first_name: 'X' } }), {});
  assert.deepEqual(prefillFrom(null), {});
});

test('labels and the PDF bytes', () => {
  assert.equal(kindLabel('reclamo'), 'Reclamo');
  assert.equal(productLabel('plazo_fijo'), 'Depósito a plazo fijo');
  assert.equal(statusLabel('en_atencion'), 'En atención');
  assert.deepEqual([...bytesOf('JVBERg==')], [37, 80, 68, 70]);
});
