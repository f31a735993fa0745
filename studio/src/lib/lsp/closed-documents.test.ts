import { describe, expect, it } from 'vitest';
import { guardClosedDocuments, type WorkerLike } from './closed-documents';

/** The page's end of a real MessageChannel stands for the worker; the other end answers as the server does. */
function channel(answer: (request: { id: number; method: string; params: unknown }) => unknown) {
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = event => {
    const request = event.data as { id: number; method: string; params: unknown };
    port2.postMessage({ jsonrpc: '2.0', id: request.id, result: answer(request) });
  };
  return { page: port1 as unknown as WorkerLike, close: () => (port1.close(), port2.close()) };
}

function nextMessage(port: WorkerLike): Promise<unknown> {
  return new Promise(resolve => {
    const listener = (event: { data: unknown }) => {
      port.removeEventListener('message', listener);
      resolve(event.data);
    };
    port.addEventListener('message', listener);
  });
}

const A = 'file:///catalog/housing-construction/construction-permit.matter';
const shared = 'file:///catalog/departments.matter';
const other = 'file:///catalog/market/food-licence.matter';

describe('answers about a document the page has closed', () => {
  it('reach Monaco’s client as null once the document is closed, and unchanged while it is open', async () => {
    const open = new Set([A]);
    const tokens = { data: [0, 0, 2, 1, 0] };
    const { page, close } = channel(() => tokens);
    (page as unknown as MessagePort).start?.();
    const guarded = guardClosedDocuments(page, uri => open.has(uri));

    let answer = nextMessage(guarded);
    guarded.postMessage({
      jsonrpc: '2.0',
      id: 1,
      method: 'textDocument/semanticTokens/full',
      params: { textDocument: { uri: A } }
    });
    expect(await answer).toEqual({ jsonrpc: '2.0', id: 1, result: tokens });

    answer = nextMessage(guarded);
    guarded.postMessage({
      jsonrpc: '2.0',
      id: 2,
      method: 'textDocument/semanticTokens/full',
      params: { textDocument: { uri: A } }
    });
    open.delete(A);
    expect(await answer).toEqual({ jsonrpc: '2.0', id: 2, result: null });
    close();
  });

  it('leave out locations in documents the page does not have, and keep the rest', async () => {
    const open = new Set([A, shared]);
    const inShared = { uri: shared, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } };
    const inOther = { uri: other, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } } };
    const { page, close } = channel(() => [inShared, inOther]);
    (page as unknown as MessagePort).start?.();
    const guarded = guardClosedDocuments(page, uri => open.has(uri));
    const answer = nextMessage(guarded);
    guarded.postMessage({
      jsonrpc: '2.0',
      id: 7,
      method: 'textDocument/references',
      params: { textDocument: { uri: A }, position: { line: 0, character: 0 } }
    });
    expect(await answer).toEqual({ jsonrpc: '2.0', id: 7, result: [inShared] });
    close();
  });

  it('pass notifications and answers to requests about no document as they are', async () => {
    const { page, close } = channel(() => ({ capabilities: {} }));
    (page as unknown as MessagePort).start?.();
    const guarded = guardClosedDocuments(page, () => false);
    const answer = nextMessage(guarded);
    guarded.postMessage({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { processId: null } });
    expect(await answer).toEqual({ jsonrpc: '2.0', id: 0, result: { capabilities: {} } });
    close();
  });
});
