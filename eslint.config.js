import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const engineGlobalsBanned = ['window', 'document', 'navigator', 'localStorage', 'fetch', 'postMessage', 'self'].map(
  (name) => ({ name, message: 'src/engine is pure: no platform globals (inject what you need).' }),
);

export default tseslint.config(
  { ignores: ['dist', 'dist-node', 'node_modules', 'test-results', 'playwright-report', '**/*.tmp.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The engine runs in Node, browsers and workers alike: keep it free of the DOM, React,
    // zustand, comlink, Node built-ins, and nondeterminism.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', 'zustand', 'zustand/*', 'comlink', 'comlink/*', 'd3', 'd3-*'],
              message: 'src/engine is pure.',
            },
            { group: ['node:*', 'fs', 'path', 'worker_threads', 'os'], message: 'src/engine is platform-free.' },
            { group: ['**/app/**', '**/pool/**', '**/cli/**'], message: 'src/engine must not depend on outer layers.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...engineGlobalsBanned],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Prng.' },
        { object: 'Date', property: 'now', message: 'Inject a clock.' },
      ],
    },
  },
);
