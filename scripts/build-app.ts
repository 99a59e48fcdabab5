/**
 * Bundles one Node app for its container: our own TypeScript (the app and @notify/shared)
 * is compiled into a single ESM file; npm packages stay external and are installed by
 * `npm ci --omit=dev` in the image. Usage: tsx scripts/build-app.ts api
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const APPS = ['api', 'processor', 'mock-api'];
const app = process.argv[2] ?? '';
if (!APPS.includes(app)) {
  console.error(`usage: build-app.ts <${APPS.join('|')}>`);
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const manifest = (dir: string) =>
  JSON.parse(readFileSync(resolve(root, dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
const external = [app, 'shared']
  .flatMap((dir) => Object.keys(manifest(dir).dependencies ?? {}))
  .filter((name) => !name.startsWith('@notify/'));

await build({
  entryPoints: [resolve(root, app, 'src/main.ts')],
  outfile: resolve(root, 'dist', app, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
console.log(`built dist/${app}/main.js`);
