import { test } from 'node:test';
import assert from 'node:assert/strict';

import { deviceLabel } from '../src/user-agent.js';
import { sortSessions } from '../src/views/configuracion-sesiones.js';

test('browsers and systems get short Spanish names', () => {
  const cases = [
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome en Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0', 'Edge en Windows'],
    ['Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36', 'Chrome en Android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari en iPhone'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'Safari en macOS'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0', 'Firefox en Linux'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36', 'Chrome (sin interfaz) en Linux'],
  ];
  for (const [agent, label] of cases) assert.equal(deviceLabel(agent), label, agent);
});

test('other clients keep their product name; nothing is "Dispositivo desconocido"', () => {
  assert.equal(deviceLabel('Python-urllib/3.12'), 'Python-urllib');
  assert.equal(deviceLabel('curl/8.5.0'), 'curl');
  assert.equal(deviceLabel(''), 'Dispositivo desconocido');
  assert.equal(deviceLabel('-'), 'Dispositivo desconocido');
  assert.equal(deviceLabel(null), 'Dispositivo desconocido');
});

test('the current session comes first, then the latest activity', () => {
  const sorted = sortSessions([
    { id: 'a', current: false, last_seen_at: '2026-01-01T10:00:00Z' },
    { id: 'b', current: true, last_seen_at: '2026-01-01T09:00:00Z' },
    { id: 'c', current: false, last_seen_at: '2026-01-02T10:00:00Z' },
  ]);
  assert.deepEqual(sorted.map((s) => s.id), ['b', 'c', 'a']);
  assert.deepEqual(sortSessions(undefined), []);
});
