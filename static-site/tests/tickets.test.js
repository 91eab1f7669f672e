import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  BODY_MAX, CATEGORIES, SUBJECT_MAX, categoryLabel, cleanText, counter, filtersFromQuery,
  filtersSearch, isStaffRole, listQuery,
  needsConfirmation, newRepliesText, newTicketBody, roleLabel, statusLabel, statusOptions, statusTone, textLength,
  ticketIdFrom, ticketNumber, validateNewTicket, validateReply,
} from '../src/tickets.js';

test('the categories are the server\'s nine, with Spanish labels', () => {
  assert.deepEqual(CATEGORIES.map(([value]) => value), ['aportes', 'ahorros', 'plazo_fijo', 'cts',
    'prestamos', 'beneficio_familiar', 'credito', 'acceso', 'otros']);
  assert.equal(categoryLabel('plazo_fijo'), 'Depósitos a plazo fijo');
  assert.equal(categoryLabel('credito'), 'Solicitud de crédito');
  assert.equal(categoryLabel('cts', 'CTS (API)'), 'CTS (API)');
});

test('states have labels and one badge tone each', () => {
  assert.equal(statusLabel('open'), 'Abierto');
  assert.equal(statusLabel('in_progress'), 'En atención');
  assert.equal(statusLabel('resolved', 'Resuelto'), 'Resuelto');
  assert.equal(statusTone('open'), 'info');
  assert.equal(statusTone('in_progress'), 'warning');
  assert.equal(statusTone('resolved'), 'success');
  assert.equal(statusTone('closed'), 'closed');
  assert.equal(statusTone('something-new'), 'neutral');
});

test('authors are labelled by role', () => {
  assert.equal(roleLabel('member'), 'Socio');
  assert.equal(roleLabel('operator'), 'Operador');
  assert.equal(roleLabel('super_admin'), 'Administrador');
  assert.ok(isStaffRole('admin'));
  assert.ok(!isStaffRole('member'));
});

test('text is cleaned as the server cleans it before counting', () => {
  assert.equal(cleanText('  hola\r\nmundo \u0007 '), 'hola\nmundo');
  assert.equal(cleanText('línea\tuno\nlínea dos', { multiline: false }), 'línea uno línea dos');
  assert.equal(cleanText('a\u202eb'), 'ab');
  assert.equal(cleanText('cafe\u0301'), 'café');
  assert.equal(textLength('😀😀'), 2); // code points, like Python's len
  assert.equal(textLength('   '), 0);
});

test('the counter reads used/max and warns near and past the limit', () => {
  assert.deepEqual(
    (({ text, state }) => ({ text, state }))(counter('')), { text: '0/5000', state: 'ok' });
  assert.equal(counter('x'.repeat(4499)).state, 'ok');
  assert.equal(counter('x'.repeat(4500)).state, 'near');
  assert.equal(counter('x'.repeat(5000)).state, 'near');
  const over = counter('x'.repeat(5003));
  assert.equal(over.state, 'over');
  assert.equal(over.text, '5003/5000');
  assert.match(over.label, /Te pasaste por 3 caracteres del máximo de 5,000/);
  assert.equal(counter('  hola  ').used, 4);
});

test('the new ticket is checked with the server\'s messages', () => {
  assert.deepEqual(validateNewTicket({ subject: 'Consulta', category: 'ahorros', message: 'Hola' }), {});
  assert.deepEqual(validateNewTicket({ subject: '  ', category: '', message: '' }), {
    subject: 'Este campo es obligatorio.',
    category: 'Elige una categoría de la lista.',
    message: 'Este campo es obligatorio.',
  });
  const long = validateNewTicket({ subject: 's'.repeat(SUBJECT_MAX + 1), category: 'otros',
    message: 'm'.repeat(BODY_MAX + 1) });
  assert.equal(long.subject, 'Máximo 150 caracteres.');
  assert.equal(long.message, 'Máximo 5,000 caracteres.');
  assert.deepEqual(validateNewTicket({ subject: 'a', category: 'otros',
    message: `${'m'.repeat(BODY_MAX)}   ` }), {});
  assert.deepEqual(validateReply(''), { body: 'Este campo es obligatorio.' });
  assert.deepEqual(validateReply('<script>alert(1)</script>'), {});
});

test('the body sent is the cleaned text, markup kept as text', () => {
  assert.deepEqual(newTicketBody({ subject: ' Mi\nconsulta ', category: 'cts',
    message: ' <b>hola</b>\r\n' }), { subject: 'Mi consulta', category: 'cts', message: '<b>hola</b>' });
});

test('deep links accept only ticket ids', () => {
  const id = '0123456789abcdef0123456789abcdef';
  assert.equal(ticketIdFrom(new URLSearchParams(`ticket=${id}`)), id);
  assert.equal(ticketIdFrom(new URLSearchParams('ticket=../../api')), null);
  assert.equal(ticketIdFrom(new URLSearchParams('')), null);
  assert.equal(ticketNumber(42), 'N° 42');
});

test('"Cambiar estado" offers only the allowed states, and closing asks first', () => {
  assert.deepEqual(statusOptions(['closed', 'in_progress']), [
    { value: 'in_progress', label: 'En atención' }, { value: 'closed', label: 'Cerrado' }]);
  assert.deepEqual(statusOptions([]), []);
  assert.deepEqual(statusOptions(undefined), []);
  assert.ok(needsConfirmation('closed'));
  assert.ok(!needsConfirmation('resolved'));
});

test('list filters become query parameters, empty ones left out', () => {
  assert.deepEqual(listQuery(), { limit: 20 });
  assert.deepEqual(listQuery({ status: 'open', category: '', assignee: 'u1', cursor: 'c' }),
    { limit: 20, status: 'open', assignee: 'u1', cursor: 'c' });
});

test('the staff list keeps its filters in the URL, the admin\'s default being the unassigned', () => {
  const admin = { defaultStatus: 'open' };
  const read = (search, options) => filtersFromQuery(new URLSearchParams(search), options);
  assert.deepEqual(read('', admin), { status: 'open', category: '', assignee: '', waiting: '' });
  assert.deepEqual(read('?estado=todos', admin), { status: '', category: '', assignee: '', waiting: '' });
  assert.deepEqual(read('?estado=in_progress&categoria=prestamos&asignado=u-1', admin),
    { status: 'in_progress', category: 'prestamos', assignee: 'u-1', waiting: '' });
  assert.deepEqual(read('?estado=nope&categoria=x&asignado=%3Cb%3E'),
    { status: '', category: '', assignee: '', waiting: '' });
  assert.equal(filtersSearch({ status: 'open' }, admin), '');
  assert.equal(filtersSearch({ status: '' }, admin), '?estado=todos');
  assert.equal(filtersSearch({ status: '' }), '');
  assert.equal(filtersSearch({ status: 'assigned', category: 'otros', assignee: 'u-1', waiting: '' }),
    '?estado=assigned&categoria=otros&asignado=u-1');
  for (const filters of [{ status: '', category: 'otros', assignee: '', waiting: '' },
    { status: 'resolved', category: '', assignee: 'u-2', waiting: '' }]) {
    assert.deepEqual(read(filtersSearch(filters, admin), admin), filters);
  }
});

test('Inicio and the menu tell the member of answers not read yet, in words', () => {
  assert.equal(newRepliesText([]), null);
  assert.equal(newRepliesText([{ unread: false }]), null);
  assert.equal(newRepliesText([{ unread: true }, { unread: false }]),
    'Tienes una respuesta nueva en el Buzón.');
  assert.equal(newRepliesText([{ unread: true }, { unread: true }, { unread: true }]),
    'Tienes respuestas nuevas en 3 tickets del Buzón.');
});

test('the staff list keeps its waiting filter in the URL (?espera=)', async () => {
  const { filtersFromQuery, filtersSearch, listQuery, waitingText } = await import('../src/tickets.js');
  const filters = filtersFromQuery(new URLSearchParams('espera=vencidos&categoria=ahorros'));
  assert.equal(filters.waiting, 'overdue');
  assert.equal(filtersSearch(filters), '?categoria=ahorros&espera=vencidos');
  assert.equal(filtersFromQuery(new URLSearchParams('espera=24')).waiting, '24');
  assert.equal(filtersFromQuery(new URLSearchParams('espera=siempre')).waiting, '');
  assert.deepEqual(listQuery({ waiting: 'overdue', status: 'assigned' }),
    { limit: 20, status: 'assigned', waiting: 'overdue' });
  assert.equal(waitingText({ waited_label: '2 d', overdue: true }), '2 d · Vencido');
  assert.equal(waitingText({ waited_label: '5 h', overdue: false }), '5 h');
  assert.equal(waitingText({ waited_label: null }), '—');
});
