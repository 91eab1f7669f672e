import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  ticketsWithStatus, workloadCards, workloadFigures, workloadSummary,
} from '../src/ticket-workload.js';

const AS_OF = '2026-12-03T10:00:00Z';
const OPERATOR = { mine: { assigned: 2, in_progress: 1 }, unread: 1, unassigned: null, as_of: AS_OF };
const ADMIN = { mine: { assigned: 0, in_progress: 1 }, unread: 0, unassigned: 4, as_of: AS_OF };

test('the figures are numbers; a missing or broken answer counts nothing', () => {
  const none = { overdueMine: 0, overdueAll: null, overdueHours: 0 };
  assert.deepEqual(workloadFigures(OPERATOR),
    { assigned: 2, inProgress: 1, ongoing: 3, unread: 1, unassigned: null, ...none });
  assert.deepEqual(workloadFigures(null),
    { assigned: 0, inProgress: 0, ongoing: 0, unread: 0, unassigned: null, ...none });
  assert.equal(workloadFigures({ ...ADMIN, unassigned: '-3' }).unassigned, 0);
});

test('the summary says what waits, in real singular and plural', () => {
  assert.equal(workloadSummary(workloadFigures(OPERATOR)),
    'Tienes 3 tickets en curso; 1 con respuesta del socio sin leer.');
  assert.equal(workloadSummary(workloadFigures(ADMIN)),
    'Tienes 1 ticket en curso. 4 tickets esperan un responsable.');
  assert.equal(workloadSummary(workloadFigures({ ...ADMIN, mine: {}, unassigned: 1 })),
    'No tienes tickets en curso. 1 ticket espera un responsable.');
  assert.equal(workloadSummary(workloadFigures({ ...ADMIN, unassigned: 0 })),
    'Tienes 1 ticket en curso. Ningún ticket espera un responsable.');
});

test('each figure leads to the Mensajes list that shows it', () => {
  const cards = workloadCards(workloadFigures(OPERATOR), { admin: false });
  assert.deepEqual(cards.map((card) => [card.title, card.figure, card.link.href]), [
    ['Asignados a mí', '2', '/mensajes?estado=assigned'],
    ['En atención', '1', '/mensajes?estado=in_progress'],
    ['Con respuesta del socio sin leer', '1', '/mensajes'],
    ['Vencidos', '0', '/mensajes?espera=vencidos'],
  ]);
  assert.equal(cards[2].caption, 'De 3 tickets tuyos en curso');
  assert.equal(ticketsWithStatus('open'), '/mensajes?estado=open');
});

test('admins see the unassigned queue first, and their links say whose tickets they list', () => {
  const cards = workloadCards(workloadFigures(ADMIN), { admin: true });
  assert.deepEqual(cards.map((card) => card.title), ['Sin asignar', 'Asignados a mí', 'En atención',
    'Con respuesta del socio sin leer', 'Vencidos']);
  assert.deepEqual(cards[0].link, { href: '/mensajes?estado=open', text: 'Asignar tickets' });
  assert.equal(cards[0].figure, '4');
  assert.equal(cards[3].caption, 'De 1 ticket tuyo en curso');
  assert.equal(cards[3].link.href, '/mensajes?estado=todos');
});

test('«Vencidos» counts the overdue tickets: the operator\'s own, everyone\'s for admins', () => {
  const overdue = { mine: 1, all: 5, hours: 48 };
  const [adminCard] = workloadCards(workloadFigures({ ...ADMIN, overdue }), { admin: true }).slice(-1);
  assert.deepEqual([adminCard.figure, adminCard.link.href, adminCard.caption],
    ['5', '/mensajes?estado=todos&espera=vencidos', 'De todos: esperan al personal más de 48 h']);
  assert.equal(adminCard.tone, 'warning');
  const [mine] = workloadCards(workloadFigures({ ...OPERATOR, overdue: { mine: 2, all: null, hours: 48 } }),
    { admin: false }).slice(-1);
  assert.deepEqual([mine.figure, mine.link.href], ['2', '/mensajes?espera=vencidos']);
});
