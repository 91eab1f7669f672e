import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  modeLabel, operatorsText, ruleBody, ruleProblem, rulePath, takeErrorMessage,
} from '../src/routing.js';

test('each mode has its Spanish label, anything else reads as no routing', () => {
  assert.equal(modeLabel('round_robin'), 'Por turnos entre operadores');
  assert.equal(modeLabel('shared_queue'), 'Cola compartida');
  assert.equal(modeLabel('none'), 'Sin reparto (asigna un administrador)');
  assert.equal(modeLabel('otro'), 'Sin reparto (asigna un administrador)');
});

test('a queue that shares out needs at least one operator; «Sin reparto» sends none', () => {
  assert.equal(ruleProblem('round_robin', []), 'Elige al menos un operador para esta cola.');
  assert.equal(ruleProblem('shared_queue', ['a']), '');
  assert.equal(ruleProblem('none', []), '');
  assert.equal(ruleProblem('', ['a']), 'Elige un modo de reparto.');
  assert.deepEqual(ruleBody('none', ['a', 'b']), { mode: 'none', operators: [] });
  assert.deepEqual(ruleBody('round_robin', ['b', 'a']), { mode: 'round_robin', operators: ['b', 'a'] });
});

test('operators are listed by name, an inactive one marked', () => {
  assert.equal(operatorsText([]), '—');
  assert.equal(operatorsText([{ name: 'Carlos' }, { name: 'Lucía', active: false }]),
    'Carlos, Lucía (inactivo)');
});

test('the rule path escapes the key, and a lost race reads in Spanish', () => {
  assert.equal(rulePath({ kind: 'credit', key: 'PTMO/1' }), '/api/admin/routing/credit/PTMO%2F1');
  assert.equal(takeErrorMessage({ code: 'already_taken', status: 409 }),
    'Otra persona ya tomó este caso. La cola compartida se actualizó.');
  assert.equal(takeErrorMessage({ code: 'ticket_not_found', status: 404 }),
    'Este caso ya no está en tu cola compartida.');
});
