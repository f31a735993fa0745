/**
 * The Matter language server in a browser web worker, for the studio's editor. Files come only from the
 * editor (didOpen/didChange): the worker has no file system.
 */
import { EmptyFileSystem } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { createMatterEditorServices } from './editor-module.js';

declare const self: DedicatedWorkerGlobalScope;

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
const { shared } = createMatterEditorServices({ connection, ...EmptyFileSystem });
startLanguageServer(shared);
