/**
 * @file Floe: a typed configuration language for data platforms.
 * @license Apache-2.0
 *
 * The tree follows docs/spec.md, chapters 1, 2 and 10. Binary operators
 * share one node kind with an `operator` field; types have node kinds of
 * their own so editors can colour a type apart from a value.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// Tighter binds higher; the order is the spec's precedence table.
const PREC = {
  pipe: 1,
  or: 2,
  and: 3,
  compare: 4,
  merge: 5,
  concat: 6,
  sum: 7,
  product: 8,
  unary: 9,
  has: 10,
  application: 11,
  default: 12,
  select: 13,
};

const KEYWORDS = [
  'let', 'in', 'if', 'then', 'else', 'true', 'false', 'null', 'import', 'or',
  'type', 'extends', 'where',
];

// Words that are keywords only before a field name in a record type.
const MODES = ['final', 'stronger', 'subset', 'append', 'required', 'lower', 'over'];

/**
 * @param {RuleOrLiteral} rule
 * @returns {SeqRule}
 */
function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

module.exports = grammar({
  name: 'floe',

  extras: $ => [/\s/, $.comment],

  externals: $ => [
    $._string_fragment,
    $._indented_string_fragment,
    // Never valid in the grammar: tells the scanner that the parser is
    // recovering from an error.
    $._error_sentinel,
  ],

  word: $ => $.identifier,

  rules: {
    source_file: $ => optional($._expression),

    _expression: $ => choice($.annotated_expression, $._expression_body),

    annotated_expression: $ => prec.right(1, seq(
      field('expression', $._expression_body),
      ':',
      field('type', $._type),
    )),

    _expression_body: $ => choice(
      $.lambda,
      $.let_expression,
      $.if_expression,
      $._operation,
    ),

    lambda: $ => prec.right(seq(
      '\\',
      repeat1(field('parameter', $._parameter)),
      '->',
      field('body', $._expression),
    )),

    _parameter: $ => choice($.identifier, $.typed_parameter, $.pattern),

    typed_parameter: $ => seq(
      '(',
      field('name', $.identifier),
      ':',
      field('type', $._type),
      ')',
    ),

    pattern: $ => seq(
      '{',
      optional(choice(
        seq(
          commaSep1($.pattern_field),
          optional(seq(',', $.ellipsis)),
          optional(','),
        ),
        $.ellipsis,
      )),
      '}',
      optional(seq('@', field('alias', $.identifier))),
    ),

    pattern_field: $ => seq(
      field('name', $.identifier),
      optional(seq(':', field('type', $._type))),
      optional(seq('=', field('default', $._expression))),
    ),

    ellipsis: _ => '..',

    let_expression: $ => prec.right(seq(
      'let',
      commaSep1(choice($.binding, $.type_binding)),
      optional(','),
      'in',
      field('body', $._expression),
    )),

    binding: $ => seq(
      field('name', $.identifier),
      optional(seq(':', field('type', $._type))),
      '=',
      field('value', $._expression),
    ),

    type_binding: $ => seq(
      'type',
      field('name', $.identifier),
      '=',
      field('type', $._type),
    ),

    if_expression: $ => prec.right(seq(
      'if',
      field('condition', $._expression),
      'then',
      field('consequence', $._expression),
      'else',
      field('alternative', $._expression),
    )),

    _operation: $ => choice(alias($._comparison, $.binary_expression), $._comparand),

    binary_expression: $ => {
      /** @type {[string, number][]} */
      const table = [
        ['|>', PREC.pipe],
        ['||', PREC.or],
        ['&&', PREC.and],
        ['//', PREC.merge],
        ['&', PREC.merge],
        ['extends', PREC.merge],
        ['++', PREC.concat],
        ['+', PREC.sum],
        ['-', PREC.sum],
        ['*', PREC.product],
        ['/', PREC.product],
        ['%', PREC.product],
      ];
      return choice(...table.map(([operator, precedence]) => prec.left(precedence, seq(
        field('left', $._operation),
        field('operator', operator),
        field('right', $._operation),
      ))));
    },

    // Comparisons do not chain: `1 < 2 < 3` is an error, so a comparison is
    // no operand of another.
    _comparison: $ => choice(...['==', '!=', '<', '<=', '>', '>='].map(operator =>
      prec.left(PREC.compare, seq(
        field('left', $._comparand),
        field('operator', operator),
        field('right', $._comparand),
      )))),

    _comparand: $ => choice(
      $.binary_expression,
      $.unary_expression,
      $.has_expression,
      $._applicative,
    ),

    unary_expression: $ => prec(PREC.unary, seq(
      field('operator', choice('-', '!')),
      field('argument', $._comparand),
    )),

    has_expression: $ => prec(PREC.has, seq(
      field('expression', $._comparand),
      '?',
      field('path', $.keypath),
    )),

    _applicative: $ => choice($.application, $._postfix),

    application: $ => prec.left(PREC.application, seq(
      field('function', $._applicative),
      field('argument', $._postfix),
    )),

    _postfix: $ => choice($.default_expression, $._selection),

    // Floe allows `or` after a field access only (E0108); any operand is
    // accepted here so that `or` reads as the keyword while it is typed.
    default_expression: $ => prec(PREC.default, seq(
      field('expression', $._selection),
      'or',
      field('default', $._selection),
    )),

    _selection: $ => choice($.select_expression, $._primary),

    select_expression: $ => prec.left(PREC.select, seq(
      field('expression', $._selection),
      '.',
      field('key', $._key),
    )),

    _primary: $ => choice(
      $.integer,
      $.float,
      $.boolean,
      $.null,
      $.identifier,
      $.string,
      $.indented_string,
      $.list,
      $.record,
      $.import_expression,
      $.parenthesized_expression,
    ),

    parenthesized_expression: $ => seq('(', field('expression', $._expression), ')'),

    import_expression: $ => seq('import', field('path', choice($.string, $.indented_string))),

    list: $ => seq('[', optional(seq(commaSep1($._expression), optional(','))), ']'),

    record: $ => seq('{', optional(seq(commaSep1($.field), optional(','))), '}'),

    field: $ => seq(
      field('path', $.keypath),
      optional(seq('=', field('value', $._expression))),
    ),

    keypath: $ => seq($._key, repeat(seq('.', $._key))),

    // Any keyword is a record key and a field name after `.`.
    _key: $ => choice(
      $.identifier,
      alias($._key_string, $.string),
      ...[...KEYWORDS, ...MODES].map(word => alias(word, $.identifier)),
    ),

    // Types (chapter 10).

    _type: $ => choice(
      $.enum_type,
      $._type_union,
      $.function_type,
      $.refined_type,
    ),

    refined_type: $ => prec.right(seq(
      field('type', choice($.enum_type, $._type_union, $.function_type)),
      'where',
      field('predicate', $._expression),
    )),

    function_type: $ => prec.right(seq(
      field('parameter', $._type_union),
      '->',
      field('result', choice($.enum_type, $._type_union, $.function_type)),
    )),

    enum_type: $ => seq($.string, repeat1(seq('<', $.string))),

    _type_union: $ => choice($.union_type, $._type_applied),

    union_type: $ => prec.left(seq($._type_union, '|', $._type_applied)),

    _type_applied: $ => choice($.type_application, $._type_optional),

    type_application: $ => seq(
      field('constructor', $.type_name),
      repeat1(field('argument', $._type_optional)),
    ),

    _type_optional: $ => choice($.optional_type, $._type_atom),

    optional_type: $ => seq($._type_optional, '?'),

    _type_atom: $ => choice(
      $.type_name,
      $.string,
      $.parenthesized_type,
      $.record_type,
    ),

    type_name: $ => seq(
      repeat(seq(field('module', $.identifier), '.')),
      field('name', $.identifier),
    ),

    parenthesized_type: $ => seq('(', $._type, ')'),

    record_type: $ => seq(
      '{',
      optional(choice(
        seq(
          commaSep1($.field_type),
          optional(seq(',', $.ellipsis)),
          optional(','),
        ),
        seq($.ellipsis, optional(',')),
      )),
      '}',
    ),

    field_type: $ => seq(
      optional(field('mode', $.field_mode)),
      field('name', $._key),
      ':',
      field('type', $._type),
      optional(seq('over', field('over', $.field_path))),
      optional(seq('=', field('default', $._expression))),
    ),

    // The field a layer is laid over: `over base`, `over spec.base`.
    field_path: $ => seq($.identifier, repeat(seq('.', $.identifier))),

    field_mode: _ => choice(
      'final',
      seq('stronger', optional(seq('(', 'lower', ')'))),
      'subset',
      'append',
      'required',
    ),

    // Tokens (chapter 1).

    identifier: _ => /[A-Za-z_][A-Za-z0-9_']*/,

    integer: _ => /[0-9][0-9_]*/,

    float: _ => token(choice(
      /[0-9][0-9_]*\.[0-9][0-9_]*([eE][+-]?[0-9]+)?/,
      /[0-9][0-9_]*[eE][+-]?[0-9]+/,
    )),

    boolean: _ => choice('true', 'false'),

    null: _ => 'null',

    comment: _ => token(seq('#', /[^\n]*/)),

    string: $ => seq(
      '"',
      repeat(choice(
        alias($._string_fragment, $.string_fragment),
        $.escape_sequence,
        $.interpolation,
      )),
      '"',
    ),

    // A string key has no interpolation.
    _key_string: $ => seq(
      '"',
      repeat(choice(alias($._string_fragment, $.string_fragment), $.escape_sequence)),
      '"',
    ),

    escape_sequence: _ => token.immediate(seq(
      '\\',
      choice(/[ntr0"\\$]/, /u\{[0-9A-Fa-f]{1,6}\}/),
    )),

    indented_string: $ => seq(
      '\'\'',
      repeat(choice(
        alias($._indented_string_fragment, $.string_fragment),
        alias(token.immediate(choice('\'\'\'', '\'\'$')), $.escape_sequence),
        $.interpolation,
      )),
      '\'\'',
    ),

    interpolation: $ => seq('${', field('expression', $._expression), '}'),
  },
});
