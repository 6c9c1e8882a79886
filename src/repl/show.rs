//! Values as the REPL prints them: Floe syntax, one line when it fits in
//! the width, else one element per line as `floe fmt` lays records and
//! lists out; functions and types as what they are; long lists and records
//! cut after a number of elements, with a count of the rest.

use std::collections::HashMap;

use floe_lang::eval::output::{path_text, Opaque, Shown, Step};
use floe_lang::literal::{float, int, key, quote};
use floe_lang::Data;

/// How a value is printed.
pub struct Layout {
    /// The line width.
    pub width: usize,
    /// Elements of a list or record shown before the rest is counted;
    /// `None` shows all.
    pub items: Option<usize>,
}

/// `shown` as Floe text, and whether anything was left out.
pub fn floe_text(shown: &Shown, layout: &Layout) -> (String, bool) {
    let opaque: HashMap<String, &Opaque> = shown
        .opaque
        .iter()
        .map(|(path, o)| (path_text(path), o))
        .collect();
    let mut printer = Printer {
        opaque,
        layout,
        cut: false,
        path: Vec::new(),
    };
    let text = printer.value(&shown.data, 0);
    (text, printer.cut)
}

struct Printer<'a> {
    opaque: HashMap<String, &'a Opaque>,
    layout: &'a Layout,
    cut: bool,
    path: Vec<Step>,
}

impl Printer<'_> {
    fn value(&mut self, data: &Data, indent: usize) -> String {
        match data {
            Data::Null => match self.opaque.get(&path_text(&self.path)) {
                Some(o) => describe(o),
                None => "null".to_string(),
            },
            Data::Bool(b) => b.to_string(),
            Data::Int(n) => int(*n),
            Data::Float(x) => float(*x),
            Data::Text(t) => quote(t),
            Data::List(items) => {
                let parts = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (Step::Index(i), None, item));
                self.group(parts, items.len(), ('[', ']'), indent)
            }
            Data::Record(fields) => {
                let parts = fields
                    .iter()
                    .map(|(k, v)| (Step::Field(k.clone()), Some(key(k)), v));
                self.group(parts, fields.len(), ('{', '}'), indent)
            }
        }
    }

    /// A list or record: flat when it fits and is whole, else a line per
    /// element, cut after the layout's number of elements.
    fn group<'d>(
        &mut self,
        parts: impl Iterator<Item = (Step, Option<String>, &'d Data)>,
        len: usize,
        (open, close): (char, char),
        indent: usize,
    ) -> String {
        if len == 0 {
            return format!("{open}{close}");
        }
        let shown = self.layout.items.map_or(len, |n| n.min(len));
        let inner = indent + 2;
        let mut elements = Vec::with_capacity(shown);
        for (step, key, data) in parts.take(shown) {
            self.path.push(step);
            let value = self.value(data, inner);
            self.path.pop();
            elements.push(match key {
                Some(k) => format!("{k} = {value}"),
                None => value,
            });
        }
        let flat = if open == '{' {
            format!("{{ {} }}", elements.join(", "))
        } else {
            format!("[{}]", elements.join(", "))
        };
        if shown == len && !flat.contains('\n') && indent + flat.len() <= self.layout.width {
            return flat;
        }
        let pad = " ".repeat(inner);
        let mut out = format!("{open}\n");
        for element in &elements {
            out.push_str(&format!("{pad}{element},\n"));
        }
        if shown < len {
            self.cut = true;
            let rest = len - shown;
            let noun = match (open, rest) {
                ('{', 1) => "field",
                ('{', _) => "fields",
                (_, 1) => "item",
                _ => "items",
            };
            out.push_str(&format!("{pad}# … {rest} more {noun}\n"));
        }
        out.push_str(&format!("{}{close}", " ".repeat(indent)));
        out
    }
}

/// What a function or type is, in angle brackets (which no Floe value
/// prints as).
fn describe(opaque: &Opaque) -> String {
    match opaque {
        Opaque::Function(text) => format!("<function {text}>"),
        Opaque::Builtin { name, given: 0, .. } => format!("<builtin {name}>"),
        Opaque::Builtin { name, arity, given } => {
            format!("<builtin {name} given {given} of {arity} arguments>")
        }
        Opaque::Type(text) => format!("<type {text}>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(data: Data, width: usize, items: Option<usize>) -> String {
        let shown = Shown {
            data,
            opaque: Vec::new(),
        };
        floe_text(&shown, &Layout { width, items }).0
    }

    #[test]
    fn records_break_when_they_do_not_fit() {
        let record = Data::Record(
            vec![
                ("name".into(), Data::Text("web".into())),
                ("a-b".into(), Data::Int(1)),
            ]
            .into(),
        );
        assert_eq!(
            text(record.clone(), 80, None),
            r#"{ name = "web", "a-b" = 1 }"#
        );
        assert_eq!(
            text(record, 10, None),
            "{\n  name = \"web\",\n  \"a-b\" = 1,\n}"
        );
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let list = Data::List((0..5).map(Data::Int).collect::<Vec<_>>().into());
        assert_eq!(
            text(list, 80, Some(2)),
            "[\n  0,\n  1,\n  # … 3 more items\n]"
        );
    }
}
