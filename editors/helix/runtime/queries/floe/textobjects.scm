; Helix text objects: `maf`/`mif` a function, `mia` a parameter or
; argument, `mae` a record field or list item, `mat` a type, `mac` a comment.

(lambda
  body: (_) @function.inside) @function.around

(lambda
  parameter: (_) @parameter.inside)

(application
  argument: (_) @parameter.inside)

(record
  (field) @entry.around)

(field
  value: (_) @entry.inside)

(list
  (_) @entry.around)

(binding
  value: (_) @entry.inside) @entry.around

(type_binding
  type: (_) @class.inside) @class.around

(record_type
  (field_type) @entry.around)

(comment) @comment.inside

(comment)+ @comment.around
