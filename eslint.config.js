import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='exit']", message: 'process.exit belongs in src/main.ts and CLI entry points only.' },
      ],
    },
  },
  {
    files: ['src/main.ts', 'src/cli/main.ts', 'e2e/cluster/cli.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The CLI's CommonJS entry point (bin/istio-operator.cjs: CommonJS starts faster than an ES module).
    files: ['bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/pipeline/**/*.ts'],
    ignores: ['src/pipeline/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@kubernetes/client-node', 'pino', 'node:fs*', 'fs', 'node:process', 'node:child_process'] }],
    },
  },
);
