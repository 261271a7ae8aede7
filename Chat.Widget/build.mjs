// Bundles the loader and the chat frame into IIFE files for Chat.Server/wwwroot/widget (run by Chat.Widget.csproj).
import { build } from 'esbuild';

const outdir = process.argv[2] ?? '../Chat.Server/wwwroot/widget';
const common = { bundle: true, minify: true, format: 'iife', target: ['es2020'], legalComments: 'none', logLevel: 'warning', sourcemap: false };

// Parts of the SignalR client the frame never constructs, left out to keep the app within its budget: the
// server-sent events transport (connection.ts asks for WebSockets or long polling only), the XMLHttpRequest
// client (the client takes fetch whenever it exists, and every browser the es2020 target admits has it) and the
// stateful-reconnect buffer (built only after withStatefulReconnect(), which the frame does not call: it replays by
// sequence number instead). A stub that throws stands in, so a change that reached one would fail loudly.
const unused = /^\.\/(ServerSentEventsTransport|XhrHttpClient|MessageBuffer)(\.js)?$/;
const leaveOutUnusedSignalR = {
  name: 'leave-out-unused-signalr',
  setup(b) {
    b.onResolve({ filter: unused }, (a) => (a.importer.includes('@microsoft/signalr') ? { path: a.path.match(unused)[1], namespace: 'unused' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'unused' }, (a) => ({
      contents: `export class ${a.path} { constructor() { throw new Error('${a.path} is not in this bundle'); } }`,
      loader: 'js',
    }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['src/loader.ts'], outfile: `${outdir}/loader.js` }),
  build({ ...common, entryPoints: ['src/app/main.ts'], outfile: `${outdir}/app.js`, plugins: [leaveOutUnusedSignalR] }),
  build({ ...common, entryPoints: ['src/app/app.css'], outfile: `${outdir}/app.css`, format: undefined }),
]);
