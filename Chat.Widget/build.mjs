// Bundles the loader and the chat frame into IIFE files for Chat.Server/wwwroot/widget (run by Chat.Widget.csproj).
import { build } from 'esbuild';

const outdir = process.argv[2] ?? '../Chat.Server/wwwroot/widget';
const common = { bundle: true, minify: true, format: 'iife', target: ['es2020'], legalComments: 'none', logLevel: 'warning', sourcemap: false };

await Promise.all([
  build({ ...common, entryPoints: ['src/loader.ts'], outfile: `${outdir}/loader.js` }),
  build({ ...common, entryPoints: ['src/app/main.ts'], outfile: `${outdir}/app.js` }),
  build({ ...common, entryPoints: ['src/app/app.css'], outfile: `${outdir}/app.css`, format: undefined }),
]);
