import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  draftKey, dropAllDrafts, dropDraft, keepDraft, readDraft, restoreDraft, saveDraft,
} from '../src/drafts.js';

function memoryStorage(initial = {}) {
  const items = new Map(Object.entries(initial));
  return {
    get length() { return items.size; },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
    items,
  };
}

function fakeForm() {
  const listeners = {};
  return {
    addEventListener: (type, fn) => { (listeners[type] ||= []).push(fn); },
    fire: (type) => (listeners[type] || []).forEach((fn) => fn()),
  };
}

test('a draft is keyed by user, form and ticket', () => {
  assert.notEqual(draftKey('u1', 'reply', 't1'), draftKey('u2', 'reply', 't1'));
  assert.notEqual(draftKey('u1', 'reply', 't1'), draftKey('u1', 'reply', 't2'));
  assert.notEqual(draftKey('u1', 'reply', 't1'), draftKey('u1', 'new-ticket'));
});

test('text is kept, read back, and a blank draft is none', () => {
  const storage = memoryStorage();
  const key = draftKey('u1', 'reply', 't1');
  saveDraft(key, { body: 'Hola, adjunto el voucher' }, storage);
  assert.deepEqual(readDraft(key, storage), { body: 'Hola, adjunto el voucher' });
  saveDraft(key, { body: '   ' }, storage);
  assert.equal(readDraft(key, storage), null);
  assert.equal(storage.items.size, 0);
});

test('a broken or missing storage never throws', () => {
  const broken = { getItem: () => '{not json', setItem: () => { throw new Error('full'); },
    removeItem: () => {}, length: 0, key: () => null };
  assert.equal(readDraft('k', broken), null);
  assert.doesNotThrow(() => saveDraft('k', { body: 'x' }, broken));
  assert.equal(readDraft('k', null), null);
});

test('restoring fills only empty fields and says whether it did', () => {
  const key = draftKey('u1', 'new-ticket');
  const storage = memoryStorage({ [key]: JSON.stringify({ subject: 'Aporte', body: 'No llegó' }) });
  const subject = { value: '' };
  const body = { value: 'ya escrito' };
  assert.equal(restoreDraft(key, { subject, body }, storage), true);
  assert.equal(subject.value, 'Aporte');
  assert.equal(body.value, 'ya escrito');
  assert.equal(restoreDraft(draftKey('u2', 'new-ticket'), { subject: { value: '' } }, storage), false);
});

test('keepDraft saves as the user types and discard deletes it after sending', () => {
  const storage = memoryStorage();
  const key = draftKey('u1', 'reply', 't9');
  const form = fakeForm();
  const body = { value: '' };
  const kept = keepDraft({ form, key, fields: { body }, storage });
  assert.equal(kept.restored, false);
  body.value = 'Mi respuesta larga';
  form.fire('input');
  assert.deepEqual(readDraft(key, storage), { body: 'Mi respuesta larga' });

  const again = { value: '' };
  assert.equal(keepDraft({ form: fakeForm(), key, fields: { body: again }, storage }).restored, true);
  assert.equal(again.value, 'Mi respuesta larga');
  kept.discard();
  assert.equal(readDraft(key, storage), null);
});

test('signing out drops every draft and nothing else', () => {
  const storage = memoryStorage({ other: 'x' });
  saveDraft(draftKey('u1', 'reply', 't1'), { body: 'a' }, storage);
  saveDraft(draftKey('u1', 'simulation'), { amount: '5000' }, storage);
  dropAllDrafts(storage);
  assert.deepEqual([...storage.items.keys()], ['other']);
  dropDraft('missing', storage);
});
