import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  api, ApiError, latestRequest, setSessionExpiredHandler, setTotpEnrolmentHandler,
} from '../src/api.js';

let calls;
let answers;
let expired;
let enrolment;

function jsonResponse(status, payload, headers = {}) {
  return new Response(payload === undefined ? null : JSON.stringify(payload), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

beforeEach(() => {
  calls = [];
  answers = [];
  expired = 0;
  enrolment = 0;
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next;
  };
  setSessionExpiredHandler(() => { expired += 1; });
  setTotpEnrolmentHandler(() => { enrolment += 1; });
});

test('every call sends the CSRF header and the same-origin session cookie', async () => {
  answers.push(jsonResponse(200, { ok: true }));
  const result = await api.get('/api/accounts/savings');
  assert.deepEqual(result, { ok: true });
  const { url, init } = calls[0];
  assert.equal(url, '/api/accounts/savings');
  assert.equal(init.method, 'GET');
  assert.equal(init.credentials, 'same-origin');
  assert.equal(init.headers['X-Requested-With'], 'fetch');
  assert.equal(init.headers['Content-Type'], undefined);
});

test('bodies are JSON with their content type', async () => {
  answers.push(jsonResponse(201, { id: 'x' }));
  await api.post('/api/tickets', { subject: 'Hola', message: 'ñandú' });
  const { init } = calls[0];
  assert.equal(init.method, 'POST');
  assert.equal(init.headers['Content-Type'], 'application/json');
  assert.equal(init.headers['X-Requested-With'], 'fetch');
  assert.deepEqual(JSON.parse(init.body), { subject: 'Hola', message: 'ñandú' });
});

test('query parameters skip empty values', async () => {
  answers.push(jsonResponse(200, { items: [] }));
  await api.get('/api/accounts/movements', { query: { from: '2026-01-01', to: '', product: null } });
  assert.equal(calls[0].url, '/api/accounts/movements?from=2026-01-01');
});

test('a 204 resolves with null', async () => {
  answers.push(new Response(null, { status: 204 }));
  assert.equal(await api.post('/api/auth/logout'), null);
});

test('the error shape becomes an ApiError with code, message and fields', async () => {
  answers.push(jsonResponse(400, {
    error: { code: 'invalid_input', message: 'Revisa los datos.', fields: { dni: 'El DNI debe tener 8 dígitos.' } },
  }));
  await assert.rejects(api.post('/api/registration', {}), (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid_input');
    assert.equal(error.message, 'Revisa los datos.');
    assert.deepEqual(error.fields, { dni: 'El DNI debe tener 8 dígitos.' });
    return true;
  });
  assert.equal(expired, 0);
});

test('a 401 from an ordinary call means the session expired', async () => {
  answers.push(jsonResponse(401, { error: { code: 'not_authenticated', message: 'Debes iniciar sesión para continuar.' } }));
  await assert.rejects(api.get('/api/accounts/savings'), { status: 401 });
  assert.equal(expired, 1);
});

test('a 401 from the login or the session probe is left to the caller', async () => {
  for (const path of ['/api/auth/login', '/api/auth/login/totp', '/api/auth/session']) {
    answers.push(jsonResponse(401, { error: { code: 'invalid_credentials', message: 'Correo o contraseña incorrectos' } }));
    await assert.rejects(path === '/api/auth/session' ? api.get(path) : api.post(path, {}),
      { status: 401, message: 'Correo o contraseña incorrectos' });
  }
  assert.equal(expired, 0);
});

test('a locked account shows its wait time from Retry-After', async () => {
  answers.push(jsonResponse(423, { error: { code: 'account_locked', message: 'Tu cuenta está bloqueada temporalmente.' } },
    { 'Retry-After': '900' }));
  await assert.rejects(api.post('/api/auth/login', {}), (error) => {
    assert.equal(error.status, 423);
    assert.equal(error.retryAfter, 900);
    assert.equal(error.message, 'Tu cuenta está bloqueada temporalmente. Podrás intentarlo de nuevo en 15 minutos.');
    return true;
  });
});

test('a throttled call shows its wait time', async () => {
  answers.push(jsonResponse(429, { error: { code: 'throttled', message: 'Demasiadas solicitudes.' } },
    { 'Retry-After': '30' }));
  await assert.rejects(api.post('/api/auth/password/forgot', {}),
    { status: 429, retryAfter: 30, message: 'Demasiadas solicitudes. Podrás intentarlo de nuevo en 30 segundos.' });
});

test('a staff session without 2FA is sent to enrolment', async () => {
  answers.push(jsonResponse(403, { error: { code: 'totp_enrolment_required', message: 'Debes activar la autenticación en dos pasos para continuar.' } }));
  await assert.rejects(api.get('/api/credit/applications'), { status: 403 });
  assert.equal(enrolment, 1);
});

test('a non-JSON failure still gives a Spanish message', async () => {
  answers.push(new Response('Bad gateway', { status: 502, headers: { 'Content-Type': 'text/plain' } }));
  await assert.rejects(api.get('/api/accounts/cts'),
    { status: 502, code: 'http_502', message: 'Ocurrió un error inesperado. Inténtalo nuevamente.' });
});

test('an unreachable server is a network error in Spanish', async () => {
  answers.push(new TypeError('fetch failed'));
  await assert.rejects(api.get('/api/accounts/cts'), { status: 0, code: 'network_error' });
});

test('only /api/ paths are accepted', async () => {
  await assert.rejects(api.get('https://example.com/api/x'), /API paths start with \/api\//);
});

test('a list request is aborted by the next one, and all of them by the screen', () => {
  const screen = new AbortController();
  const nextSignal = latestRequest(screen.signal);
  const first = nextSignal();
  assert.equal(first.aborted, false);
  const second = nextSignal();
  assert.equal(first.aborted, true);
  assert.equal(second.aborted, false);
  screen.abort();
  assert.equal(second.aborted, true);
  assert.equal(nextSignal().aborted, true);
});
