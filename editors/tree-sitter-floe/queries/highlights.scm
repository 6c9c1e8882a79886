; Floe highlights. No two patterns capture the same node, so the result
; does not depend on which of them an editor lets win (tree-sitter's own
; highlighter keeps the first, Neovim and Helix the last).

(comment) @comment

; Keywords

[
  "let"
  "in"
] @keyword

[
  "if"
  "then"
  "else"
] @keyword.conditional

"import" @keyword.import

"type" @keyword.type

[
  "or"
  "extends"
  "where"
  "over"
] @keyword.operator

"\\" @keyword.function

(field_mode) @keyword.modifier

; Literals

(integer) @number

(float) @number.float

(boolean) @boolean

(null) @constant.builtin

[
  (string)
  (indented_string)
] @string

(escape_sequence) @string.escape

(import_expression
  path: (_
    (string_fragment) @string.special.path))

; Names

(binding
  name: (identifier) @function
  value: (lambda))

(type_binding
  name: (identifier) @type.definition)

(lambda
  parameter: (identifier) @variable.parameter)

(typed_parameter
  name: (identifier) @variable.parameter)

(pattern_field
  name: (identifier) @variable.parameter)

(pattern
  alias: (identifier) @variable.parameter)

; Calls: by application, after `|>`, and a refinement's predicate.
([
  (application
    function: (identifier) @function.builtin)
  (binary_expression
    operator: "|>"
    right: (identifier) @function.builtin)
  (refined_type
    predicate: (identifier) @function.builtin)
]
  (#any-of? @function.builtin
  "map" "filter" "fold" "concat_map" "flatten" "length" "elem" "any"
  "all" "sort" "sort_by" "unique" "reverse" "range" "head" "tail" "at"
  "sum" "keys" "values" "has" "get" "remove" "map_values" "to_entries"
  "from_entries" "drop_nulls" "join" "split" "replace" "to_upper"
  "to_lower" "trim" "starts_with" "ends_with" "contains" "to_string"
  "to_int" "to_float" "abs" "min" "max" "to_json" "from_json" "to_yaml"
  "type_of" "fail" "between" "at_least" "at_most" "matches"
  "texts_matching" "length_between" "non_empty"))

([
  (application
    function: (identifier) @function.call)
  (binary_expression
    operator: "|>"
    right: (identifier) @function.call)
]
  (#not-any-of? @function.call
  "map" "filter" "fold" "concat_map" "flatten" "length" "elem" "any"
  "all" "sort" "sort_by" "unique" "reverse" "range" "head" "tail" "at"
  "sum" "keys" "values" "has" "get" "remove" "map_values" "to_entries"
  "from_entries" "drop_nulls" "join" "split" "replace" "to_upper"
  "to_lower" "trim" "starts_with" "ends_with" "contains" "to_string"
  "to_int" "to_float" "abs" "min" "max" "to_json" "from_json" "to_yaml"
  "type_of" "fail" "between" "at_least" "at_most" "matches"
  "texts_matching" "length_between" "non_empty"))

(select_expression
  key: (identifier) @variable.member)

(keypath
  (identifier) @property)

(field_type
  name: (identifier) @property)

(field_path
  (identifier) @property)

; Types

((type_name
  name: (identifier) @type.builtin)
  (#any-of? @type.builtin "Bool" "Int" "Float" "Text" "Null" "Dynamic" "List" "Map" "Layer"))

((type_name
  name: (identifier) @type)
  (#not-any-of? @type "Bool" "Int" "Float" "Text" "Null" "Dynamic" "List" "Map" "Layer"))

(type_name
  module: (identifier) @module)

; Operators and punctuation

[
  "|>"
  "||"
  "&&"
  "=="
  "!="
  "<"
  "<="
  ">"
  ">="
  "//"
  "&"
  "++"
  "+"
  "-"
  "*"
  "/"
  "%"
  "!"
  "?"
  "->"
  "="
  ":"
  "|"
  "@"
] @operator

[
  ","
  "."
] @punctuation.delimiter

(ellipsis) @punctuation.special

[
  "("
  ")"
  "["
  "]"
] @punctuation.bracket

(record
  [
    "{"
    "}"
  ] @punctuation.bracket)

(record_type
  [
    "{"
    "}"
  ] @punctuation.bracket)

(pattern
  [
    "{"
    "}"
  ] @punctuation.bracket)

(interpolation
  [
    "${"
    "}"
  ] @punctuation.special)
