// The site's linter (`npm run lint`; also part of `npm run check` and of every build):
// JavaScript's recommended rules, size limits that keep a screen's code readable in one sitting,
// and the CSP-safety rules of scripts/check-source.js expressed where ESLint can see them (no
// HTML parsing of strings).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  {
    files: ['src/**/*.js', 'scripts/**/*.js', 'tests/**/*.js', '*.js'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      complexity: ['error', 12],
      'max-depth': ['error', 4],
      'max-params': ['error', 5],
      'no-restricted-properties': ['error',
        { property: 'innerHTML', message: 'Text reaches the page through dom.js h()/textContent.' },
        { property: 'outerHTML', message: 'Text reaches the page through dom.js h()/textContent.' },
        { property: 'insertAdjacentHTML', message: 'No HTML parsing of strings.' }],
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  {
    files: ['tests/**/*.js'],
    rules: { 'max-lines-per-function': 'off' },
  },
];
