[
  (record)
  (record_type)
  (list)
  (let_expression)
  (if_expression)
  (lambda)
  (indented_string)
] @fold
