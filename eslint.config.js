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
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // Non-null assertions follow checks TypeScript cannot see (noUncheckedIndexedAccess is off).
      "@typescript-eslint/no-non-null-assertion": "off",
      // `any` sits at the untyped edges (drizzle/pg-boss internals, JSON payloads); 106 sites, typing them is its own change.
      "@typescript-eslint/no-explicit-any": "off",
      // We strip control characters on purpose (logs, text input), so the regexes name them.
      "no-control-regex": "off",
      // `{}` is drizzle's and Remix's own default for "no extra fields".
      "@typescript-eslint/no-empty-object-type": "off",
      // aria-invalid on a radio is how a group's error reaches screen readers with our error summary (checked by axe in e2e).
      "jsx-a11y/role-supports-aria-props": "off",
      // Focus is moved on purpose in the command palette and the one-field lookup form.
      "jsx-a11y/no-autofocus": "off",
      // The chart's scrollable region must be reachable by keyboard (axe's scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": "off",
    },
  },
  {
    // Tests and benchmarks: `useDatabase` etc. are fixtures, not React hooks; fakes type loosely.
    files: ["tests/**", "bench/**"],
    rules: {
      "react-hooks/rules-of-hooks": "off",
      "@typescript-eslint/no-unsafe-function-type": "off",
      "no-loss-of-precision": "off",
    },
  },
  {
    // Tests, benchmarks, templates and entry points outside app/ keep relative paths (they run without the ~ alias in some tools).
    files: ["tests/**", "bench/**", "emails/**", "db/**", "*.ts", "*.js"],
    rules: { "no-restricted-imports": "off" },
  },
);
