// Source rules that keep the site safe under its CSP (run by `npm run check`, before every build):
//   - text reaches the page only through textContent: no HTML parsing of strings;
//   - no eval-like code (script-src 'self' has no 'unsafe-eval');
//   - no inline styles or scripts in the HTML (style-src/script-src 'self' only).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const JS_RULES = [
  [/\.(inner|outer)HTML\b/, 'HTML parsing of strings (use dom.js h()/textContent)'],
  [/insertAdjacentHTML|createContextualFragment|DOMParser|document\.write/, 'HTML parsing of strings'],
  [/\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/, 'eval-like code (CSP has no unsafe-eval)'],
  [/setAttribute\(\s*['"]style['"]/, 'inline style attribute (CSP style-src \'self\'): use a class'],
  // wa.me: the agencies' WhatsApp links on /contacto (a link the member follows, not a load).
  [/https?:\/\/(?!127\.0\.0\.1|localhost|www\.w3\.org|wa\.me\/)/, 'a remote URL (no CDN at run time)'],
];
const HTML_RULES = [
  [/<style[\s>]/i, 'a <style> block'],
  [/\sstyle\s*=/i, 'a style= attribute'],
  [/<script(?![^>]*\bsrc=)[^>]*>/i, 'an inline <script>'],
  [/\son[a-z]+\s*=/i, 'an inline event handler'],
];

function filesUnder(dir, extensions) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, extensions);
    return extensions.some((ext) => name.endsWith(ext)) ? [path] : [];
  });
}

const problems = [];
function check(path, rules) {
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, index) => {
    const code = line.replace(/^\s*(\/\/|\*|\/\*).*$/, '');
    for (const [pattern, why] of rules) {
      if (pattern.test(code)) problems.push(`${relative(root, path)}:${index + 1}: ${why}\n    ${line.trim()}`);
    }
  });
}

for (const file of filesUnder(join(root, 'src'), ['.js'])) check(file, JS_RULES);
check(join(root, 'index.html'), HTML_RULES);

if (problems.length) {
  console.error(`check-source: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('check-source: ok');
