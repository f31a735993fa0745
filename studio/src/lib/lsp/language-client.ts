/**
 * One Matter language server per page: a web worker running @banshi/dsl's server, Monaco's own LSP client talking
 * to it (it has no dispose(), so it lives as long as the page), and the studio's notifications on the same channel.
 */
import type { CatalogueFile, CompiledParams } from '@banshi/dsl/studio-protocol';
import type { Monaco } from './monaco';

export interface MatterLanguage {
  /** Sends the catalogue's files; resolves when the server has parsed and linked them. */
  loadCatalogue(files: CatalogueFile[]): Promise<{ files: number; ms: number }>;
  /** Calls `listener` with each compile result of an open file; returns the unsubscribe. */
  onCompiled(listener: (result: CompiledParams) => void): () => void;
}

let started: Promise<MatterLanguage> | undefined;

export function startMatterLanguage(_monaco: Monaco): Promise<MatterLanguage> {
  started ??= (async () => {
    const { MonacoLspClient, createTransportToWorker } = await import('monaco-lsp-client');
    const worker = new Worker(new URL('./matter.worker.ts', import.meta.url), { type: 'module', name: '事项语言服务' });
    const listeners = new Set<(result: CompiledParams) => void>();
    let catalogueLoaded: ((value: { files: number; ms: number }) => void) | undefined;
    // Monaco's client drops notifications it does not know: the studio's are read beside it, on the same port.
    worker.addEventListener('message', event => {
      const message = event.data as { method?: string; params?: unknown } | undefined;
      if (message?.method === 'banshi/compiled') for (const l of listeners) l(message.params as CompiledParams);
      else if (message?.method === 'banshi/catalogueLoaded')
        catalogueLoaded?.(message.params as { files: number; ms: number });
    });
    new MonacoLspClient(createTransportToWorker(worker));
    return {
      loadCatalogue(files) {
        return new Promise(resolve => {
          catalogueLoaded = resolve;
          worker.postMessage({ jsonrpc: '2.0', method: 'banshi/catalogue', params: { files } });
        });
      },
      onCompiled(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }
    };
  })();
  return started;
}
