// «Seguir conectado» (issue 17): two minutes before the idle deadline the shell opens an
// alertdialog with the countdown in words, «Seguir conectado» (asks GET /api/auth/session, which
// slides the deadline like any request) and «Cerrar sesión». Focus goes to «Seguir conectado» and
// comes back to where the user was (their half-written reply); Escape keeps the session, the
// least harmful reading. Any successful call, here or in another tab, moves the deadline on;
// when it runs out the tab leaves as a 401 would, and the drafts stay for after the sign-in.

import { expireSession, setActivityHandler } from './api.js';
import { h, uid } from './dom.js';
import { getSession, loadSession, sessionDeadline } from './session.js';
import {
  countsAsActivity, createIdleWatch, deadlineAfterActivity, tabLink, warningText,
} from './session-timer.js';

let running = null;

function warningDialog({ onKeep, onLogout }) {
  const titleId = uid('aviso-sesion');
  const textId = uid('aviso-sesion-texto');
  const text = h('p', { id: textId }, '');
  const keep = h('button', { type: 'button', className: 'button', on: { click: onKeep } },
    'Seguir conectado');
  const leave = h('button', { type: 'button', className: 'button button-secondary',
    on: { click: onLogout } }, 'Cerrar sesión');
  const dialog = h('dialog', { className: 'dialog idle-warning', role: 'alertdialog',
    'aria-labelledby': titleId, 'aria-describedby': textId },
  h('h2', { className: 'dialog-title', id: titleId }, '¿Sigues ahí?'),
  text,
  h('div', { className: 'dialog-actions' }, leave, keep));
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    onKeep();
  });
  // Not a direct child of <body>: a screen's closeDialogs() must not take the warning away.
  const holder = h('div', { className: 'idle-warning-holder' }, dialog);
  let returnFocus = null;
  return {
    show(msLeft) {
      text.textContent = warningText(msLeft);
      if (dialog.open) return;
      returnFocus = document.activeElement;
      if (!holder.isConnected) document.body.append(holder);
      dialog.showModal();
      keep.focus();
    },
    hide() {
      if (!dialog.open) return;
      dialog.close();
      if (returnFocus && returnFocus.isConnected) returnFocus.focus();
      returnFocus = null;
    },
    remove() { holder.remove(); },
    busy(on) { keep.disabled = on; },
  };
}

function startFor(userId, onLogout) {
  const state = { userId, session: null };
  const link = tabLink(userId, (deadline) => state.watch.push(deadline, { publish: false }));
  const keepAlive = async () => {
    state.dialog.busy(true);
    try {
      if (await loadSession()) state.watch.set(sessionDeadline());
      else expireSession();
    } catch { /* no answer: the countdown goes on, the user may press again */ } finally {
      state.dialog.busy(false);
    }
  };
  state.dialog = warningDialog({ onKeep: keepAlive, onLogout: () => onLogout() });
  state.watch = createIdleWatch({
    share: link.share,
    sharedDeadline: link.read,
    onPhase: (phase, msLeft) => {
      if (phase === 'warning') state.dialog.show(msLeft);
      else state.dialog.hide();
      if (phase === 'expired') expireSession();
    },
  });
  state.stop = () => {
    state.watch.stop();
    state.dialog.hide();
    state.dialog.remove();
    link.close();
    setActivityHandler(() => {});
  };
  setActivityHandler((path) => {
    if (countsAsActivity(path)) state.watch.push(deadlineAfterActivity(getSession(), Date.now()));
  });
  return state;
}

/** The shell calls this at every signed-in draw; a newly loaded session resets the deadline. */
export function watchIdleSession(session, onLogout) {
  if (!session || !session.user) return;
  if (running && running.userId !== session.user.id) stopIdleWatch();
  if (!running) running = startFor(session.user.id, onLogout);
  if (running.session !== session) {
    running.session = session;
    running.watch.set(sessionDeadline());
  }
}

/** Leaving the signed-in frame (sign-out, expiry). */
export function stopIdleWatch() {
  if (running) running.stop();
  running = null;
}
