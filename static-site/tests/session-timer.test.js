import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  WARNING_LEAD_MS, countsAsActivity, createIdleWatch, deadlineAfterActivity, deadlineFromSession,
  phaseAt, warningText,
} from '../src/session-timer.js';

const SESSION = { expires_in_seconds: 900, idle_timeout_seconds: 900, touch_interval_seconds: 60 };

test('the deadline comes from the server\'s seconds, not from the browser\'s clock', () => {
  assert.equal(deadlineFromSession(SESSION, 1000), 901000);
  assert.equal(deadlineFromSession({ ...SESSION, idle_timeout_seconds: null }, 1000), null);
  assert.equal(deadlineFromSession(null, 1000), null);
});

test('after a call the session surely lives the idle timeout less one touch interval', () => {
  assert.equal(deadlineAfterActivity(SESSION, 0), 840000);
  assert.equal(deadlineAfterActivity({ idle_timeout_seconds: null }, 0), null);
});

test('only calls that read the session keep it alive', () => {
  assert.equal(countsAsActivity('/api/tickets/abc/messages'), true);
  assert.equal(countsAsActivity('/api/auth/session'), true);
  assert.equal(countsAsActivity('/api/auth/sessions'), true);
  assert.equal(countsAsActivity('/api/auth/terms'), false);
  assert.equal(countsAsActivity('/api/auth/login/totp'), false);
  assert.equal(countsAsActivity('/api/auth/logout'), false);
  assert.equal(countsAsActivity('/api/auth/sign-in-alert/end-session'), false);
});

test('the phase is active, then the warning two minutes before, then expired', () => {
  assert.equal(phaseAt(null, 5), 'active');
  assert.equal(phaseAt(10 * 60000, 10 * 60000 - WARNING_LEAD_MS - 1), 'active');
  assert.equal(phaseAt(10 * 60000, 10 * 60000 - WARNING_LEAD_MS), 'warning');
  assert.equal(phaseAt(10 * 60000, 10 * 60000), 'expired');
});

test('the countdown is in words', () => {
  assert.equal(warningText(120000), 'Tu sesión se cerrará en 2 minutos por inactividad.');
  assert.equal(warningText(90000), 'Tu sesión se cerrará en 2 minutos por inactividad.');
  assert.equal(warningText(60000), 'Tu sesión se cerrará en 1 minuto por inactividad.');
  assert.equal(warningText(45200), 'Tu sesión se cerrará en 46 segundos por inactividad.');
  assert.equal(warningText(1000), 'Tu sesión se cerrará en 1 segundo por inactividad.');
});

function fakeTimers() {
  let clock = 0;
  const pending = new Map();
  let next = 1;
  return {
    now: () => clock,
    setTimer: (fn, ms) => { pending.set(next, { fn, at: clock + ms }); return next++; },
    clearTimer: (id) => pending.delete(id),
    advance(ms) {
      const end = clock + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        clock = due[1].at;
        due[1].fn();
      }
      clock = end;
    },
  };
}

test('the watch warns, counts down each second, and expires', () => {
  const timers = fakeTimers();
  const seen = [];
  const watch = createIdleWatch({ ...timers, onPhase: (phase, left) => seen.push([phase, left]) });
  watch.set(15 * 60000);
  timers.advance(13 * 60000 - 1);
  assert.deepEqual(seen, []);
  timers.advance(1);
  assert.deepEqual(seen[0], ['warning', WARNING_LEAD_MS]);
  timers.advance(1000);
  assert.deepEqual(seen[1], ['warning', WARNING_LEAD_MS - 1000]);
  timers.advance(WARNING_LEAD_MS);
  assert.deepEqual(seen.at(-1), ['expired', 0]);
  assert.equal(seen.filter(([phase]) => phase === 'expired').length, 1);
});

test('activity during the warning closes it; an earlier push changes nothing', () => {
  const timers = fakeTimers();
  const seen = [];
  const shared = [];
  const watch = createIdleWatch({ ...timers, onPhase: (phase) => seen.push(phase),
    share: (deadline) => shared.push(deadline) });
  watch.set(15 * 60000);
  timers.advance(14 * 60000);
  assert.equal(seen.at(-1), 'warning');
  watch.push(10 * 60000);
  assert.equal(watch.deadline, 15 * 60000);
  watch.push(28 * 60000);
  assert.equal(seen.at(-1), 'active');
  assert.deepEqual(shared, [15 * 60000, 28 * 60000]);
  timers.advance(13 * 60000);
  assert.equal(seen.at(-1), 'warning');
});

test('another tab\'s later deadline, read at the last moment, keeps this tab signed in', () => {
  const timers = fakeTimers();
  const seen = [];
  let theirs = null;
  const watch = createIdleWatch({ ...timers, onPhase: (phase) => seen.push(phase),
    sharedDeadline: () => theirs });
  watch.set(15 * 60000);
  timers.advance(14 * 60000);
  theirs = 40 * 60000;
  timers.advance(60000);
  assert.equal(seen.includes('expired'), false);
  assert.equal(watch.deadline, 40 * 60000);
});

test('a session without idle timeout never warns; stop ends the watch', () => {
  const timers = fakeTimers();
  const seen = [];
  const watch = createIdleWatch({ ...timers, onPhase: (phase) => seen.push(phase) });
  watch.set(null);
  watch.push(5000);
  timers.advance(60 * 60000);
  assert.deepEqual(seen, []);
  watch.set(timers.now() + 30 * 60000);
  watch.stop();
  timers.advance(60 * 60000);
  assert.deepEqual(seen, []);
});
