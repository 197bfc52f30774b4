// ESLint (flat config): typescript-eslint (recommended, not type-aware, so it stays fast), React,
// React hooks and jsx-a11y. `npm run lint`; `npm test` runs it first and stops on an error.
// A rule is switched off, downgraded or given options here only with a comment that says why.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import globals from "globals";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", ".tmp/", ".cache/", "data/", "test-results/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A leading underscore marks a value that is dropped on purpose (`const { password_hash: _, ...rest } = row`),
      // and so does a rest sibling: both are how the code takes a field out of an object.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // The app strips or refuses control characters in what citizens and files send (domain/text.ts,
      // schemas, uploads, file names): every control character in a regular expression here is the point.
      "no-control-regex": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "test/**/*.{ts,tsx}"],
    ...react.configs.flat.recommended,
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    languageOptions: {
      ...react.configs.flat.recommended.languageOptions,
      globals: { ...globals.browser, ...globals.node },
    },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // Written for the React Compiler, which this app does not use. Here an effect that sets state is how
      // a server-rendered page changes after hydration (useHydrated, a draft restored from localStorage,
      // matchMedia, CSS variables, the paired device): the first client render must match the server's.
      "react-hooks/set-state-in-effect": "off",
      // A scrolling table wrapper is a named region with tabIndex 0 so that keyboard users can scroll it
      // (WCAG 2.1.1; axe's scrollable-region-focusable, which the e2e tests run).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"], allowExpressionValues: true }],
      // The text of an option card sits three elements deep (label > span.box > span.name); the default
      // depth (2) does not see it and reports labels that have text.
      "jsx-a11y/label-has-associated-control": ["error", { depth: 3 }],
    },
  },
  {
    // Kysely's own advice: a migration is frozen in time and uses Kysely<any>, not the app's current schema type.
    files: ["db/migrations/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Tests read untyped JSON from HTTP responses and walk it; the assertions are the check on its shape.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["public/kiosk-sw.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
);
