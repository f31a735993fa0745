/**
 * The Matter language server's services: Langium's LSP defaults, the language's own services, and what only an
 * editor asks for (hover, quick fixes, Format Document).
 */
import { inject, type Module } from 'langium';
import {
  createDefaultModule,
  createDefaultSharedModule,
  type DefaultSharedModuleContext,
  type LangiumServices,
  type LangiumSharedServices,
  type PartialLangiumLSPServices
} from 'langium/lsp';
import { registerMatterChecks } from '../language/checks/index.js';
import { MatterGeneratedSharedModule, MatterLanguageGeneratedModule } from '../language/generated/module.js';
import { MatterModule } from '../language/matter-module.js';
import { MatterCodeActionProvider } from './code-actions.js';
import { MatterFormatter } from './formatter.js';
import { MatterHoverProvider } from './hover.js';
import { MatterDocumentBuilder } from './document-builder.js';

const MatterEditorModule: Module<LangiumServices, PartialLangiumLSPServices> = {
  lsp: {
    HoverProvider: services => new MatterHoverProvider(services),
    CodeActionProvider: () => new MatterCodeActionProvider(),
    Formatter: services => new MatterFormatter(services.parser.Lexer)
  }
};

/** Creates the language server's shared and language services; `context` brings the connection and the file system. */
export function createMatterEditorServices(context: DefaultSharedModuleContext): {
  shared: LangiumSharedServices;
  Matter: LangiumServices;
} {
  const shared = inject(createDefaultSharedModule(context), MatterGeneratedSharedModule, {
    workspace: { DocumentBuilder: services => new MatterDocumentBuilder(services) }
  });
  const Matter = inject(
    createDefaultModule({ shared }),
    MatterLanguageGeneratedModule,
    MatterModule,
    MatterEditorModule
  );
  shared.ServiceRegistry.register(Matter);
  registerMatterChecks(Matter);
  return { shared, Matter };
}
