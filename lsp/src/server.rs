//! The protocol's entry points: each notification applies its change to
//! the state before its first `.await` (so changes apply in the order they
//! arrive), and each request is answered from a snapshot by its feature's
//! module.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use floe_lang::db::{normalize, OsFileSystem};
use floe_lang::ide::{AnalysisHost, Encoding};
use floe_lang::Database;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

use crate::convert::path_of;
use crate::request::{answer, lock, Shared};
use crate::state::{Edit, State};

/// The server: the client to notify and the shared state.
pub struct Server {
    client: Client,
    state: Shared,
    tokens: crate::semantic_tokens::Previous,
}

/// The service and the socket the transport serves.
pub fn service() -> (LspService<Server>, tower_lsp_server::ClientSocket) {
    LspService::build(|client| Server {
        client,
        state: Arc::new(Mutex::new(new_state(PathBuf::from("/"), Encoding::Utf16))),
        tokens: Default::default(),
    })
    .custom_method("floe/source", Server::source)
    .finish()
}

pub(crate) fn new_state(root: PathBuf, encoding: Encoding) -> State {
    let fs = Arc::new(OsFileSystem::new(root.clone()));
    State {
        host: AnalysisHost::new(Database::new(fs, root.clone())),
        open: Default::default(),
        encoding,
        generation: 0,
        watch: false,
        root,
        loaded: false,
        changed_at: Default::default(),
        evaluations: Default::default(),
        evaluated: Default::default(),
    }
}

/// The workspace root the client names, else the project around the
/// working directory (the nearest ancestor with `floe.toml` or `.git`).
fn root_of(params: &InitializeParams) -> PathBuf {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone());
    #[allow(deprecated)]
    let named = folder.or_else(|| params.root_uri.clone());
    if let Some(path) = named.as_ref().and_then(path_of) {
        return path;
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    cwd.ancestors()
        .find(|dir| dir.join("floe.toml").exists() || dir.join(".git").exists())
        .map_or_else(|| normalize(&cwd), normalize)
}

/// UTF-8 columns when the client offers them (no conversion at all),
/// else the protocol's default UTF-16.
fn encoding_of(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn watches_files(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false)
}

impl Server {
    fn publish_later(&self) {
        tokio::spawn(crate::diagnostics::publish(
            self.state.clone(),
            self.client.clone(),
        ));
        tokio::spawn(crate::evaluation::evaluate_later(
            self.state.clone(),
            self.client.clone(),
        ));
    }

    /// `floe/source`: the text of a file the client cannot read itself, a
    /// standard-library module (`floe:std/list`) a definition led to.
    async fn source(&self, params: TextDocumentIdentifier) -> Result<Option<String>> {
        let uri = params.uri;
        answer(&self.state, &self.client, "floe/source", move |snap| {
            let Some(file) = snap.file(&uri)? else {
                return Ok(None);
            };
            Ok(Some(snap.analysis.text(file)?.to_string()))
        })
        .await
    }
}

/// An answer whose handler may refuse, with its reason as the error.
fn refusable<T>(answer: Result<std::result::Result<T, String>>) -> Result<T> {
    answer?.map_err(|reason| tower_lsp_server::jsonrpc::Error {
        // The protocol's RequestFailed: valid, but refused.
        code: tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32803),
        message: reason.into(),
        data: None,
    })
}

/// Requests answered from a snapshot by a function of their feature's
/// module: `method(Params) -> Answer => module::function;`.
macro_rules! answered_by {
    ($($method:ident($params:ty) -> $answer:ty => $handler:path;)*) => {
        $(
            async fn $method(&self, params: $params) -> Result<$answer> {
                answer(&self.state, &self.client, stringify!($method), |snap| {
                    $handler(snap, params)
                })
                .await
            }
        )*
    };
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = encoding_of(&params);
        let mut state = new_state(root_of(&params), encoding);
        state.watch = watches_files(&params);
        *lock(&self.state) = state;
        let position_encoding = match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(position_encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![".".to_string(), "\"".to_string()]),
                    ..CompletionOptions::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                type_definition_provider: Some(TypeDefinitionProviderCapability::Simple(true)),
                signature_help_provider: Some(SignatureHelpOptions {
                    trigger_characters: Some(vec![" ".to_string()]),
                    retrigger_characters: None,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: crate::semantic_tokens::legend(),
                            full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "floe".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            let loading = state.clone();
            if tokio::task::spawn_blocking(move || crate::workspace::load_all(&loading))
                .await
                .is_ok()
            {
                crate::evaluation::evaluate_later(state, client).await;
            }
        });
        if !lock(&self.state).watch {
            return;
        }
        let watchers = ["**/*.floe", "**/*.{json,yaml,yml}"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "floe-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        let _ = self.client.register_capability(vec![registration]).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        if let Some(path) = path_of(&doc.uri) {
            lock(&self.state).open(path, doc.text, doc.version);
            self.publish_later();
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        let edits = params
            .content_changes
            .into_iter()
            .map(|c| Edit {
                range: c.range.map(|r| {
                    (
                        crate::convert::position(r.start),
                        crate::convert::position(r.end),
                    )
                }),
                text: c.text,
            })
            .collect();
        lock(&self.state).change(&path, params.text_document.version, edits);
        self.publish_later();
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some(path) = path_of(&uri) {
            lock(&self.state).close(&path);
            self.publish_later();
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        {
            let mut state = lock(&self.state);
            for change in &params.changes {
                if let Some(path) = path_of(&change.uri) {
                    state.changed_on_disk(&path);
                }
            }
        }
        self.publish_later();
    }

    answered_by! {
        hover(HoverParams) -> Option<Hover> => crate::hover::hover;
        completion(CompletionParams) -> Option<CompletionResponse> => crate::completion::completion;
        goto_definition(GotoDefinitionParams) -> Option<GotoDefinitionResponse>
            => crate::navigation::definition;
        goto_type_definition(GotoDefinitionParams) -> Option<GotoDefinitionResponse>
            => crate::navigation::type_definition;
        signature_help(SignatureHelpParams) -> Option<SignatureHelp>
            => crate::signature_help::signature_help;
        inlay_hint(InlayHintParams) -> Option<Vec<InlayHint>> => crate::inlay_hints::inlay_hints;
        references(ReferenceParams) -> Option<Vec<Location>> => crate::navigation::references;
        document_highlight(DocumentHighlightParams) -> Option<Vec<DocumentHighlight>>
            => crate::highlight::highlight;
        formatting(DocumentFormattingParams) -> Option<Vec<TextEdit>>
            => crate::formatting::document;
        range_formatting(DocumentRangeFormattingParams) -> Option<Vec<TextEdit>>
            => crate::formatting::range;
        document_symbol(DocumentSymbolParams) -> Option<DocumentSymbolResponse>
            => crate::symbols::document;
        folding_range(FoldingRangeParams) -> Option<Vec<FoldingRange>> => crate::folding::folding;
        selection_range(SelectionRangeParams) -> Option<Vec<SelectionRange>>
            => crate::selection::selection;
        document_link(DocumentLinkParams) -> Option<Vec<DocumentLink>> => crate::links::links;
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        crate::workspace::ensure_loaded(&self.state).await;
        answer(&self.state, &self.client, "workspace/symbol", |snap| {
            crate::workspace_symbols::symbols(snap, params)
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let evaluated = path_of(&params.text_document.uri)
            .map(|path| lock(&self.state).evaluated(&path))
            .unwrap_or_default();
        answer(&self.state, &self.client, "codeAction", move |snap| {
            crate::code_actions::code_actions(snap, params, &evaluated)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        refusable(
            answer(&self.state, &self.client, "prepareRename", |snap| {
                crate::rename::prepare(snap, params)
            })
            .await,
        )
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        refusable(
            answer(&self.state, &self.client, "rename", |snap| {
                crate::rename::rename(snap, params)
            })
            .await,
        )
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let previous = self.tokens.clone();
        answer(
            &self.state,
            &self.client,
            "semanticTokens/full",
            move |snap| crate::semantic_tokens::full(snap, &previous, params),
        )
        .await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        let previous = self.tokens.clone();
        answer(
            &self.state,
            &self.client,
            "semanticTokens/full/delta",
            move |snap| crate::semantic_tokens::delta(snap, &previous, params),
        )
        .await
    }
}
