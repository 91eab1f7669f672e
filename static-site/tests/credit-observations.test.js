import assert from 'node:assert/strict';
import { test } from 'node:test';

import { historyLineText, mailtoHref, validateObservation } from '../src/credit.js';

test('an observation without a move is required and at most 1000 characters', () => {
  assert.deepEqual(validateObservation('  '), { observation: 'Escribe la observación.' });
  assert.deepEqual(validateObservation(null), { observation: 'Escribe la observación.' });
  assert.deepEqual(validateObservation('Llamé al socio.'), {});
  assert.deepEqual(validateObservation(`  ${'x'.repeat(1000)}  `), {});
  assert.deepEqual(validateObservation('x'.repeat(1001)),
    { observation: 'La observación admite como máximo 1000 caracteres.' });
});

test('each history line says what happened, a note without a move included', () => {
  const oscar = { id: 'u1', name: 'Óscar Paredes' };
  assert.equal(historyLineText({ from: null, to: 'received' }), 'Solicitud recibida');
  assert.equal(historyLineText({ from: 'received', to: 'assigned', assignee: oscar }),
    'Asignada: a Óscar Paredes');
  assert.equal(historyLineText({ from: 'in_review', to: 'in_review', assignee: oscar }),
    'Reasignada a Óscar Paredes');
  assert.equal(historyLineText({ from: 'in_review', to: 'in_review', observation: 'Nota' }),
    'Observación registrada');
  assert.equal(historyLineText({ from: 'in_review', to: 'approved' }),
    'En evaluación → Aprobada');
});

test('the member\'s e-mail becomes a mailto link only when it is a plain address', () => {
  assert.equal(mailtoHref('rosa.huaman@correo.pe'), 'mailto:rosa.huaman@correo.pe');
  assert.equal(mailtoHref(' rosa@correo.pe '), 'mailto:rosa@correo.pe');
  for (const odd of [null, undefined, '', 'rosa', 'rosa@correo', 'a b@c.pe',
    'x@y.pe?bcc=otro@z.pe', 'javascript:alert(1)@x.pe']) {
    assert.equal(mailtoHref(odd), null, String(odd));
  }
});
