import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
  // The language server worker's dependencies, found late otherwise (a slow first dev load).
  optimizeDeps: { include: ['langium', 'langium/lsp', 'vscode-languageserver/browser'] },
  server: {
    // `npm run dev -w studio` beside `npm start`: the API, the hall's preview assets and sign-in go to the runtime.
    proxy: { '/api': 'http://127.0.0.1:8080', '/hall': 'http://127.0.0.1:8080' }
  },
  build: { chunkSizeWarningLimit: 6000, reportCompressedSize: false }
});
