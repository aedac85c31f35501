// ESLint flat config: eslint's and typescript-eslint's recommended rules (syntax-only, no type
// information, so it stays fast), tuned to this code base's conventions.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'docs/api/', '**/node_modules/', 'coverage/', 'scratch/'] },
  // the code base documents its deliberate `any`s with disable comments; they are not noise
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // reported, not fatal: work in progress leaves unused imports around (prefix with _ to mark intent)
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // transforms accept and return arbitrary functions and pytrees: `any` is part of their signatures
      '@typescript-eslint/no-explicit-any': 'off',
      // `{}` is the empty-options default of the typed transforms (`const O extends VmapOptions = {}`)
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
