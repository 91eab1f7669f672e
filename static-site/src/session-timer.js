// The idle warning's clock (issue 17). The server ends a session after `idle_timeout_seconds`
// without a request and records activity at most every `touch_interval_seconds`; the session
// answer says how long is left (`expires_in_seconds`, a duration: the browser's clock may be off).
// Any successful call to a signed-in route moves the deadline on; so does another tab's call
// (shared through localStorage and its `storage` event). Two minutes before the end the shell
// warns; at the end the tab leaves for the login as a 401 would.

export const WARNING_LEAD_MS = 2 * 60 * 1000;
const SHARED_KEY = 'coopac.sessionDeadline';

/** Routes that do not read the session cookie: a call to them does not keep it alive. */
const PUBLIC_PATHS = ['/api/registration', '/api/auth/login', '/api/auth/password',
  '/api/auth/profile/email/confirm', '/api/auth/profile/email/revert', '/api/auth/terms',
  '/api/auth/logout', '/api/auth/sign-in-alert'];

export function countsAsActivity(path) {
  const bare = path.split('?')[0];
  return !PUBLIC_PATHS.some((prefix) => bare === prefix || bare.startsWith(`${prefix}/`));
}

/** The deadline the session answer gives (ms on this clock), or null when it never idles out. */
export function deadlineFromSession(session, receivedAt) {
  if (!session || session.idle_timeout_seconds == null || session.expires_in_seconds == null) {
    return null;
  }
  return receivedAt + session.expires_in_seconds * 1000;
}

/** After a successful call at `at`: the least the session surely lives (activity is recorded
 * once a minute, so the last recorded request may be that much older). */
export function deadlineAfterActivity(session, at) {
  if (!session || session.idle_timeout_seconds == null) return null;
  const slack = session.touch_interval_seconds ?? 60;
  return at + (session.idle_timeout_seconds - slack) * 1000;
}

export function phaseAt(deadline, now) {
  if (deadline === null) return 'active';
  if (now >= deadline) return 'expired';
  return deadline - now <= WARNING_LEAD_MS ? 'warning' : 'active';
}

/** «Tu sesión se cerrará en 2 minutos por inactividad.» (seconds under a minute). */
export function warningText(msLeft) {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  let left;
  if (seconds > 60) {
    const minutes = Math.ceil(seconds / 60);
    left = `${minutes} minutos`;
  } else if (seconds === 60) {
    left = '1 minuto';
  } else {
    left = seconds === 1 ? '1 segundo' : `${seconds} segundos`;
  }
  return `Tu sesión se cerrará en ${left} por inactividad.`;
}

/**
 * The watch: `onPhase(phase, msLeft)` when the warning opens, every second while it is open,
 * when it closes ('active') and once at the end ('expired'). Timers and clock are injectable
 * (node tests); `share` publishes a deadline to the other tabs, `sharedDeadline()` reads theirs.
 */
export function createIdleWatch({ onPhase, now = () => Date.now(),
  setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id),
  share = () => {}, sharedDeadline = () => null }) {
  let deadline = null;
  let timer = null;
  let phase = 'active';

  const check = () => {
    timer = null;
    const other = sharedDeadline();
    if (deadline !== null && other !== null && other > deadline) deadline = other;
    const next = phaseAt(deadline, now());
    const left = deadline === null ? Infinity : deadline - now();
    if (next !== phase || next === 'warning') onPhase(next, left);
    phase = next;
    if (next === 'expired' || deadline === null) return;
    const wait = next === 'warning' ? Math.min(1000, left) : left - WARNING_LEAD_MS;
    timer = setTimer(check, Math.max(0, wait));
  };
  const restart = () => {
    if (timer !== null) clearTimer(timer);
    check();
  };
  return {
    /** The server's word (the session answer): may move the deadline either way. */
    set(value, { publish = true } = {}) {
      deadline = value;
      if (publish && value !== null) share(value);
      restart();
    },
    /** Activity here or in another tab: only ever later. */
    push(value, { publish = true } = {}) {
      if (value === null || (deadline !== null && value <= deadline)) return;
      if (deadline === null) return; // a session without idle timeout stays so
      deadline = value;
      if (publish) share(value);
      restart();
    },
    stop() {
      if (timer !== null) clearTimer(timer);
      timer = null;
      deadline = null;
      phase = 'active';
    },
    get deadline() { return deadline; },
  };
}

/**
 * The other tabs of this browser: the latest deadline is kept in localStorage; writing it fires
 * a `storage` event in every other tab of the origin (read again at the last moment, too).
 */
export function tabLink(userId, onDeadline) {
  const parse = (text) => {
    try {
      const kept = JSON.parse(text || 'null');
      return kept && kept.userId === userId && typeof kept.deadline === 'number'
        ? kept.deadline : null;
    } catch {
      return null;
    }
  };
  const read = () => {
    try {
      return parse(window.localStorage.getItem(SHARED_KEY));
    } catch {
      return null; // storage disabled
    }
  };
  const share = (deadline) => {
    const kept = read();
    if (kept !== null && deadline <= kept) return;
    try {
      window.localStorage.setItem(SHARED_KEY, JSON.stringify({ userId, deadline }));
    } catch { /* storage disabled: each tab keeps its own */ }
  };
  const onStorage = (event) => {
    if (event.key !== SHARED_KEY) return;
    const deadline = parse(event.newValue);
    if (deadline !== null) onDeadline(deadline);
  };
  window.addEventListener('storage', onStorage);
  return { share, read, close: () => window.removeEventListener('storage', onStorage) };
}
