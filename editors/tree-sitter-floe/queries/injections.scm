; Comments may hold TODO/FIXME notes; the text given to `matches` is a
; regular expression.

((comment) @injection.content
  (#set! injection.language "comment"))

((application
  function: (identifier) @_function
  argument: (string
    (string_fragment) @injection.content))
  (#eq? @_function "matches")
  (#set! injection.language "regex"))
