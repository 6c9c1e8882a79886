//! The import graph of a program: collects the diagnostics of every file a
//! root reaches and reports import cycles, naming every file in the cycle.
//! Cycles are found here, before any query could meet one, so salsa never
//! sees a cyclic query; [`reaches`] lets the type queries step around a
//! cycle in a file checked on its own.

use std::collections::HashSet;

use super::lower;
use crate::db::{data_file, Db, ImportTarget, SourceFile};
use crate::diagnostics::names::NameError;
use crate::diagnostics::{Diagnostic, Place};
use crate::syntax::Span;

struct Walk<'a> {
    db: &'a dyn Db,
    done: HashSet<SourceFile>,
    /// Files in the order they were reached.
    order: Vec<SourceFile>,
    /// Files being visited, each with the import site that entered the next.
    stack: Vec<(SourceFile, Span)>,
    diagnostics: Vec<Diagnostic>,
    reported_cycles: HashSet<Vec<SourceFile>>,
}

/// What walking a program's imports finds.
pub struct Closure {
    /// Every file reached, in the order reached.
    pub order: Vec<SourceFile>,
    /// Their syntax, name and import diagnostics, and the cycles.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether an import cycle was found.
    pub cyclic: bool,
}

/// The files `root` imports, transitively, with their diagnostics short of
/// types (`types::check` adds those).
pub fn closure(db: &dyn Db, root: SourceFile) -> Closure {
    let mut walk = Walk {
        db,
        done: HashSet::new(),
        order: Vec::new(),
        stack: Vec::new(),
        diagnostics: Vec::new(),
        reported_cycles: HashSet::new(),
    };
    walk.visit(root);
    Closure {
        order: walk.order,
        diagnostics: walk.diagnostics,
        cyclic: !walk.reported_cycles.is_empty(),
    }
}

/// The problems of `file` itself short of types: syntax, names, imports
/// that did not resolve, and data files it imports that did not load.
pub fn file_diagnostics(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let lowered = lower(db, file);
    let mut out = lowered.syntax.clone();
    out.extend(lowered.diagnostics.iter().cloned());
    for import in &lowered.imports {
        match &import.target {
            Err(d) => out.push((**d).clone()),
            Ok(ImportTarget::Data(target)) => {
                if let Err(d) = data_file(db, *target) {
                    out.push((**d).clone());
                }
            }
            Ok(ImportTarget::Floe(_)) => {}
        }
    }
    out
}

/// Whether `target` is reached from `from` by one or more Floe imports.
pub fn reaches(db: &dyn Db, from: SourceFile, target: SourceFile) -> bool {
    let mut seen = HashSet::new();
    let mut todo = vec![from];
    while let Some(file) = todo.pop() {
        // The position-free module, so that moving text in an imported
        // file does not ask this again.
        for import in &super::module(db, file).imports {
            if let Some(ImportTarget::Floe(next)) = import {
                if *next == target {
                    return true;
                }
                if seen.insert(*next) {
                    todo.push(*next);
                }
            }
        }
    }
    false
}

impl Walk<'_> {
    fn visit(&mut self, file: SourceFile) {
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.visit_inner(file));
    }

    fn visit_inner(&mut self, file: SourceFile) {
        self.done.insert(file);
        self.order.push(file);
        self.diagnostics.extend(file_diagnostics(self.db, file));
        for import in &lower(self.db, file).imports {
            match &import.target {
                Err(_) | Ok(ImportTarget::Data(_)) => {}
                Ok(ImportTarget::Floe(target)) => {
                    if let Some(pos) = self.stack.iter().position(|(f, _)| f == target) {
                        self.cycle(pos, file, import.span);
                    } else if *target == file {
                        self.cycle(self.stack.len(), file, import.span);
                    } else if !self.done.contains(target) {
                        self.stack.push((file, import.span));
                        self.visit(*target);
                        self.stack.pop();
                    }
                }
            }
        }
    }

    /// Reports the cycle that runs from `stack[pos]` through `file`, closed
    /// by the import at `span` in `file`.
    fn cycle(&mut self, pos: usize, file: SourceFile, span: Span) {
        let mut members: Vec<(SourceFile, Span)> = self.stack[pos..].to_vec();
        members.push((file, span));
        let mut key: Vec<SourceFile> = members.iter().map(|(f, _)| *f).collect();
        key.sort_by_key(|f| f.name(self.db).clone());
        if !self.reported_cycles.insert(key) {
            return;
        }
        let members = members
            .iter()
            .map(|(f, s)| (f.name(self.db).clone(), Place::span(*f, *s)))
            .collect();
        self.diagnostics
            .push(NameError::ImportCycle { members }.diagnostic());
    }
}
