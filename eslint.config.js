// ESLint flat config (ADR 0019). `npm run lint`; part of `npm test`.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", ".data/**", "node_modules/**", "playwright-report/**", "test-results/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y, "import-x": importX },
    settings: {
      react: { version: "18.3" },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat["jsx-runtime"].rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // The direction between folders is tests/unit/dependency-direction.test.ts; this catches file cycles.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
      "import-x/no-duplicates": "off", // `import type` beside a value import from one module is our style
      // One import style in app code: `~/…` across folders (/work/notes/import-style.sh rewrites).
      "no-restricted-imports": ["error", { patterns: [{ group: ["../../*"], message: "Import across folders with ~/… (ADR 0019)." }] }],
      "import-x/order": ["error", { groups: [["builtin", "external"]], "newlines-between": "ignore" }],
      // Props are typed by TypeScript.
      "react/prop-types": "off",
      // `catch {}` and `_`-prefixed names are how we say "deliberately unused".
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // Non-null assertions follow checks TypeScript cannot see (noUncheckedIndexedAccess is off).
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // Tests, benchmarks, templates and entry points outside app/ keep relative paths (they run without the ~ alias in some tools).
    files: ["tests/**", "bench/**", "emails/**", "db/**", "*.ts", "*.js"],
    rules: { "no-restricted-imports": "off" },
  },
);
