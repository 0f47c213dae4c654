// Bundles the Node entry points (CLI, bench, pool worker) into dist-node/ with esbuild, so
// `npm run bench` measures plain JavaScript rather than code transformed on the fly by tsx
// (whose keepNames wrappers and loader hooks added measurable cost per transaction).
import { build } from 'esbuild';

await build({
  entryPoints: {
    sim: 'src/cli/sim.ts',
    bench: 'src/cli/bench.ts',
    'worker.node': 'src/pool/worker.node.ts',
  },
  outdir: 'dist-node',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    // Aliased: a bundled dependency (fflate's Node build) imports createRequire under its own name.
    js: "import { createRequire as __dexsimCreateRequire } from 'node:module'; const require = __dexsimCreateRequire(import.meta.url);",
  },
});
