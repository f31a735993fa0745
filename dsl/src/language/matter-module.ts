/**
 * The Matter language's services on Langium's core: parse, link and check, with no language server. The CLI,
 * the compiler's callers and the runtime use these; `editor/` adds the language server's on top.
 */
import {
  createDefaultCoreModule,
  createLangiumParser,
  createDefaultSharedCoreModule,
  inject,
  type DefaultSharedCoreModuleContext,
  type LangiumCoreServices,
  type LangiumSharedCoreServices,
  type Module,
  type PartialLangiumCoreServices
} from 'langium';
import { registerMatterChecks } from './checks/index.js';
import { MatterDocumentValidator } from './document-validator.js';
import { MatterGeneratedSharedModule, MatterLanguageGeneratedModule } from './generated/module.js';
import { MatterLexer } from './lexer.js';
import { ChineseLexerErrorMessageProvider, ChineseParserErrorMessageProvider } from './messages.js';
import { OpenTexts } from './open-texts.js';
import { installBlockRecovery } from './recovery.js';
import { MatterScopeComputation, MatterScopeProvider } from './scope.js';
import { MatterValueConverter } from './value-converter.js';

/** Langium's core shared services, with the texts held open as an editor would hold them. */
type MatterSharedServices = LangiumSharedCoreServices & { workspace: { TextDocuments: OpenTexts } };

/** The language's services without a language server: parse, link and check. */
export type MatterServices = LangiumCoreServices & { shared: MatterSharedServices };

/** The Matter language's own services on top of Langium's defaults, with or without a language server. */
export const MatterModule: Module<LangiumCoreServices, PartialLangiumCoreServices> = {
  parser: {
    LangiumParser: services => {
      const parser = createLangiumParser(services);
      installBlockRecovery(parser);
      return parser;
    },
    Lexer: services => new MatterLexer(services),
    ValueConverter: () => new MatterValueConverter(),
    ParserErrorMessageProvider: () => new ChineseParserErrorMessageProvider(),
    LexerErrorMessageProvider: () => new ChineseLexerErrorMessageProvider()
  },
  references: {
    ScopeComputation: services => new MatterScopeComputation(services),
    ScopeProvider: services => new MatterScopeProvider(services)
  },
  validation: {
    DocumentValidator: services => new MatterDocumentValidator(services)
  }
};

const MatterSharedModule: Module<MatterSharedServices, { workspace: { TextDocuments: OpenTexts } }> = {
  workspace: { TextDocuments: () => new OpenTexts() }
};

/** Creates the shared and language services; `context.fileSystemProvider` decides Node or in memory. */
export function createMatterServices(context: DefaultSharedCoreModuleContext): {
  shared: MatterSharedServices;
  Matter: MatterServices;
} {
  const shared = inject(createDefaultSharedCoreModule(context), MatterGeneratedSharedModule, MatterSharedModule);
  const Matter = inject(createDefaultCoreModule({ shared }), MatterLanguageGeneratedModule, MatterModule, {
    shared: () => shared
  });
  shared.ServiceRegistry.register(Matter);
  registerMatterChecks(Matter);
  // Without a language server nothing else builds the workspace's configuration; do it here.
  shared.workspace.ConfigurationProvider.initialized({});
  return { shared, Matter };
}
