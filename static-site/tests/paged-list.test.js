import { test } from 'node:test';
import assert from 'node:assert/strict';

import { pager } from '../src/paged-list.js';

/** A fake API of pages keyed by cursor: {null: {items, next_cursor}, 'c2': {...}}. */
function pagesApi(pages) {
  const calls = [];
  const fetchPage = async (cursor) => {
    calls.push(cursor);
    return pages[cursor ?? 'first'];
  };
  return { fetchPage, calls };
}

test('the first page, then "Cargar más" appends the next one with the cursor', async () => {
  const { fetchPage, calls } = pagesApi({
    first: { items: [1, 2], next_cursor: 'c2' },
    c2: { items: [3], next_cursor: null },
  });
  const list = pager({ fetchPage, screenSignal: new AbortController().signal });
  assert.equal(await list.reload(), true);
  assert.deepEqual(list.items(), [1, 2]);
  assert.equal(list.hasMore(), true);
  assert.equal(await list.loadMore(), true);
  assert.deepEqual(list.items(), [1, 2, 3]);
  assert.equal(list.hasMore(), false);
  assert.deepEqual(calls, [null, 'c2']);
});

test('a reload starts over from the first page', async () => {
  const { fetchPage, calls } = pagesApi({
    first: { items: ['a'], next_cursor: 'c2' },
    c2: { items: ['b'], next_cursor: null },
  });
  const list = pager({ fetchPage, screenSignal: new AbortController().signal });
  await list.reload();
  await list.loadMore();
  await list.reload();
  assert.deepEqual(list.items(), ['a']);
  assert.equal(list.hasMore(), true);
  assert.deepEqual(calls, [null, 'c2', null]);
});

test('an answer without items is an empty page; a missing cursor ends the list', async () => {
  const list = pager({ fetchPage: async () => ({}), screenSignal: new AbortController().signal });
  assert.equal(await list.reload(), true);
  assert.deepEqual(list.items(), []);
  assert.equal(list.hasMore(), false);
});

test('an older, slower answer is dropped when a newer request was made', async () => {
  const answers = [];
  const fetchPage = (cursor, signal) => new Promise((resolve) => {
    answers.push({ resolve, signal });
  });
  const list = pager({ fetchPage, screenSignal: new AbortController().signal });
  const older = list.reload();
  const newer = list.reload();
  assert.equal(answers[0].signal.aborted, true);
  answers[1].resolve({ items: ['new'], next_cursor: null });
  answers[0].resolve({ items: ['old'], next_cursor: 'x' });
  assert.equal(await newer, true);
  assert.equal(await older, false);
  assert.deepEqual(list.items(), ['new']);
  assert.equal(list.hasMore(), false);
});

test('leaving the screen aborts the request in flight', async () => {
  const screen = new AbortController();
  let seen = null;
  const list = pager({ fetchPage: async (cursor, signal) => {
    seen = signal;
    return { items: [1] };
  }, screenSignal: screen.signal });
  const pending = list.reload();
  screen.abort();
  assert.equal(seen.aborted, true);
  assert.equal(await pending, false);
  assert.deepEqual(list.items(), []);
});

test('a failed page rejects and keeps the rows already loaded', async () => {
  let fail = false;
  const list = pager({ fetchPage: async () => {
    if (fail) throw new Error('Ocurrió un error');
    return { items: [1], next_cursor: 'c2' };
  }, screenSignal: new AbortController().signal });
  await list.reload();
  fail = true;
  await assert.rejects(list.loadMore(), /Ocurrió un error/);
  assert.deepEqual(list.items(), [1]);
  assert.equal(list.hasMore(), true);
});

test('update changes the rows in place and keeps the cursor', async () => {
  const list = pager({ fetchPage: async () => ({ items: [{ id: 1, v: 'a' }], next_cursor: 'c2' }),
    screenSignal: new AbortController().signal });
  await list.reload();
  list.update((items) => items.map((item) => ({ ...item, v: 'b' })));
  assert.deepEqual(list.items(), [{ id: 1, v: 'b' }]);
  assert.equal(list.hasMore(), true);
});

test('a first page fetched elsewhere is the start; "Cargar más" goes on from its cursor', async () => {
  const { fetchPage, calls } = pagesApi({ c2: { items: [2], next_cursor: null } });
  const list = pager({ fetchPage, screenSignal: new AbortController().signal });
  list.start({ items: [1], next_cursor: 'c2' });
  assert.deepEqual(list.items(), [1]);
  await list.loadMore();
  assert.deepEqual(list.items(), [1, 2]);
  assert.deepEqual(calls, ['c2']);
});
