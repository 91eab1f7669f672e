import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  adminErrorMessage, AUDIT_ACTIONS, auditCsvName, auditOutcome, auditQuery, auditRangeProblem, canManage,
  csvFileProblem, fractionToPercent, grantableRoles, IMPORT_KINDS, importKindLabel, importProgress,
  importRunning, importStatus, limaDateTime, looksLikeEmail, parseTerms, percentToFraction, queryString,
  sameOrigin, storageRefusal, userStatus,
} from '../src/admin.js';

test('a percent becomes the API fraction by moving the point, never through floats', () => {
  assert.equal(percentToFraction('13.50'), '0.1350');
  assert.equal(percentToFraction('13.5'), '0.1350');
  assert.equal(percentToFraction('13,5'), '0.1350');
  assert.equal(percentToFraction('0.75'), '0.0075');
  assert.equal(percentToFraction('0.08'), '0.0008');
  assert.equal(percentToFraction('5'), '0.0500');
  assert.equal(percentToFraction('100'), '1.0000');
  assert.equal(percentToFraction('12.3456'), '0.123456');
  assert.equal(percentToFraction(' 07.10 '), '0.0710');
  // 0.1 + 0.2 style float noise cannot appear
  assert.equal(percentToFraction('16.1'), '0.1610');
  for (const bad of ['', 'abc', '-1', '1e2', '13.5%', '1.2.3', null, undefined]) {
    assert.equal(percentToFraction(bad), null, String(bad));
  }
});

test('a fraction from the API shows as a percent with at least two decimals', () => {
  assert.equal(fractionToPercent('0.1350'), '13.50');
  assert.equal(fractionToPercent('0.135'), '13.50');
  assert.equal(fractionToPercent('0.0005'), '0.05');
  assert.equal(fractionToPercent('0.00050'), '0.05');
  assert.equal(fractionToPercent('0.001'), '0.10');
  assert.equal(fractionToPercent('0.123456'), '12.3456');
  assert.equal(fractionToPercent('1.2'), '120.00');
  assert.equal(fractionToPercent('0'), '0.00');
  assert.equal(fractionToPercent('nope'), '');
});

test('percent → fraction → percent round-trips', () => {
  for (const value of ['13.50', '0.05', '25.00', '9.9900', '120.00']) {
    assert.equal(fractionToPercent(percentToFraction(value)), value.replace(/(\.\d\d)0+$/, '$1'));
  }
});

test('terms are whole months, sorted and unique', () => {
  assert.deepEqual(parseTerms('24, 6 12;6'), [6, 12, 24]);
  assert.equal(parseTerms(''), null);
  assert.equal(parseTerms('6, doce'), null);
  assert.equal(parseTerms('6.5'), null);
});

test('audit filters drop empty values and bad dates; the query string is stable', () => {
  const query = auditQuery({ actor: ' abc ', action: 'auth.login', target: '', from: '2026-11-01',
    to: '25/11/2026' });
  assert.deepEqual(query, { actor: 'abc', action: 'auth.login', from: '2026-11-01' });
  assert.equal(queryString(query), 'actor=abc&action=auth.login&from=2026-11-01');
  assert.equal(queryString({ target: 'user:a b', empty: '' }), 'target=user%3Aa+b');
  assert.deepEqual(auditQuery(), {});
});

test('the audit date range is checked before asking', () => {
  assert.equal(auditRangeProblem('', ''), '');
  assert.equal(auditRangeProblem('2026-11-01', '2026-11-25'), '');
  assert.match(auditRangeProblem('2026-11-26', '2026-11-25'), /posterior/);
  assert.match(auditRangeProblem('1/11/2026', ''), /AAAA-MM-DD/);
});

test('the CSV file name follows the server: auditoria-<desde>-<hasta>.csv, 7 days by default', () => {
  assert.equal(auditCsvName('2026-11-01', '2026-11-25', '2026-11-30'),
    'auditoria-2026-11-01-2026-11-25.csv');
  assert.equal(auditCsvName('', '', '2026-11-25'), 'auditoria-2026-11-19-2026-11-25.csv');
  assert.equal(auditCsvName('', '2026-03-02', '2026-11-25'), 'auditoria-2026-02-24-2026-03-02.csv');
});

test('times are shown in Lima with seconds', () => {
  assert.equal(limaDateTime('2026-11-25T16:22:42Z'), '25/11/2026 11:22:42');
  assert.equal(limaDateTime('2026-01-01T03:00:05.123Z'), '31/12/2025 22:00:05');
  assert.equal(limaDateTime(null), '—');
  assert.equal(limaDateTime('ayer'), '—');
});

test('roles: super_admin is offered only to super_admins; admins manage operators and members', () => {
  assert.deepEqual(grantableRoles('super_admin'), ['operator', 'admin', 'super_admin']);
  assert.deepEqual(grantableRoles('admin'), ['operator']);
  assert.deepEqual(grantableRoles('operator'), []);
  assert.equal(canManage('admin', 'operator'), true);
  assert.equal(canManage('admin', 'admin'), false);
  assert.equal(canManage('super_admin', 'admin'), true);
  assert.equal(canManage('operator', 'member'), false);
});

test('API refusals read in Spanish', () => {
  assert.match(adminErrorMessage({ status: 409, code: 'last_admin', message: '' }), /al menos un/);
  assert.match(adminErrorMessage({ status: 409, code: 'cannot_change_self', message: '' }),
    /propio rol/);
  assert.match(adminErrorMessage({ status: 403, code: 'http_403', message: '' }), /permiso/);
  assert.match(adminErrorMessage({ status: 403, code: 'forbidden', message: 'Forbidden' }),
    /No tienes permiso/);
  assert.equal(adminErrorMessage({ status: 400, code: 'invalid_input', message: 'Revisa.' }),
    'Revisa.');
});

test('imports: the eight kinds in Spanish, progress and running states', () => {
  assert.deepEqual(IMPORT_KINDS.map(([, label]) => label), ['Padrón de socios', 'Aportes',
    'Ahorros', 'Plazo fijo', 'Préstamos', 'CTS', 'Beneficio familiar', 'Movimientos']);
  assert.equal(importKindLabel('family_benefit'), 'Beneficio familiar');
  assert.equal(importProgress({ status: 'processing', rows_total: 200, rows_loaded: 90,
    rows_rejected: 10 }), 50);
  assert.equal(importProgress({ status: 'pending', rows_total: 0 }), 0);
  assert.equal(importProgress({ status: 'failed', rows_total: 0 }), 100);
  assert.equal(importRunning({ status: 'processing' }), true);
  assert.equal(importRunning({ status: 'completed' }), false);
});

test('a stalled import is shown as interrupted and no longer followed', () => {
  assert.deepEqual(importStatus('stalled'), { label: 'Interrumpida', tone: 'danger' });
  assert.equal(importRunning({ status: 'stalled' }), false);
});

test('the chosen file must be a non-empty .csv', () => {
  assert.match(csvFileProblem(null), /Elige/);
  assert.match(csvFileProblem({ name: 'socios.xlsx', size: 10 }), /\.csv/);
  assert.match(csvFileProblem({ name: 'socios.csv', size: 0 }), /vacío/);
  assert.equal(csvFileProblem({ name: 'SOCIOS.CSV', size: 10 }), '');
});

test('a file over the 50 MB import limit is refused before it is sent', () => {
  assert.equal(csvFileProblem({ name: 'movimientos.csv', size: 50 * 1024 * 1024 }), '');
  assert.match(csvFileProblem({ name: 'movimientos.csv', size: 50 * 1024 * 1024 + 1 }), /50 MB/);
});

test('the storage refusing an upload is told in Spanish by its S3 error code', () => {
  const tooLarge = '<?xml version="1.0"?><Error><Code>EntityTooLarge</Code><Message>Your proposed '
    + 'upload exceeds the maximum allowed size</Message></Error>';
  assert.match(storageRefusal(400, tooLarge, 50 * 1024 * 1024), /supera el tamaño máximo de 50 MB/);
  assert.match(storageRefusal(400, '<Error><Code>EntityTooSmall</Code></Error>'), /vacío/);
  assert.match(storageRefusal(403, '<Error><Code>AccessDenied</Code><Message>Invalid according '
    + 'to Policy: Policy expired.</Message></Error>'), /venció/);
  assert.match(storageRefusal(500, ''), /HTTP 500/);
});

test('same-origin upload targets are told apart from presigned S3 URLs', () => {
  assert.equal(sameOrigin('/api/admin/imports/x/file', 'http://127.0.0.1:8000'), true);
  assert.equal(sameOrigin('http://127.0.0.1:5055/bucket/key?X-Amz=1', 'http://127.0.0.1:8000'), false);
});

test('states and outcomes have labels and tones', () => {
  assert.deepEqual(userStatus({ status: 'inactive' }), { label: 'Inactivo', tone: 'neutral' });
  assert.equal(userStatus({ status: 'active', locked: true }).label, 'Bloqueado');
  assert.equal(auditOutcome('denied').label, 'Denegado');
  assert.equal(looksLikeEmail('admin@demo.coopac.pe'), true);
  assert.equal(looksLikeEmail('3f2a-uuid'), false);
});

test('the dashboard shows the share of members with 2FA as a whole percent', async () => {
  const { totpShare } = await import('../src/admin-dashboard.js');
  assert.equal(totpShare(0, 0), totpShare('0', '0'));
  assert.match(totpShare(8, 5), /^63\s?%$/);
  assert.match(totpShare('200', '50'), /^25\s?%$/);
});

test('no two audit actions share a label, so the action filter never lists one twice', () => {
  const labels = Object.values(AUDIT_ACTIONS);
  const repeated = labels.filter((label, index) => labels.indexOf(label) !== index);
  assert.deepEqual(repeated, []);
});
