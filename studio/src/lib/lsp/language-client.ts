/**
 * One Matter language server per page: a web worker running @banshi/dsl's server, Monaco's own LSP client talking
 * to it (it has no dispose(), so it lives as long as the page), and the studio's notifications on the same channel.
 *
 * The worker starts, and takes the catalogue, while Monaco is still loading (`prepareMatterLanguage`): the two
 * are the editor's slowest steps and need nothing from each other. The client connects once Monaco is there.
 */
import type { CatalogueFile, CompiledParams } from '@banshi/dsl/studio-protocol';
import { guardClosedDocuments } from './closed-documents';
import type { Monaco } from './monaco';

export interface MatterLanguage {
  /** Resolves when the server has parsed and linked the catalogue sent by `prepareMatterLanguage`. */
  catalogueLoaded: Promise<{ files: number; ms: number }>;
  /** Calls `listener` with each compile result of an open file; returns the unsubscribe. */
  onCompiled(listener: (result: CompiledParams) => void): () => void;
}

interface Prepared {
  worker: Worker;
  listeners: Set<(result: CompiledParams) => void>;
  catalogueLoaded: Promise<{ files: number; ms: number }>;
}

let prepared: Prepared | undefined;
let started: Promise<MatterLanguage> | undefined;

/** Starts the worker and sends it the catalogue's files as soon as they are fetched (once per page). */
export function prepareMatterLanguage(files: Promise<CatalogueFile[]>): void {
  if (prepared) return;
  const worker = new Worker(new URL('./matter.worker.ts', import.meta.url), { type: 'module', name: '事项语言服务' });
  const listeners = new Set<(result: CompiledParams) => void>();
  let loaded!: (value: { files: number; ms: number }) => void;
  let failed!: (reason: unknown) => void;
  const catalogueLoaded = new Promise<{ files: number; ms: number }>((resolve, reject) => {
    loaded = resolve;
    failed = reject;
  });
  // Monaco's client drops notifications it does not know: the studio's are read beside it, on the same port.
  worker.addEventListener('message', event => {
    const message = event.data as { method?: string; params?: unknown } | undefined;
    if (message?.method === 'banshi/compiled') for (const l of listeners) l(message.params as CompiledParams);
    else if (message?.method === 'banshi/catalogueLoaded') loaded(message.params as { files: number; ms: number });
  });
  files.then(
    list => worker.postMessage({ jsonrpc: '2.0', method: 'banshi/catalogue', params: { files: list } }),
    failed
  );
  prepared = { worker, listeners, catalogueLoaded };
}

/** Connects Monaco's LSP client to the prepared worker. */
export function startMatterLanguage(monaco: Monaco): Promise<MatterLanguage> {
  started ??= (async () => {
    if (!prepared) throw new Error('prepareMatterLanguage() must run first');
    const { worker, listeners, catalogueLoaded } = prepared;
    const { MonacoLspClient, createTransportToWorker } = await import('monaco-lsp-client');
    const isOpen = (uri: string) =>
      monaco.editor.getModels().some(m => m.uri.toString(true).toLowerCase() === uri.toLowerCase());
    new MonacoLspClient(createTransportToWorker(guardClosedDocuments(worker, isOpen) as unknown as Worker));
    return {
      catalogueLoaded,
      onCompiled(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }
    };
  })();
  return started;
}
