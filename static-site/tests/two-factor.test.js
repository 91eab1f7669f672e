import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  backupCodesText, cleanCode, cleanSecondFactor, groupSecret, isCompleteCode, isSecondFactor,
  plainSecret, safeOtpauthUri, svgDataUri, utf8Base64,
} from '../src/two-factor.js';

test('the secret is shown in groups of four', () => {
  assert.equal(groupSecret('ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX'),
    'ETO7 JEBQ OPA5 QAM7 WHPW HH56 OAJG KWGX');
  assert.equal(groupSecret('jbswy3dpehpk3px'), 'JBSW Y3DP EHPK 3PX', 'last group may be short');
  assert.equal(groupSecret(' ABCD EFGH '), 'ABCD EFGH', 'already grouped input is regrouped');
  assert.equal(groupSecret('ABCDEF', 3), 'ABC DEF');
  assert.equal(groupSecret(''), '');
  assert.equal(groupSecret(null), '');
});

test('the copied secret has no spaces', () => {
  assert.equal(plainSecret('ETO7 JEBQ opa5'), 'ETO7JEBQOPA5');
});

test('codes keep digits only, six at most', () => {
  assert.equal(cleanCode('123 456'), '123456');
  assert.equal(cleanCode('12-34-567'), '123456');
  assert.equal(cleanCode('abc'), '');
  assert.ok(isCompleteCode('012345'));
  assert.ok(!isCompleteCode('12345'));
  assert.ok(!isCompleteCode('1234567'));
});

test('the QR SVG becomes a base64 data: URL (UTF-8 title kept)', () => {
  const svgText = '<svg xmlns="http://www.w3.org/2000/svg"><title>Código QR</title></svg>';
  const uri = svgDataUri(svgText);
  assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
  const decoded = Buffer.from(uri.split(',')[1], 'base64').toString('utf8');
  assert.equal(decoded, svgText);
  assert.equal(utf8Base64('ñ'), Buffer.from('ñ').toString('base64'));
  assert.ok(svgDataUri('<?xml version="1.0"?>\n<svg width="1"></svg>'));
});

test('anything that is not an SVG document is refused', () => {
  assert.equal(svgDataUri('<script>alert(1)</script>'), null);
  assert.equal(svgDataUri(''), null);
  assert.equal(svgDataUri(undefined), null);
  assert.equal(svgDataUri('<svgx>'), null);
});

test('only otpauth://totp/ URIs become the "open in the app" link', () => {
  assert.equal(safeOtpauthUri('otpauth://totp/COOPAC:a@b.pe?secret=X'), 'otpauth://totp/COOPAC:a@b.pe?secret=X');
  assert.equal(safeOtpauthUri('javascript:alert(1)'), null);
  assert.equal(safeOtpauthUri(null), null);
});

test('a second factor is six digits or a backup code, as typed', () => {
  assert.equal(cleanSecondFactor('123 456'), '123456');
  assert.equal(cleanSecondFactor('12-34-567'), '123456');
  assert.equal(cleanSecondFactor(' ab2cd-ef3gh '), 'AB2CD-EF3GH');
  assert.equal(cleanSecondFactor('ab2cd ef3gh'), 'AB2CD-EF3GH');
  assert.equal(cleanSecondFactor('AB2CDEF3GH'), 'AB2CD-EF3GH');
  assert.ok(isSecondFactor('012345'));
  assert.ok(isSecondFactor('AB2CD-EF3GH'));
  assert.ok(!isSecondFactor('12345'));
  assert.ok(!isSecondFactor('AB2CD-EF3G'));
  assert.ok(!isSecondFactor('AB2CD-EF0GH'), 'no look-alike characters');
});

test('the backup codes file lists the ten codes, one a line, with a Spanish note', () => {
  const text = backupCodesText(['AB2CD-EF3GH', 'XY7ZW-QR4ST'], 'socia@example.pe');
  assert.match(text, /socia@example\.pe/);
  assert.match(text, /\nAB2CD-EF3GH\nXY7ZW-QR4ST\n/);
  assert.match(text, /una sola vez/);
});
