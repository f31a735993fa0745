import { inject, type LangiumCoreServices, type Module } from 'langium';
import {
  createDefaultModule,
  createDefaultSharedModule,
  type DefaultSharedModuleContext,
  type LangiumServices,
  type LangiumSharedServices,
  type PartialLangiumServices
} from 'langium/lsp';
import { MatterFormatter } from '../format/lsp-formatter.js';
import { registerMatterChecks } from './checks/index.js';
import { MatterCodeActionProvider } from './code-actions.js';
import { MatterDocumentValidator } from './document-validator.js';
import { MatterGeneratedSharedModule, MatterLanguageGeneratedModule } from './generated/module.js';
import { MatterHoverProvider } from './hover.js';
import { ChineseLexerErrorMessageProvider, ChineseParserErrorMessageProvider } from './messages.js';
import { MatterScopeComputation, MatterScopeProvider } from './scope.js';
import { MatterValueConverter } from './value-converter.js';

export type MatterServices = LangiumServices;

/** The Matter language's own services on top of Langium's defaults. */
export const MatterModule: Module<MatterServices, PartialLangiumServices> = {
  parser: {
    ValueConverter: () => new MatterValueConverter(),
    ParserErrorMessageProvider: () => new ChineseParserErrorMessageProvider(),
    LexerErrorMessageProvider: () => new ChineseLexerErrorMessageProvider()
  },
  references: {
    ScopeComputation: services => new MatterScopeComputation(services as LangiumCoreServices),
    ScopeProvider: services => new MatterScopeProvider(services as LangiumCoreServices)
  },
  validation: {
    DocumentValidator: services => new MatterDocumentValidator(services as LangiumCoreServices)
  },
  lsp: {
    HoverProvider: services => new MatterHoverProvider(services),
    CodeActionProvider: () => new MatterCodeActionProvider(),
    Formatter: services => new MatterFormatter(services.parser.Lexer)
  }
};

/** Creates the shared and language services; `context.fileSystemProvider` decides Node or browser. */
export function createMatterServices(context: DefaultSharedModuleContext): {
  shared: LangiumSharedServices;
  Matter: MatterServices;
} {
  const shared = inject(createDefaultSharedModule(context), MatterGeneratedSharedModule);
  const Matter = inject(createDefaultModule({ shared }), MatterLanguageGeneratedModule, MatterModule);
  shared.ServiceRegistry.register(Matter);
  registerMatterChecks(Matter);
  if (!context.connection) {
    // Without a language server nothing else builds the workspace's configuration; do it here.
    shared.workspace.ConfigurationProvider.initialized({});
  }
  return { shared, Matter };
}
