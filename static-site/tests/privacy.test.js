import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { PRIVACY_SECTIONS } from '../src/privacy-policy.js';
import { PRIVACY_PATH, privacyMentionParts } from '../src/privacy.js';
import { findRoute } from '../src/routes.js';

const repoFile = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const policyText = PRIVACY_SECTIONS
  .flatMap((section) => [section.title, ...(section.paragraphs || []), ...(section.items || []),
    ...(section.after || [])])
  .join('\n');

test('the terms\' clause 6 is split around its mention of the policy, the text kept whole', () => {
  const clause = 'Los datos personales y financieros serán tratados conforme a la legislación ' +
    'vigente y a la Política de Privacidad de la Cooperativa.';
  const parts = privacyMentionParts(clause);
  assert.deepEqual(parts, {
    before: 'Los datos personales y financieros serán tratados conforme a la legislación ' +
      'vigente y a la ',
    mention: 'Política de Privacidad de la Cooperativa',
    after: '.',
  });
  assert.equal(parts.before + parts.mention + parts.after, clause);
});

test('the backend\'s terms still name the policy as the site links it', () => {
  const clause = repoFile('chalicelib/domain/auth/terms.py').replace(/"\s+"/g, '');
  assert.notEqual(privacyMentionParts(clause), null);
});

test('a clause that does not name the policy is left alone', () => {
  assert.equal(privacyMentionParts('La cuenta de acceso es personal.'), null);
  assert.equal(privacyMentionParts(undefined), null);
});

test('/privacidad is public: readable before registering and while signed in', () => {
  const route = findRoute(PRIVACY_PATH);
  assert.equal(route.access, 'public');
  assert.equal(route.title, 'Política de privacidad');
});

test('the policy covers what Ley 29733 asks a data controller to tell', () => {
  for (const needed of ['COOPAC PETROPERÚ', 'Ley N° 29733', 'DNI', 'correo electrónico',
    'dirección IP', 'acceso, rectificación, cancelación y oposición', 'Argon2', 'cookie',
    'cualquier oficina de la cooperativa', 'mientras seas socio y luego por los plazos legales']) {
    assert.ok(policyText.includes(needed), needed);
  }
  const ids = PRIVACY_SECTIONS.map((section) => section.id);
  assert.equal(new Set(ids).size, ids.length, 'section ids are unique');
});

test('the retention it promises is what the code does', () => {
  const audit = repoFile('chalicelib/domain/shared/audit.py');
  assert.match(audit, /^RETENTION_DAYS = 3650$/m);
  assert.ok(policyText.includes('se conservan 10 años'));
  const sessions = repoFile('chalicelib/domain/auth/sessions.py');
  assert.match(sessions, /^IDLE_TIMEOUT = timedelta\(minutes=15\)$/m);
  assert.match(sessions, /^ABSOLUTE_LIFETIME = timedelta\(hours=12\)$/m);
  assert.match(sessions, /^REMEMBERED_LIFETIME = timedelta\(days=30\)$/m);
  assert.match(sessions, /^STAFF_ABSOLUTE_LIFETIME = timedelta\(hours=10\)$/m);
  for (const promise of ['15 minutos sin actividad', '12 horas', '30 días', '10 horas']) {
    assert.ok(policyText.includes(promise), promise);
  }
  assert.match(repoFile('infra/stacks/stateful.py'),
    /^REPORTS_EXPIRE_AFTER = Duration\.days\(1\)$/m);
  assert.ok(policyText.includes('el archivo se elimina al día siguiente'));
});

test('the «Mis datos» archive is kept and linked as long as the policy says', () => {
  const archive = repoFile('chalicelib/domain/reports/data_archive.py');
  assert.match(archive, /^KEPT_FOR = timedelta\(days=1\)$/m);
  assert.match(archive, /^URL_SECONDS = 600$/m);
  assert.ok(policyText.includes('Tu archivo «Mis datos»: se elimina al día siguiente'));
  assert.ok(policyText.includes('vence a los 10 minutos'));
  assert.ok(policyText.includes('«Descargar mis datos»'));
});

test('the Libro de Reclamaciones\' sheets are kept as long as the policy (and the law) says', () => {
  const complaint = repoFile('chalicelib/domain/complaints/complaint.py');
  assert.match(complaint, /^RETENTION_YEARS_AFTER_ANSWER = 2$/m);
  assert.ok(policyText.includes('se conservan al menos 2 años desde la respuesta'));
});

test('the browsers are remembered, and their cookie kept, as long as the policy says', () => {
  const rules = repoFile('chalicelib/domain/auth/new_sign_in.py');
  assert.match(rules, /^KNOWN_BROWSER_WINDOW = timedelta\(days=180\)$/m);
  assert.ok(policyText.includes('los recordamos 180 días desde tu último inicio de sesión'));
  assert.ok(policyText.includes('El portal usa dos cookies'));
  assert.ok(policyText.includes('un identificador al azar que dura 180 días'));
});
