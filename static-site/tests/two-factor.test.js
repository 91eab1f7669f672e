import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  cleanCode, groupSecret, isCompleteCode, plainSecret, safeOtpauthUri, svgDataUri, utf8Base64,
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
