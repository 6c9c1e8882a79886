; Indentation for Neovim (nvim-treesitter's captures): brackets, `let`
; bindings and the branches of `if` indent their contents one level.

[
  (record)
  (record_type)
  (list)
  (pattern)
  (parenthesized_expression)
  (parenthesized_type)
  (let_expression)
  (if_expression)
  (indented_string)
  (interpolation)
] @indent.begin

[
  "}"
  "]"
  ")"
] @indent.branch @indent.end

[
  "in"
  "then"
  "else"
] @indent.branch

(comment) @indent.auto

(indented_string) @indent.ignore
