//! Tokens and the lexer.
//!
//! Code is tokenised by a logos automaton; string literals are scanned by hand
//! because interpolation (`"a ${ f "b" } c"`) nests code inside text inside
//! code, which needs a mode stack that a regular automaton cannot keep. The
//! lexer never fails: problems become [`LexError`]s plus an `Error` token, so
//! the parser can carry on and report the rest of the file.

use std::fmt;

use logos::Logos;

use super::Span;

/// Deepest nesting of brackets, braces, parentheses and interpolations a file
/// may have. Far beyond hand-written configuration, and low enough that every
/// later recursive pass stays within a few megabytes of stack.
pub const MAX_NESTING: usize = 512;

/// A token as the parser sees it. Text payloads borrow from the source.
#[derive(Clone, Debug, PartialEq)]
pub enum Token<'s> {
    /// A name: `replicas`, `to_upper`.
    Ident(&'s str),
    /// An integer literal, already range-checked.
    Int(i64),
    /// A floating-point literal.
    Float(f64),
    /// `"` opening or closing an ordinary string.
    Quote,
    /// `''` opening or closing an indented string.
    IndQuote,
    /// Raw text between string delimiters (escapes not yet applied).
    StrText(&'s str),
    /// `${` inside a string.
    InterpOpen,
    /// The `}` closing an interpolation.
    InterpClose,
    /// A keyword or punctuation.
    Sym(Sym),
    /// Something the lexer could not read; already reported.
    Error,
}

macro_rules! symbols {
    ($($name:ident = $text:literal,)*) => {
        /// Keywords and punctuation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum Sym { $($name,)* }

        impl Sym {
            /// Every symbol, in declaration order (`Sym::ALL[s as usize] == s`).
            pub const ALL: &'static [Sym] = &[$(Sym::$name,)*];

            /// The source text of the symbol.
            pub fn text(self) -> &'static str {
                match self { $(Sym::$name => $text,)* }
            }
        }
    };
}

symbols! {
    Let = "let", In = "in", If = "if", Then = "then", Else = "else",
    True = "true", False = "false", Null = "null", Import = "import", Or = "or",
    Type = "type", Extends = "extends", Where = "where",
    LParen = "(", RParen = ")", LBracket = "[", RBracket = "]", LBrace = "{", RBrace = "}",
    Comma = ",", Dot = ".", DotDot = "..", Assign = "=", Colon = ":", Backslash = "\\",
    Arrow = "->", Question = "?", At = "@", Semicolon = ";",
    Plus = "+", Minus = "-", Star = "*", Slash = "/", Percent = "%",
    PlusPlus = "++", SlashSlash = "//", Amp = "&", AndAnd = "&&", OrOr = "||", Bang = "!",
    EqEq = "==", NotEq = "!=", Lt = "<", Le = "<=", Gt = ">", Ge = ">=", Pipe = "|>", Bar = "|",
}

impl Sym {
    /// Keywords may still be used as field names after `.` and as record keys.
    pub fn is_keyword(self) -> bool {
        self.text().bytes().all(|b| b.is_ascii_alphabetic())
    }
}

impl fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Ident(name) => write!(f, "name `{name}`"),
            Token::Int(n) => write!(f, "number `{n}`"),
            Token::Float(x) => write!(f, "number `{x}`"),
            Token::Quote => f.write_str("`\"`"),
            Token::IndQuote => f.write_str("`''`"),
            Token::StrText(_) => f.write_str("string text"),
            Token::InterpOpen => f.write_str("`${`"),
            Token::InterpClose => f.write_str("`}`"),
            Token::Sym(sym) if sym.is_keyword() => write!(f, "keyword `{}`", sym.text()),
            Token::Sym(sym) => write!(f, "`{}`", sym.text()),
            Token::Error => f.write_str("invalid token"),
        }
    }
}

/// A comment, kept for the formatter and for hover documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Where the comment is, `#` included.
    pub span: Span,
}

/// A problem found while tokenising.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LexError {
    /// A character that starts no token.
    UnexpectedChar {
        /// Where it is.
        span: Span,
        /// The character.
        ch: char,
    },
    /// A string literal reaches the end of the file.
    UnterminatedString {
        /// The opening delimiter.
        open: Span,
    },
    /// An interpolation `${` reaches the end of the file.
    UnterminatedInterpolation {
        /// The `${`.
        open: Span,
    },
    /// A backslash escape that means nothing.
    InvalidEscape {
        /// The escape sequence.
        span: Span,
    },
    /// An integer literal outside the 64-bit range.
    IntegerTooLarge {
        /// The literal.
        span: Span,
    },
    /// Brackets nested deeper than [`MAX_NESTING`].
    TooDeep {
        /// The opening bracket that went past the limit.
        span: Span,
    },
}

/// The output of [`lex`].
#[derive(Clone, Debug, Default)]
pub struct Lexed<'s> {
    /// Tokens with their spans.
    pub tokens: Vec<(Token<'s>, Span)>,
    /// Comments, in source order.
    pub comments: Vec<Comment>,
    /// Problems, in source order.
    pub errors: Vec<LexError>,
}

#[derive(Logos, Clone, Copy, Debug, PartialEq)]
#[logos(skip r"[ \t\r\n\f]+")]
enum Raw {
    #[regex(r"#[^\n]*", allow_greedy = true)]
    Comment,
    #[regex(r"[A-Za-z_][A-Za-z0-9_']*")]
    Word,
    #[regex(r"[0-9][0-9_]*")]
    Int,
    #[regex(r"[0-9][0-9_]*\.[0-9][0-9_]*([eE][+-]?[0-9]+)?")]
    #[regex(r"[0-9][0-9_]*[eE][+-]?[0-9]+")]
    Float,
    #[token("\"")]
    Quote,
    #[token("''")]
    IndQuote,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(".")]
    Dot,
    #[token("..")]
    DotDot,
    #[token("=")]
    Assign,
    #[token(":")]
    Colon,
    #[token("\\")]
    Backslash,
    #[token("->")]
    Arrow,
    #[token("?")]
    Question,
    #[token("@")]
    At,
    #[token(";")]
    Semicolon,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("++")]
    PlusPlus,
    #[token("//")]
    SlashSlash,
    #[token("&")]
    Amp,
    #[token("&&")]
    AndAnd,
    #[token("||")]
    OrOr,
    #[token("!")]
    Bang,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("|>")]
    Pipe,
    #[token("|")]
    Bar,
}

fn raw_symbol(raw: Raw) -> Option<Sym> {
    Some(match raw {
        Raw::LParen => Sym::LParen,
        Raw::RParen => Sym::RParen,
        Raw::LBracket => Sym::LBracket,
        Raw::RBracket => Sym::RBracket,
        Raw::LBrace => Sym::LBrace,
        Raw::RBrace => Sym::RBrace,
        Raw::Comma => Sym::Comma,
        Raw::Dot => Sym::Dot,
        Raw::DotDot => Sym::DotDot,
        Raw::Assign => Sym::Assign,
        Raw::Colon => Sym::Colon,
        Raw::Backslash => Sym::Backslash,
        Raw::Arrow => Sym::Arrow,
        Raw::Question => Sym::Question,
        Raw::At => Sym::At,
        Raw::Semicolon => Sym::Semicolon,
        Raw::Plus => Sym::Plus,
        Raw::Minus => Sym::Minus,
        Raw::Star => Sym::Star,
        Raw::Slash => Sym::Slash,
        Raw::Percent => Sym::Percent,
        Raw::PlusPlus => Sym::PlusPlus,
        Raw::SlashSlash => Sym::SlashSlash,
        Raw::Amp => Sym::Amp,
        Raw::AndAnd => Sym::AndAnd,
        Raw::OrOr => Sym::OrOr,
        Raw::Bang => Sym::Bang,
        Raw::EqEq => Sym::EqEq,
        Raw::NotEq => Sym::NotEq,
        Raw::Lt => Sym::Lt,
        Raw::Le => Sym::Le,
        Raw::Gt => Sym::Gt,
        Raw::Ge => Sym::Ge,
        Raw::Pipe => Sym::Pipe,
        Raw::Bar => Sym::Bar,
        Raw::Comment | Raw::Word | Raw::Int | Raw::Float | Raw::Quote | Raw::IndQuote => {
            return None
        }
    })
}

/// Whether `text` can be written as a name: a word that is no keyword.
pub fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '\'')
        && keyword(text).is_none()
}

/// The keyword `word` is, if it is one.
pub fn keyword(word: &str) -> Option<Sym> {
    Some(match word {
        "let" => Sym::Let,
        "in" => Sym::In,
        "if" => Sym::If,
        "then" => Sym::Then,
        "else" => Sym::Else,
        "true" => Sym::True,
        "false" => Sym::False,
        "null" => Sym::Null,
        "import" => Sym::Import,
        "or" => Sym::Or,
        "type" => Sym::Type,
        "extends" => Sym::Extends,
        "where" => Sym::Where,
        _ => return None,
    })
}

/// What the scanner is inside of.
enum Mode {
    /// Code; `interp` is the `${` that opened it, if any, and `braces` counts
    /// the `{` still open inside it, so that only the matching `}` ends it.
    Code { interp: Option<Span>, braces: usize },
    /// A string literal opened at `open`.
    Str { indented: bool, open: Span },
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    out: Lexed<'s>,
    modes: Vec<Mode>,
    depth: usize,
    too_deep: bool,
}

/// `src` as its tokens, one space where white space or comments stood
/// between two of them: the same text however it is laid out (a
/// refinement's text, compared across files, must not change when only
/// the layout does).
pub fn compact(src: &str) -> String {
    let lexed = lex(src);
    let mut out = String::with_capacity(src.len());
    let mut end = None;
    for (_, span) in &lexed.tokens {
        if let Some(end) = end {
            if span.start() > end {
                out.push(' ');
            }
        }
        out.push_str(src.get(span.range()).unwrap_or(""));
        end = Some(span.end());
    }
    out
}

/// Tokenises `src`. Never fails; see [`Lexed::errors`].
pub fn lex(src: &str) -> Lexed<'_> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        out: Lexed::default(),
        modes: vec![Mode::Code {
            interp: None,
            braces: 0,
        }],
        depth: 0,
        too_deep: false,
    };
    lexer.run();
    lexer.out
}

fn span(start: usize, end: usize) -> Span {
    Span::new(start, end)
}

impl<'s> Lexer<'s> {
    fn run(&mut self) {
        while let Some(mode) = self.modes.last() {
            let done = match *mode {
                Mode::Code { .. } => self.code(),
                Mode::Str { indented, open } => self.string(indented, open),
            };
            if done || self.too_deep {
                break;
            }
        }
        if self.too_deep {
            // Past the limit the token stream is not worth parsing: every
            // later pass would only repeat the same complaint.
            self.out.tokens.clear();
        }
    }

    fn open(&mut self, at: Span) {
        self.depth += 1;
        if self.depth > MAX_NESTING && !self.too_deep {
            self.too_deep = true;
            self.out.errors.push(LexError::TooDeep { span: at });
        }
    }

    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn push(&mut self, token: Token<'s>, at: Span) {
        self.out.tokens.push((token, at));
    }

    /// Lexes code until a string starts, an interpolation ends, or the input
    /// ends (returns true then).
    fn code(&mut self) -> bool {
        let start = self.pos;
        let mut raw = Raw::lexer(&self.src[start..]);
        while let Some(next) = raw.next() {
            let range = raw.span();
            let at = span(start + range.start, start + range.end);
            let text = raw.slice();
            self.pos = at.end();
            let kind = match next {
                Ok(kind) => kind,
                Err(()) => {
                    let ch = text.chars().next().unwrap_or('\u{fffd}');
                    self.out
                        .errors
                        .push(LexError::UnexpectedChar { span: at, ch });
                    self.push(Token::Error, at);
                    continue;
                }
            };
            match kind {
                Raw::Comment => self.out.comments.push(Comment { span: at }),
                Raw::Word => match keyword(text) {
                    Some(sym) => self.push(Token::Sym(sym), at),
                    None => self.push(Token::Ident(text), at),
                },
                Raw::Int => match text.replace('_', "").parse::<i64>() {
                    Ok(n) => self.push(Token::Int(n), at),
                    Err(_) => {
                        self.out.errors.push(LexError::IntegerTooLarge { span: at });
                        self.push(Token::Error, at);
                    }
                },
                Raw::Float => match text.replace('_', "").parse::<f64>() {
                    Ok(x) if x.is_finite() => self.push(Token::Float(x), at),
                    _ => {
                        self.out.errors.push(LexError::IntegerTooLarge { span: at });
                        self.push(Token::Error, at);
                    }
                },
                Raw::Quote | Raw::IndQuote => {
                    let indented = kind == Raw::IndQuote;
                    self.push(
                        if indented {
                            Token::IndQuote
                        } else {
                            Token::Quote
                        },
                        at,
                    );
                    self.open(at);
                    self.modes.push(Mode::Str { indented, open: at });
                    return false;
                }
                Raw::LBrace => {
                    if let Some(Mode::Code { braces, .. }) = self.modes.last_mut() {
                        *braces += 1;
                    }
                    self.open(at);
                    self.push(Token::Sym(Sym::LBrace), at);
                }
                Raw::RBrace => {
                    self.close();
                    match self.modes.last_mut() {
                        Some(Mode::Code {
                            interp: Some(_),
                            braces: 0,
                        }) => {
                            self.push(Token::InterpClose, at);
                            self.modes.pop();
                            return false;
                        }
                        Some(Mode::Code { braces, .. }) => {
                            *braces = braces.saturating_sub(1);
                            self.push(Token::Sym(Sym::RBrace), at);
                        }
                        _ => self.push(Token::Sym(Sym::RBrace), at),
                    }
                }
                Raw::LParen | Raw::LBracket => {
                    self.open(at);
                    self.push(Token::Sym(raw_symbol(kind).unwrap_or(Sym::LParen)), at);
                }
                Raw::RParen | Raw::RBracket => {
                    self.close();
                    self.push(Token::Sym(raw_symbol(kind).unwrap_or(Sym::RParen)), at);
                }
                other => {
                    if let Some(sym) = raw_symbol(other) {
                        self.push(Token::Sym(sym), at);
                    }
                }
            }
            if self.too_deep {
                return true;
            }
        }
        self.pos = self.src.len();
        // End of input: any interpolation still open is unterminated.
        while let Some(mode) = self.modes.pop() {
            match mode {
                Mode::Code {
                    interp: Some(open), ..
                } => {
                    self.out
                        .errors
                        .push(LexError::UnterminatedInterpolation { open });
                    let end = span(self.src.len(), self.src.len());
                    self.push(Token::InterpClose, end);
                }
                Mode::Str { indented, open } => self.unterminated(indented, open),
                Mode::Code { interp: None, .. } => {}
            }
        }
        true
    }

    /// Scans string text until the closing delimiter or an interpolation.
    fn string(&mut self, indented: bool, open: Span) -> bool {
        let bytes = self.src.as_bytes();
        let text_start = self.pos;
        let mut i = self.pos;
        while i < bytes.len() {
            match bytes[i] {
                b'"' if !indented => {
                    self.text(text_start, i);
                    self.push(Token::Quote, span(i, i + 1));
                    self.end_string(i + 1);
                    return false;
                }
                b'\'' if indented && bytes.get(i + 1) == Some(&b'\'') => {
                    match bytes.get(i + 2) {
                        // `'''` is an escaped `''`, `''$` an escaped `$`.
                        Some(b'\'') | Some(b'$') => i += 3,
                        _ => {
                            self.text(text_start, i);
                            self.push(Token::IndQuote, span(i, i + 2));
                            self.end_string(i + 2);
                            return false;
                        }
                    }
                }
                b'\\' if !indented => {
                    let len = escape_len(&bytes[i..]);
                    if len == 0 {
                        let end = (i + 1 + utf8_len(bytes.get(i + 1).copied())).min(bytes.len());
                        self.out
                            .errors
                            .push(LexError::InvalidEscape { span: span(i, end) });
                        i = end;
                    } else {
                        i += len;
                    }
                }
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    self.text(text_start, i);
                    let at = span(i, i + 2);
                    self.push(Token::InterpOpen, at);
                    self.pos = i + 2;
                    self.open(at);
                    self.modes.push(Mode::Code {
                        interp: Some(at),
                        braces: 0,
                    });
                    return self.too_deep;
                }
                _ => i += 1,
            }
        }
        self.text(text_start, bytes.len());
        self.pos = bytes.len();
        self.unterminated(indented, open);
        self.modes.pop();
        self.close();
        // Anything still open around this string is unterminated too.
        self.code()
    }

    /// Reports a string that reaches the end of the file and closes it
    /// there, so the parser sees a complete string.
    fn unterminated(&mut self, indented: bool, open: Span) {
        self.out.errors.push(LexError::UnterminatedString { open });
        let end = span(self.src.len(), self.src.len());
        self.push(
            if indented {
                Token::IndQuote
            } else {
                Token::Quote
            },
            end,
        );
    }

    fn end_string(&mut self, at: usize) {
        self.pos = at;
        self.modes.pop();
        self.close();
    }

    fn text(&mut self, start: usize, end: usize) {
        if end > start {
            if let Some(text) = self.src.get(start..end) {
                self.push(Token::StrText(text), span(start, end));
            }
        }
    }
}

fn utf8_len(first: Option<u8>) -> usize {
    match first {
        None => 0,
        Some(b) if b < 0x80 => 1,
        Some(b) if b >= 0xF0 => 4,
        Some(b) if b >= 0xE0 => 3,
        Some(_) => 2,
    }
}

/// Length in bytes of the escape sequence at the start of `bytes` (which
/// starts with a backslash), or 0 if it is not a valid escape.
fn escape_len(bytes: &[u8]) -> usize {
    match bytes.get(1) {
        Some(b'n' | b't' | b'r' | b'"' | b'\\' | b'$' | b'0') => 2,
        Some(b'u') => {
            if bytes.get(2) != Some(&b'{') {
                return 0;
            }
            let digits = bytes[3..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if (1..=6).contains(&digits) && bytes.get(3 + digits) == Some(&b'}') {
                let hex = std::str::from_utf8(&bytes[3..3 + digits]).unwrap_or("");
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(_) => 4 + digits,
                    None => 0,
                }
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// Applies the escapes of an ordinary string's raw text. The lexer has
/// already reported invalid escapes; they are kept verbatim here.
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let len = escape_len(&raw.as_bytes()[i..]);
        if len == 0 {
            out.push(c);
            continue;
        }
        let seq = &raw[i..i + len];
        match seq.as_bytes()[1] {
            b'n' => out.push('\n'),
            b't' => out.push('\t'),
            b'r' => out.push('\r'),
            b'0' => out.push('\0'),
            b'u' => {
                let hex = &seq[3..seq.len() - 1];
                if let Some(ch) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            other => out.push(other as char),
        }
        for _ in 1..seq.chars().count() {
            chars.next();
        }
    }
    out
}

/// Applies the escapes of an indented string's raw text: `'''` is `''` and
/// `''$` is `$`. Backslashes are literal, which keeps regexes readable.
pub fn unescape_indented(raw: &str) -> String {
    raw.replace("'''", "''").replace("''$", "$")
}
