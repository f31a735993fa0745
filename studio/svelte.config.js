// The studio is a static single-page app served by the runtime under /studio (runtime/src/studio-site/).
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Monaco's LSP client ships inside monaco-editor but outside its exports map.
const monacoRoot = dirname(dirname(dirname(createRequire(import.meta.url).resolve('monaco-editor'))));

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', precompress: true, strict: true }),
    paths: { base: '/studio', relative: false },
    alias: { 'monaco-lsp-client': join(monacoRoot, 'esm/external/monaco-lsp-client/out') },
    // The runtime sets the Content-Security-Policy header, hashing the inline bootstrap of these pages.
    output: { bundleStrategy: 'split' },
    version: { pollInterval: 0 }
  }
};
