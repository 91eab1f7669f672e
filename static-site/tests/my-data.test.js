import { test } from 'node:test';
import assert from 'node:assert/strict';

import { archiveSummary } from '../src/views/configuracion-mis-datos.js';

test('each state of a «Mis datos» archive has its Spanish line', () => {
  assert.equal(archiveSummary(null), '');
  assert.match(archiveSummary({ status: 'building' }), /^Estamos preparando tu archivo/);
  assert.match(archiveSummary({ status: 'failed' }), /^No pudimos preparar/);
  assert.match(archiveSummary({ status: 'expired' }), /ya venció/);
});

test('a ready archive says until when it can be downloaded, in Lima time', () => {
  const line = archiveSummary({ status: 'ready', expires_at: '2026-11-26T17:00:00Z' });
  assert.equal(line, 'Tu archivo está listo. Podrás descargarlo hasta el 26/11/2026 12:00.');
});
