import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

import { MENU_LABELS, MENUS_BY_ROLE, menuEntries, pathOfMenuKey, roleLabel } from '../src/menu.js';
import { ROUTES, findRoute, normalizePath, safeReturnPath } from '../src/routes.js';

const viewFile = (name) => new URL(`../src/views/${name}.js`, import.meta.url);

test('every menu key of every role has a label and a screen', () => {
  for (const [role, keys] of Object.entries(MENUS_BY_ROLE)) {
    for (const key of keys) {
      assert.ok(MENU_LABELS[key], `label for ${key} (${role})`);
      const route = findRoute(pathOfMenuKey(key));
      assert.ok(route, `route for ${key}`);
      assert.equal(route.access, 'private');
      assert.equal(route.menuKey, key);
    }
  }
});

test('the screens have the URLs of the brief', () => {
  const paths = ROUTES.map((route) => route.path);
  for (const path of ['/login', '/registro', '/recuperar', '/inicio', '/aportes', '/ahorros',
    '/plazo-fijo', '/movimientos', '/prestamos', '/beneficio-familiar', '/cts', '/simulacion',
    '/buzon', '/configuracion', '/mensajes', '/solicitudes', '/usuarios', '/importaciones',
    '/productos', '/auditoria', '/activar', '/restablecer', '/terminos', '/confirmar-correo',
    '/codigos-registro', '/verificar']) {
    assert.ok(paths.includes(path), path);
  }
  assert.equal(new Set(paths).size, paths.length, 'paths are unique');
});

test('/verificar is public: a third party checks a PDF with or without a session', () => {
  assert.equal(ROUTES.find((route) => route.path === '/verificar').access, 'public');
});

test('every route has a Spanish title and its own view module file', () => {
  for (const route of ROUTES) {
    assert.ok(route.title && route.title.length > 2, route.path);
    assert.ok(existsSync(viewFile(route.view)), `src/views/${route.view}.js`);
    assert.equal(typeof route.load, 'function');
  }
});

test('menu labels follow the manual', () => {
  assert.deepEqual(menuEntries(MENUS_BY_ROLE.operator).map((entry) => entry.label),
    ['Inicio', 'Administración de Mensajes', 'Solicitudes de Crédito', 'Beneficiarios',
      'Códigos de registro', 'Reclamaciones', 'Configuración']);
  assert.deepEqual(menuEntries(['plazo_fijo', 'desconocido']),
    [{ key: 'plazo_fijo', label: 'Cuentas a Plazo Fijo', path: '/plazo-fijo' }]);
  assert.equal(roleLabel('member'), 'Socio');
  assert.equal(roleLabel('operator'), 'Operador de crédito');
  assert.equal(roleLabel('admin'), 'Administrador');
  assert.equal(roleLabel('super_admin'), 'Superadministrador');
});

test('paths are normalized before matching', () => {
  assert.equal(normalizePath('/ahorros/'), '/ahorros');
  assert.equal(normalizePath('//ahorros'), '/ahorros');
  assert.equal(normalizePath(''), '/');
  assert.equal(findRoute('/ahorros/').path, '/ahorros');
  assert.equal(findRoute('/no-existe'), null);
});

test('after the login only known private screens are returned to (no open redirect)', () => {
  assert.equal(safeReturnPath('/ahorros'), '/ahorros');
  assert.equal(safeReturnPath('/buzon?ticket=abc'), '/buzon?ticket=abc');
  assert.equal(safeReturnPath('//evil.example/ahorros'), '/inicio');
  assert.equal(safeReturnPath('https://evil.example'), '/inicio');
  assert.equal(safeReturnPath('/login'), '/inicio');
  assert.equal(safeReturnPath('/no-existe'), '/inicio');
  assert.equal(safeReturnPath(null), '/inicio');
});
