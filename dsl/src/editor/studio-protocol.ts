/**
 * What the studio and the language server say to each other besides LSP, as JSON-RPC notifications on the same
 * worker channel (the server's side is studio-channel.ts). Types and names only, so that the studio's page can
 * import them without the language server:
 * - `banshi/catalogue` (studio → server): the whole catalogue's files (departments, regions, calendars, every
 *   matter), so names link across files although the worker has no file system;
 * - `banshi/catalogueLoaded` (server → studio): the catalogue is parsed and linked;
 * - `banshi/compiled` (server → studio): after each check of an open file, its Definition when it has no errors,
 *   which the studio's guide, form and flow previews are drawn from.
 */
import type { Definition } from '@banshi/definition';

/** Where the studio puts the catalogue's files: `file:///catalog/<path>`, paths as the runtime stores them. */
export const catalogueRoot = '/catalog';

export interface CatalogueFile {
  path: string;
  text: string;
}

export interface CatalogueParams {
  files: CatalogueFile[];
}

export interface CompiledParams {
  uri: string;
  /** The editor's version of the text this result is for. */
  version: number;
  /** Errors in the file (a Definition only when there are none). */
  errors: number;
  warnings: number;
  definition: Definition | null;
  /** Why the file did not compile although it has no errors (a catalogue problem), in Chinese. */
  failure?: string;
  /** Milliseconds from the text change to this result, measured in the worker. */
  ms: number;
}

export const catalogueNotification = 'banshi/catalogue';
export const compiledNotification = 'banshi/compiled';
/** Sent by the server once the catalogue is parsed and linked: the studio's editor is then fully ready. */
export const catalogueLoadedNotification = 'banshi/catalogueLoaded';
