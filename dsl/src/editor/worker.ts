/**
 * The Matter language server in a browser web worker, for the studio's editor. Open files come from the editor
 * (didOpen/didChange); the rest of the catalogue arrives as one `banshi/catalogue` notification (studio-channel.ts):
 * the worker has no file system.
 */
import { EmptyFileSystem } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { createMatterEditorServices } from './editor-module.js';
import { connectStudioChannel } from './studio-channel.js';

declare const self: DedicatedWorkerGlobalScope;

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
const { shared } = createMatterEditorServices({ connection, ...EmptyFileSystem });
// Monaco's LSP client never answers workspace/configuration: do not wait for it.
shared.workspace.ConfigurationProvider.initialized({});
connectStudioChannel(connection, shared);
startLanguageServer(shared);
