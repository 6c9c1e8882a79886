//! The table of builtin functions: name, arity, signature and
//! documentation. It sits below name resolution and the type checker, which
//! both need it; the evaluator implements each entry (`eval/builtins.rs`).

macro_rules! builtins {
    ($($variant:ident = $name:literal, $arity:literal, $sig:literal, $doc:literal;)*) => {
        /// A builtin function.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Builtin { $(#[doc = $doc] $variant,)* }

        impl Builtin {
            /// Every builtin.
            pub const ALL: &'static [Builtin] = &[$(Builtin::$variant,)*];

            /// Its name in programs.
            pub fn name(self) -> &'static str {
                match self { $(Builtin::$variant => $name,)* }
            }

            /// How many arguments it takes.
            pub fn arity(self) -> usize {
                match self { $(Builtin::$variant => $arity,)* }
            }

            /// Its type, as documentation writes it: `a`, `b` stand for
            /// any type, `{ .. }` for any record, `Dynamic` for a value of
            /// several kinds (the documentation says which).
            pub fn signature(self) -> &'static str {
                match self { $(Builtin::$variant => $sig,)* }
            }

            /// One line of documentation.
            pub fn doc(self) -> &'static str {
                match self { $(Builtin::$variant => $doc,)* }
            }

            /// The builtin called `name`.
            pub fn by_name(name: &str) -> Option<Builtin> {
                match name { $($name => Some(Builtin::$variant),)* _ => None }
            }
        }
    };
}

builtins! {
    Map = "map", 2, "(a -> b) -> List a -> List b", "`map f xs`: the list of `f x` for each item (lazily).";
    Filter = "filter", 2, "(a -> Bool) -> List a -> List a", "`filter pred xs`: the items for which `pred` is true.";
    Fold = "fold", 3, "(b -> a -> b) -> b -> List a -> b", "`fold f init xs`: `f (… (f (f init x1) x2) …) xn`, from the left.";
    ConcatMap = "concat_map", 2, "(a -> List b) -> List a -> List b", "`concat_map f xs`: `map f xs` with the resulting lists joined.";
    Flatten = "flatten", 1, "List (List a) -> List a", "`flatten xss`: a list of lists joined into one list.";
    Length = "length", 1, "Dynamic -> Int", "`length x`: items of a list, characters of text, or fields of a record.";
    Elem = "elem", 2, "a -> List a -> Bool", "`elem x xs`: whether `xs` contains a value equal to `x`.";
    Any = "any", 2, "(a -> Bool) -> List a -> Bool", "`any pred xs`: whether `pred` holds for some item.";
    All = "all", 2, "(a -> Bool) -> List a -> Bool", "`all pred xs`: whether `pred` holds for every item.";
    Sort = "sort", 1, "List a -> List a", "`sort xs`: numbers or text in ascending order (stable).";
    SortBy = "sort_by", 2, "(a -> b) -> List a -> List a", "`sort_by key xs`: items ordered by `key item` (numbers or text; stable).";
    Unique = "unique", 1, "List a -> List a", "`unique xs`: the items without repeats, first occurrence kept.";
    Reverse = "reverse", 1, "List a -> List a", "`reverse xs`: the items in reverse order.";
    Range = "range", 2, "Int -> Int -> List Int", "`range from to`: the integers `from`, `from + 1`, …, `to - 1`.";
    Head = "head", 1, "List a -> a", "`head xs`: the first item; an error on an empty list.";
    Tail = "tail", 1, "List a -> List a", "`tail xs`: all items but the first; an error on an empty list.";
    At = "at", 2, "Int -> List a -> a", "`at i xs`: the item at index `i`, counting from 0.";
    Sum = "sum", 1, "List a -> a", "`sum xs`: the sum of a list of numbers.";
    Keys = "keys", 1, "{ .. } -> List Text", "`keys r`: the field names of a record, in order.";
    Values = "values", 1, "{ .. } -> List Dynamic", "`values r`: the field values of a record, in order.";
    Has = "has", 2, "Text -> { .. } -> Bool", "`has name r`: whether record `r` has the field `name`.";
    Get = "get", 2, "Text -> { .. } -> Dynamic", "`get name r`: the field `name` of `r` (the name may be computed).";
    Remove = "remove", 2, "List Text -> { .. } -> { .. }", "`remove names r`: `r` without the listed fields.";
    MapValues = "map_values", 2, "(a -> b) -> Map Text a -> Map Text b", "`map_values f r`: `r` with each field value `v` replaced by `f v`.";
    ToEntries = "to_entries", 1, "{ .. } -> List { .. }", "`to_entries r`: `[{ name, value }]` for each field.";
    FromEntries = "from_entries", 1, "List { .. } -> { .. }", "`from_entries xs`: a record from `[{ name, value }]`; later names win.";
    DropNulls = "drop_nulls", 1, "a -> a", "`drop_nulls x`: `x` without the record fields whose value is null, at every depth (through lists too); a record checked against a schema keeps it, and where each field was set.";
    Join = "join", 2, "Text -> List Text -> Text", "`join sep xs`: the texts in `xs` separated by `sep`.";
    Split = "split", 2, "Text -> Text -> List Text", "`split sep s`: the pieces of `s` between occurrences of `sep`.";
    Replace = "replace", 3, "Text -> Text -> Text -> Text", "`replace from to s`: `s` with every `from` replaced by `to`.";
    ToUpper = "to_upper", 1, "Text -> Text", "`to_upper s`: `s` in upper case.";
    ToLower = "to_lower", 1, "Text -> Text", "`to_lower s`: `s` in lower case.";
    Trim = "trim", 1, "Text -> Text", "`trim s`: `s` without leading and trailing white space.";
    StartsWith = "starts_with", 2, "Text -> Text -> Bool", "`starts_with prefix s`: whether `s` starts with `prefix`.";
    EndsWith = "ends_with", 2, "Text -> Text -> Bool", "`ends_with suffix s`: whether `s` ends with `suffix`.";
    Contains = "contains", 2, "Text -> Text -> Bool", "`contains part s`: whether `part` occurs in `s`.";
    ToString = "to_string", 1, "Dynamic -> Text", "`to_string x`: text for text, numbers, booleans and null.";
    ToInt = "to_int", 1, "Dynamic -> Int", "`to_int x`: an integer from a float (truncated) or from text.";
    ToFloat = "to_float", 1, "Dynamic -> Float", "`to_float x`: a float from an integer or from text.";
    Abs = "abs", 1, "a -> a", "`abs x`: the absolute value of a number.";
    Min = "min", 2, "a -> a -> a", "`min a b`: the smaller of two numbers or texts.";
    Max = "max", 2, "a -> a -> a", "`max a b`: the larger of two numbers or texts.";
    ToJson = "to_json", 1, "Dynamic -> Text", "`to_json x`: `x` as compact JSON text, keys in order.";
    FromJson = "from_json", 1, "Text -> Dynamic", "`from_json s`: the value of the JSON text `s`.";
    ToYaml = "to_yaml", 1, "Dynamic -> Text", "`to_yaml x`: `x` as YAML text.";
    TypeOf = "type_of", 1, "Dynamic -> Text", "`type_of x`: `\"null\"`, `\"bool\"`, `\"int\"`, `\"float\"`, `\"text\"`, `\"list\"`, `\"record\"` or `\"function\"`.";
    Fail = "fail", 1, "Text -> a", "`fail message`: stops evaluation with `message` as an error.";
    Between = "between", 3, "a -> a -> a -> Bool", "`between lo hi x`: whether `lo <= x <= hi`; a refinement: `Int where between 1 100`.";
    AtLeast = "at_least", 2, "a -> a -> Bool", "`at_least lo x`: whether `x >= lo`.";
    AtMost = "at_most", 2, "a -> a -> Bool", "`at_most hi x`: whether `x <= hi`.";
    Matches = "matches", 2, "Text -> Text -> Bool", "`matches pattern s`: whether the regular expression `pattern` matches all of `s`.";
    TextsMatching = "texts_matching", 2, "Text -> Dynamic -> List (List Dynamic)", "`texts_matching pattern x`: the paths (field names and list positions) of the texts in `x`, at any depth, that `pattern` matches all of.";
    LengthBetween = "length_between", 3, "Int -> Int -> Dynamic -> Bool", "`length_between lo hi x`: whether the length of text, a list or a record is within `lo..=hi`.";
    NonEmpty = "non_empty", 1, "Dynamic -> Bool", "`non_empty x`: whether text, a list or a record has at least one element.";
}
