import { test } from 'node:test';
import assert from 'node:assert/strict';

import { alertChanges } from '../src/views/configuracion-alertas.js';

test('«Guardar alertas» sends every kind with its box, ticked or not', () => {
  const box = (checked) => ({ input: { checked } });
  const fields = [
    { kind: 'installment_due', field: box(true) },
    { kind: 'installment_overdue', field: box(false) },
    { kind: 'new_sign_in', field: box(true) },
  ];
  assert.deepEqual(alertChanges(fields),
    { installment_due: true, installment_overdue: false, new_sign_in: true });
});
