; Scopes and definitions: a `let` and a lambda open a scope; bindings,
; type bindings and parameters define names in it. A reference is a name
; in the place of a value, never a record key or a field after `.`.

[
  (source_file)
  (let_expression)
  (lambda)
] @local.scope

(binding
  name: (identifier) @local.definition.var)

(type_binding
  name: (identifier) @local.definition.type)

(lambda
  parameter: (identifier) @local.definition.parameter)

(typed_parameter
  name: (identifier) @local.definition.parameter)

(pattern_field
  name: (identifier) @local.definition.parameter)

(pattern
  alias: (identifier) @local.definition.parameter)

[
  (application
    function: (identifier) @local.reference)
  (application
    argument: (identifier) @local.reference)
  (binary_expression
    left: (identifier) @local.reference)
  (binary_expression
    right: (identifier) @local.reference)
  (unary_expression
    argument: (identifier) @local.reference)
  (has_expression
    expression: (identifier) @local.reference)
  (select_expression
    expression: (identifier) @local.reference)
  (default_expression
    expression: (identifier) @local.reference)
  (default_expression
    default: (identifier) @local.reference)
  (list
    (identifier) @local.reference)
  (field
    value: (identifier) @local.reference)
  (binding
    value: (identifier) @local.reference)
  (lambda
    body: (identifier) @local.reference)
  (let_expression
    body: (identifier) @local.reference)
  (if_expression
    condition: (identifier) @local.reference)
  (if_expression
    consequence: (identifier) @local.reference)
  (if_expression
    alternative: (identifier) @local.reference)
  (parenthesized_expression
    expression: (identifier) @local.reference)
  (interpolation
    expression: (identifier) @local.reference)
  (annotated_expression
    expression: (identifier) @local.reference)
  (refined_type
    predicate: (identifier) @local.reference)
  (pattern_field
    default: (identifier) @local.reference)
  (field_type
    default: (identifier) @local.reference)
  (type_name
    name: (identifier) @local.reference)
  (type_name
    module: (identifier) @local.reference)
]
