// ESLint (pinned in package.json) for the map's own scripts and their tests: `make lint`.
import js from "@eslint/js";
import globals from "globals";

export default [
    js.configs.recommended,
    {
        // Plain browser scripts (no bundler, no modules) that Node's tests can require too.
        files: ["static/atlas/**/*.js"],
        languageOptions: {
            ecmaVersion: 2020,
            sourceType: "script",
            globals: {...globals.browser, L: "readonly", module: "readonly", require: "readonly"},
        },
        rules: {
            "no-var": "off",
            eqeqeq: "error",
            "no-implicit-globals": "error",
            "no-unused-vars": ["error", {args: "after-used", caughtErrors: "none"}],
        },
    },
    {
        // Functions the browser tests run in a page (page.evaluate), kept as files.
        files: ["harness/**/*.js"],
        languageOptions: {ecmaVersion: 2022, sourceType: "script", globals: {...globals.browser, L: "readonly"}},
        rules: {eqeqeq: "error"},
    },
    {
        files: ["tests/js/**/*.js"],
        languageOptions: {ecmaVersion: 2022, sourceType: "commonjs", globals: {...globals.node}},
        rules: {eqeqeq: "error"},
    },
];
