; Text objects for nvim-treesitter-textobjects.

(lambda
  body: (_) @function.inner) @function.outer

(binding
  value: (lambda
    body: (_) @function.inner)) @function.outer

(lambda
  parameter: (_) @parameter.inner @parameter.outer)

(application
  argument: (_) @parameter.inner @parameter.outer)

(application) @call.outer

(if_expression
  consequence: (_) @conditional.inner) @conditional.outer

(if_expression
  alternative: (_) @conditional.inner)

(record
  (field) @parameter.inner)

(list
  (_) @parameter.inner)

(record) @block.outer

(record_type) @class.outer

(record_type
  (field_type) @class.inner)

(type_binding) @class.outer

(binding) @assignment.outer

(binding
  name: (_) @assignment.lhs
  value: (_) @assignment.rhs @assignment.inner)

(field
  path: (_) @assignment.lhs
  value: (_) @assignment.rhs @assignment.inner) @assignment.outer

(comment) @comment.outer

[
  (integer)
  (float)
] @number.inner
