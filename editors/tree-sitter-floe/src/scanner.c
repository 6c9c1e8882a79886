// The text between a string's delimiters, escapes and interpolations:
// what a regular expression cannot say without look-ahead (a `$` is text
// unless `{` follows it, a `'` unless another `'` does).
#include "tree_sitter/parser.h"

enum TokenType { STRING_FRAGMENT, INDENTED_STRING_FRAGMENT, ERROR_SENTINEL };

void *tree_sitter_floe_external_scanner_create(void) { return NULL; }
void tree_sitter_floe_external_scanner_destroy(void *payload) { (void)payload; }
unsigned tree_sitter_floe_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}
void tree_sitter_floe_external_scanner_deserialize(void *payload, const char *buffer,
                                                   unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

// Consumes text up to (not including) the closing delimiter, an escape or
// `${`; true when at least one character was consumed.
static bool scan_fragment(TSLexer *lexer, bool indented) {
  bool consumed = false;
  for (;;) {
    lexer->mark_end(lexer);
    if (lexer->eof(lexer)) return consumed;
    int32_t c = lexer->lookahead;
    if (!indented && (c == '"' || c == '\\')) return consumed;
    if (c == '$' || (indented && c == '\'')) {
      lexer->advance(lexer, false);
      int32_t next = lexer->lookahead;
      if ((c == '$' && next == '{') || (c == '\'' && next == '\'')) return consumed;
      consumed = true;
      continue;
    }
    lexer->advance(lexer, false);
    consumed = true;
  }
}

bool tree_sitter_floe_external_scanner_scan(void *payload, TSLexer *lexer,
                                            const bool *valid_symbols) {
  (void)payload;
  if (valid_symbols[ERROR_SENTINEL]) return false;
  if (valid_symbols[STRING_FRAGMENT]) {
    lexer->result_symbol = STRING_FRAGMENT;
    return scan_fragment(lexer, false);
  }
  if (valid_symbols[INDENTED_STRING_FRAGMENT]) {
    lexer->result_symbol = INDENTED_STRING_FRAGMENT;
    return scan_fragment(lexer, true);
  }
  return false;
}
