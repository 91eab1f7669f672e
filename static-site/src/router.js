// History-API router: every screen has its own URL, deep links and the back button work.
//
// The router only knows locations. What to draw for a location (guards, layout, view) is the
// app's job (`main.js`), passed as `onChange`.

let onChange = () => {};
let started = false;
let drawnKey = null;

const keyOf = () => `${window.location.pathname}${window.location.search}`;

function change(info) {
  drawnKey = keyOf();
  return onChange(currentLocation(), info);
}

/** The current location: { path, query (URLSearchParams), hash }. */
export function currentLocation() {
  return {
    path: window.location.pathname,
    query: new URLSearchParams(window.location.search),
    hash: window.location.hash,
  };
}

/**
 * Go to a same-site URL ("/ahorros", "/login?expirada=1"). `replace` replaces the history entry
 * (redirects), so the back button does not bounce the user into the redirect again.
 * Resolves when the new screen has been drawn.
 */
export function navigate(to, { replace = false } = {}) {
  const url = new URL(to, window.location.origin);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return Promise.resolve();
  }
  const target = `${url.pathname}${url.search}${url.hash}`;
  const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  if (replace || target === here) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  return Promise.resolve(change({ replace }));
}

/** Rewrite the address without drawing again (e.g. to drop a token from the URL). */
export function rewriteUrl(to) {
  window.history.replaceState(window.history.state, '', to);
  drawnKey = keyOf();
}

/**
 * Open a state of the drawn screen (an inline detail) at its own address without drawing again:
 * a new history entry, so Back draws the screen at the address before (the detail closed), and
 * reload or a shared link opens the detail.
 */
export function pushUrl(to) {
  window.history.pushState({ openedFrom: keyOf() }, '', to);
  drawnKey = keyOf();
}

/**
 * Close what `pushUrl` opened: back to its entry when that is `to` (no Back press is left that
 * changes nothing), else rewrite the address. The screen is not drawn again either way.
 */
export function closeUrl(to) {
  const state = window.history.state;
  const url = new URL(to, window.location.origin);
  const target = `${url.pathname}${url.search}`;
  if (state && state.openedFrom === target) {
    drawnKey = target; // the popstate that follows finds the screen drawn
    window.history.back();
    return;
  }
  rewriteUrl(to);
}

function isPlainLeftClick(event) {
  return event.button === 0 && !event.defaultPrevented &&
    !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** The link a click followed, unless it is a download, external or opens another window. */
function followedLink(event) {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || link.hasAttribute('download') || link.dataset.external !== undefined) return null;
  const target = link.getAttribute('target');
  return target && target !== '_self' ? null : link;
}

/** Whether the SPA draws this URL itself (not another site, the API, the dev pages or an anchor). */
function isScreenUrl(url) {
  if (url.origin !== window.location.origin) return false;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/dev/')) return false;
  const inPageAnchor = url.pathname === window.location.pathname &&
    url.search === window.location.search && Boolean(url.hash); // such as the skip link
  return !inPageAnchor;
}

function handleLinkClick(event) {
  if (!isPlainLeftClick(event)) return;
  const link = followedLink(event);
  if (!link) return;
  const url = new URL(link.href, window.location.origin);
  if (!isScreenUrl(url)) return;
  event.preventDefault();
  navigate(`${url.pathname}${url.search}${url.hash}`);
}

/** Start listening to links and the back button, and draw the current location. */
export function startRouter(handler) {
  onChange = handler;
  if (!started) {
    started = true;
    window.addEventListener('popstate', () => {
      // A fragment change (the skip link) is not a new screen.
      if (keyOf() !== drawnKey) change({ pop: true });
    });
    document.addEventListener('click', handleLinkClick);
  }
  return Promise.resolve(change({ initial: true }));
}
