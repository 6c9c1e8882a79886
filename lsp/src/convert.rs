//! Between the protocol's terms and the IDE layer's: URIs and files,
//! positions and byte offsets, ranges and spans.

use std::path::PathBuf;

use floe_lang::db::{normalize, Origin};
use floe_lang::ide::{Analysis, Cancellable, Encoding, Lines, Position as IdePosition};
use floe_lang::syntax::Span;
use floe_lang::SourceFile;
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

/// The path a `file:` URI names, normalised as the database keys files.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let path = uri.to_file_path()?;
    path.is_absolute().then(|| normalize(&path))
}

/// The URI of a file: `file:` for files on disk, `floe:std/…` (the path an
/// import writes) for a standard-library module, none for inline text.
pub fn uri_of(origin: &Origin) -> Option<Uri> {
    match origin {
        Origin::Path(path) => Uri::from_file_path(path),
        Origin::Std(module) => format!("floe:{module}").parse().ok(),
        Origin::Inline { .. } => None,
    }
}

/// A protocol position as the IDE layer's.
pub fn position(p: Position) -> IdePosition {
    IdePosition {
        line: p.line,
        character: p.character,
    }
}

fn protocol(p: IdePosition) -> Position {
    Position::new(p.line, p.character)
}

/// The range of `span` in a file with `lines`.
pub fn range(lines: &Lines, span: Span, encoding: Encoding) -> Range {
    Range::new(
        protocol(lines.position(span.start(), encoding)),
        protocol(lines.position(span.end(), encoding)),
    )
}

/// The byte span of `range` in a file with `lines`, positions outside the
/// text moved into it.
pub fn span(lines: &Lines, range: Range, encoding: Encoding) -> Span {
    let start = lines.clamped_offset(position(range.start), encoding);
    let end = lines.clamped_offset(position(range.end), encoding);
    Span::new(start.min(end), start.max(end))
}

/// Where `span` of `file` is, for the client; `None` for inline text.
pub fn location(
    analysis: &Analysis,
    file: SourceFile,
    span: Span,
    encoding: Encoding,
) -> Cancellable<Option<Location>> {
    let Some(uri) = uri_of(&analysis.origin(file)?) else {
        return Ok(None);
    };
    let lines = analysis.lines(file)?;
    Ok(Some(Location::new(uri, range(&lines, span, encoding))))
}
