import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  EMPTY_LABEL, PENDING_LABEL, PERSONAL_MESSAGE, SHORT_MESSAGE, STRENGTH_LABELS, assessPassword,
  containsPersonalWord, fold, loadStrengthChecker, personalWords, strengthLabel, warningMessage,
} from '../src/password-strength.js';

const USER = { dni: '40000150', first_name: 'Ana Lucía', last_name: 'Flores Díaz',
  email: 'Socio40000150@Example.pe' };

test('the five Spanish levels, by zxcvbn score', () => {
  assert.deepEqual(STRENGTH_LABELS, ['Muy débil', 'Débil', 'Aceptable', 'Fuerte', 'Muy fuerte']);
  assert.equal(strengthLabel(0), 'Muy débil');
  assert.equal(strengthLabel(1), 'Débil');
  assert.equal(strengthLabel(2), 'Aceptable');
  assert.equal(strengthLabel(3), 'Fuerte');
  assert.equal(strengthLabel(4), 'Muy fuerte');
  assert.equal(strengthLabel(7), 'Muy fuerte', 'clamped');
  assert.equal(strengthLabel(-1), 'Muy débil', 'clamped');
  assert.equal(strengthLabel(null), EMPTY_LABEL);
});

test('fold drops accents and case like the server', () => {
  assert.equal(fold('María ÁLVAREZ Ñuñez'), 'maria alvarez nunez');
});

test('personal words: DNI, name parts of 3+ letters, e-mail local part, folded and unique', () => {
  assert.deepEqual(personalWords(USER), ['40000150', 'ana', 'lucia', 'flores', 'diaz',
    'socio40000150']);
  assert.deepEqual(personalWords({ first_name: 'Li', last_name: 'Ed', email: 'yo@x.pe' }), []);
  assert.deepEqual(personalWords({ first_name: 'José-Luis', last_name: 'de la Cruz',
    email: 'jose@x.pe' }), ['jose', 'luis', 'cruz']);
  assert.deepEqual(personalWords(), []);
});

test('a password with a personal word is "Muy débil" whatever its length', () => {
  const words = personalWords(USER);
  assert.ok(containsPersonalWord('mi clave es LUCÍA y más', words));
  assert.ok(!containsPersonalWord('una frase sin datos', words));
  const verdict = assessPassword('Una frase larga con 40000150 dentro', { words, check: () => ({ score: 4 }) });
  assert.equal(verdict.score, 0);
  assert.equal(verdict.label, 'Muy débil');
  assert.equal(verdict.message, PERSONAL_MESSAGE);
  assert.equal(verdict.acceptable, false);
});

test('empty, short and pending passwords', () => {
  assert.deepEqual(assessPassword(''), { score: null, label: EMPTY_LABEL, message: '',
    acceptable: false, pending: false });
  const short = assessPassword('a9$Kq', { check: () => ({ score: 3 }) });
  assert.equal(short.label, 'Muy débil');
  assert.equal(short.message, SHORT_MESSAGE);
  const pending = assessPassword('suficientemente larga');
  assert.equal(pending.pending, true);
  assert.equal(pending.label, PENDING_LABEL);
});

test('zxcvbn scores 0-1 are refused like the server, 2+ accepted; warnings in Spanish', () => {
  const weak = assessPassword('Password2026', { check: () => ({ score: 1,
    feedback: { warning: 'similarToCommon' } }) });
  assert.equal(weak.label, 'Débil');
  assert.equal(weak.acceptable, false);
  assert.match(weak.message, /^Se parece a una contraseña común\./);
  const fair = assessPassword('gato verde 77', { check: () => ({ score: 2 }) });
  assert.equal(fair.label, 'Aceptable');
  assert.equal(fair.acceptable, true);
  assert.equal(warningMessage('nope'), '');
  assert.equal(warningMessage(null), '');
});

test('only the first 72 characters go to zxcvbn (the server\'s limit)', () => {
  let seen = null;
  assessPassword('x'.repeat(100), { check: (value) => { seen = value; return { score: 4 }; } });
  assert.equal(seen.length, 72);
});

test('with the real zxcvbn-ts dictionaries, the server\'s examples are judged alike', async () => {
  const check = await loadStrengthChecker();
  const words = personalWords(USER);
  const judge = (password) => assessPassword(password, { words, check });
  for (const refused of ['aaaaaaaa', 'abcdefgh', 'Password2026', 'password', 'qwertyuiop']) {
    assert.equal(judge(refused).acceptable, false, refused);
    assert.ok(['Muy débil', 'Débil'].includes(judge(refused).label), refused);
  }
  for (const accepted of ['mi clave de prueba 2026', 'otra clave segura 2026']) {
    assert.equal(judge(accepted).acceptable, true, accepted);
    assert.equal(judge(accepted).label, 'Muy fuerte', accepted);
  }
});
