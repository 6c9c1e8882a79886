; Helix indentation: the contents of brackets, `let` bindings and the
; branches of `if` are indented one level; closers and `in`, `then`, `else`
; at the start of a line go back out.

[
  (record)
  (record_type)
  (list)
  (pattern)
  (parenthesized_expression)
  (parenthesized_type)
  (let_expression)
  (if_expression)
  (interpolation)
] @indent

[
  "}"
  "]"
  ")"
  "in"
  "then"
  "else"
] @outdent
