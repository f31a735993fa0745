/**
 * Monaco's LSP client throws ("No text model for uri …") when an answer names a document the page no longer has:
 * the author left the editor, or the studio replaced the matter's model, while the server was still answering a
 * request about it (semantic colours, inlay hints, links). The answer is stale then, so it is read as "nothing".
 *
 * `guardClosedDocuments` stands between the client and the worker: it notes which document each request is about,
 * and when the answer comes back for a document that is closed by now, hands the client `result: null`. Locations in
 * an answer (a definition, references) that point at a document the page does not have are left out the same way.
 */

type Message = { id?: number | string; method?: string; params?: unknown; result?: unknown };
type Listener = (event: { data: unknown }) => void;

/** What `createTransportToWorker` needs of a worker. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: Listener): void;
  removeEventListener(type: 'message', listener: Listener): void;
}

export function guardClosedDocuments(worker: WorkerLike, isOpen: (uri: string) => boolean): WorkerLike {
  const asked = new Map<number | string, string>();
  const wrapped = new Map<Listener, Listener>();
  return {
    postMessage(message) {
      const m = message as Message;
      const uri = documentOf(m.params);
      if (m.id !== undefined && m.method && uri) asked.set(m.id, uri);
      worker.postMessage(message);
    },
    addEventListener(type, listener) {
      const guarded: Listener = event => {
        const m = event.data as Message | null;
        if (!m || typeof m !== 'object' || m.method || m.id === undefined || !asked.has(m.id)) return listener(event);
        const uri = asked.get(m.id)!;
        asked.delete(m.id);
        if (!('result' in m)) return listener(event);
        listener({ data: { ...m, result: isOpen(uri) ? withoutClosedLocations(m.result, isOpen) : null } });
      };
      wrapped.set(listener, guarded);
      worker.addEventListener(type, guarded);
    },
    removeEventListener(type, listener) {
      const guarded = wrapped.get(listener);
      if (!guarded) return;
      wrapped.delete(listener);
      worker.removeEventListener(type, guarded);
    }
  };
}

function documentOf(params: unknown): string | undefined {
  const doc = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument;
  return typeof doc?.uri === 'string' ? doc.uri : undefined;
}

/** A list of LSP locations (`uri`) or location links (`targetUri`) keeps only those in open documents. */
function withoutClosedLocations(result: unknown, isOpen: (uri: string) => boolean): unknown {
  if (!Array.isArray(result)) return result;
  return result.filter(item => {
    if (!item || typeof item !== 'object') return true;
    const target = (item as { targetUri?: unknown }).targetUri ?? (item as { uri?: unknown }).uri;
    return typeof target !== 'string' || !('range' in item || 'targetRange' in item) || isOpen(target);
  });
}
