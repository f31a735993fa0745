/**
 * The Matter language server for editors, over stdio (or any transport vscode-languageserver reads from argv):
 *   node --import ./tools/node-polyfills.mjs --import tsx dsl/src/editor/main-node.ts --stdio
 * Node 20 needs the polyfill (Langium 4.4 calls Object.groupBy); Node 22 does not.
 */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createMatterEditorServices } from './editor-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createMatterEditorServices({ connection, ...NodeFileSystem });
// Every file of the workspace gets its problems when the server starts. Langium's first build does not validate by
// default; a file nobody opens (the departments file) was validated only by the rebuild after the first didOpen,
// and not at all when that didOpen was handled before the workspace was read (seen under load: npm test beside npm test).
shared.workspace.WorkspaceManager.initialBuildOptions = { validation: true };
startLanguageServer(shared);
