import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { CONTACT_PATH, mentionsOffice } from '../src/contact-link.js';
import { splitPhones } from '../src/public-content-parts.js';
import {
  feeText, percentText, ratesOf, telHref, termRange, whatsappHref, whatsappText,
} from '../src/public-content.js';
import { findRoute } from '../src/routes.js';

const repoFile = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

test('rates read as es-PE percentages with a space before the sign', () => {
  assert.equal(percentText('0.1250'), '12.50 %');
  assert.equal(percentText('0.035'), '3.50 %');
  assert.equal(percentText('0.0005', 3), '0.050 %');
  assert.equal(percentText('1'), '100.00 %');
});

test('fees and limits read in soles; a free one says so', () => {
  assert.equal(feeText('5'), 'S/ 5.00');
  assert.equal(feeText('1250.5'), 'S/ 1,250.50');
  assert.equal(feeText('0.00'), 'Sin costo');
  assert.equal(termRange(6, 36), 'De 6 a 36 meses');
  assert.equal(termRange(12, 12), '12 meses');
  assert.equal(termRange(1, 1), '1 mes');
});

test('a phone links to tel: with Peru\'s code, dropping the long-distance 0', () => {
  assert.equal(telHref('(01) 614-5000'), 'tel:+5116145000');
  assert.equal(telHref('(073) 555-020'), 'tel:+5173555020');
  assert.equal(telHref('987 654 321'), 'tel:+51987654321');
  assert.equal(telHref('+51 73 381234'), 'tel:+5173381234');
});

test('a WhatsApp number links to wa.me with 51 and reads in threes', () => {
  assert.equal(whatsappHref('999000101'), 'https://wa.me/51999000101');
  assert.equal(whatsappText('999000101'), '999 000 101');
});

test('the admin\'s phones are split on commas and semicolons', () => {
  assert.deepEqual(splitPhones('(01) 555-0100, (01) 555-0101;987 654 321, '),
    ['(01) 555-0100', '(01) 555-0101', '987 654 321']);
  assert.deepEqual(splitPhones(''), []);
});

test('rates are grouped in the admin\'s order', () => {
  const rates = [{ group: 'cts', concept: 'A' }, { group: 'ahorros', concept: 'B' },
    { group: 'cts', concept: 'C' }];
  assert.deepEqual(ratesOf(rates, 'cts').map((row) => row.concept), ['A', 'C']);
  assert.deepEqual(ratesOf(undefined, 'cts'), []);
});

test('both pages are public routes', () => {
  for (const path of ['/tasas-y-tarifas', '/contacto']) {
    assert.equal(findRoute(path)?.access, 'public', path);
  }
  assert.equal(CONTACT_PATH, '/contacto');
});

test('every API message that sends the member to the office gets the «Ver contacto» link', () => {
  const files = ['chalicelib/services/auth/email_revert.py', 'chalicelib/domain/auth/identity.py'];
  const messages = files.flatMap((path) => {
    const source = repoFile(path).replace(/"\s*\n\s*"/g, '');
    return [...source.matchAll(/"([^"\n]*(?:comunícate con la|acércate a la) oficina[^"\n]*)"/gi)]
      .map((match) => match[1]);
  });
  assert.ok(messages.length >= 2, messages);
  for (const message of messages) assert.ok(mentionsOffice(message), message);
});

test('a message that does not mention the office gets no link', () => {
  assert.equal(mentionsOffice('Revisa los datos ingresados.'), false);
  assert.equal(mentionsOffice('Ofician'), false);
  assert.equal(mentionsOffice(null), false);
  assert.equal(mentionsOffice('Acércate a cualquiera de nuestras oficinas.'), true);
});
