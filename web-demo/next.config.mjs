// A static export: `next build` writes plain files to out/, served by any static file server.
// hf-model-import needs no bundler settings: its "browser" export condition selects the ES module build
// whose glue loads the separate .wasm with new URL('…wasm', import.meta.url), which bundlers emit as an
// asset; the core is imported lazily, on the first import.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  reactStrictMode: true,
  // Only because this app lives inside the package's repository (two lockfiles): keep Turbopack's
  // workspace root here. An app outside the repository needs nothing.
  turbopack: { root: dirname(fileURLToPath(import.meta.url)) },
};

export default nextConfig;
