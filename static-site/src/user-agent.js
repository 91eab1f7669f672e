// A short Spanish name for a session's device from its User-Agent ("Chrome en Windows"), for the
// "Sesiones activas" list. Pure: covered by `node --test`.

const BROWSERS = [
  [/\bEdg(?:e|A|iOS)?\/\d/, 'Edge'],
  [/\b(?:OPR|Opera)\/\d/, 'Opera'],
  [/\bSamsungBrowser\/\d/, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\/\d/, 'Firefox'],
  [/\bCriOS\/\d/, 'Chrome'],
  [/\bHeadlessChrome\/\d/, 'Chrome (sin interfaz)'],
  [/\bChromium\/\d/, 'Chromium'],
  [/\bChrome\/\d/, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\/\d/, 'Safari'],
];

const SYSTEMS = [
  [/\bAndroid\b/, 'Android'],
  [/\b(?:iPhone|iPod)\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

function firstMatch(table, text) {
  const found = table.find(([pattern]) => pattern.test(text));
  return found ? found[1] : null;
}

/**
 * "Mozilla/5.0 (Windows NT 10.0; ...) Chrome/126 ..." → "Chrome en Windows".
 * Non-browser clients keep their product name ("python-requests/2.32" → "python-requests");
 * an empty or "-" agent is "Dispositivo desconocido".
 */
export function deviceLabel(userAgent) {
  const text = String(userAgent ?? '').trim();
  if (!text || text === '-') return 'Dispositivo desconocido';
  const browser = firstMatch(BROWSERS, text);
  const system = firstMatch(SYSTEMS, text);
  if (browser && system) return `${browser} en ${system}`;
  if (browser) return browser;
  if (system) return `Navegador en ${system}`;
  const product = /^([A-Za-z][\w.-]*)/.exec(text);
  return product ? product[1].slice(0, 40) : 'Dispositivo desconocido';
}
