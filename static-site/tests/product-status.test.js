import { test } from 'node:test';
import assert from 'node:assert/strict';

import { closedOnText, productStatusLabel } from '../src/accounts.js';

test('each product status the core system states has its Spanish label', () => {
  assert.equal(productStatusLabel('cancelado'), 'Cancelado');
  assert.equal(productStatusLabel('castigado'), 'Castigado');
  assert.equal(productStatusLabel('vigente'), 'Vigente');
  assert.equal(productStatusLabel('cerrado'), 'Cerrada');
  assert.equal(productStatusLabel('matured'), 'Vencido');
  assert.equal(productStatusLabel('cancelled'), 'Cancelado');
  assert.equal(productStatusLabel('desconocido'), 'desconocido');
  assert.equal(productStatusLabel(undefined), '—');
});

test('the closing date is shown dd/mm/yyyy, or a dash without one', () => {
  assert.equal(closedOnText('2026-10-31'), '31/10/2026');
  assert.equal(closedOnText(null), '—');
});

test('a snapshot run says how many products it closed, or why it closed none', async () => {
  const { snapshotText } = await import('../src/admin.js');
  assert.equal(snapshotText({ snapshot: false, status: 'completed', rows_closed: null }), null);
  assert.equal(snapshotText({ snapshot: true, status: 'processing', rows_closed: null }), null);
  assert.match(snapshotText({ snapshot: true, status: 'completed', rows_closed: 1 }),
    /^Foto completa · cerrados: 1 \(producto que/);
  assert.match(snapshotText({ snapshot: true, status: 'completed', rows_closed: 3 }),
    /cerrados: 3 \(productos que/);
  assert.match(snapshotText({ snapshot: true, status: 'completed', rows_closed: null }),
    /no se cerró ningún producto/);
});
