//! The file set is an input: files are read outside queries and change in
//! one place (`Database::apply_change`), so a created import is resolved in
//! the next revision, a deleted one is reported, and two threads cannot
//! make two inputs of one file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use floe_lang::data::Data;
use floe_lang::db::{Change, Entry, FileSystem, MemoryFileSystem};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::types::check;
use floe_lang::{Database, Limits};

fn codes(db: &Database, file: floe_lang::SourceFile) -> Vec<String> {
    check(db, file)
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect()
}

fn value(db: &Database, file: floe_lang::SourceFile) -> Data {
    let request = EvalRequest::new(db, file, None, Vec::new(), Limits::default());
    evaluate(db, request).clone().unwrap()
}

#[test]
fn a_created_import_resolves_and_a_deleted_one_is_missing() {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/p/main.floe", "(import \"./lib.floe\").base + 1");
    let mut db = Database::new(Arc::new(fs), PathBuf::from("/p"));
    let main = db.load(Path::new("/p/main.floe")).unwrap();
    assert_eq!(codes(&db, main), ["E0204"]);

    db.apply_change(Change::Set {
        path: PathBuf::from("/p/lib.floe"),
        text: "{ base = 41 }".to_string(),
    });
    assert!(codes(&db, main).is_empty());
    assert_eq!(value(&db, main), Data::Int(42));

    db.apply_change(Change::Remove {
        path: PathBuf::from("/p/lib.floe"),
    });
    assert_eq!(codes(&db, main), ["E0204"]);

    // Back again, with other text.
    db.apply_change(Change::Set {
        path: PathBuf::from("/p/lib.floe"),
        text: "{ base = 1 }".to_string(),
    });
    assert_eq!(value(&db, main), Data::Int(2));
}

#[test]
fn an_edit_that_adds_an_import_loads_it() {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/p/main.floe", "1");
    fs.insert("/p/two.floe", "2");
    let mut db = Database::new(Arc::new(fs), PathBuf::from("/p"));
    let main = db.load(Path::new("/p/main.floe")).unwrap();
    assert_eq!(value(&db, main), Data::Int(1));
    // An editor's buffer: the file read from disk is what it imports.
    db.apply_change(Change::Set {
        path: PathBuf::from("/p/main.floe"),
        text: "import \"./two.floe\"".to_string(),
    });
    assert_eq!(value(&db, main), Data::Int(2));
}

/// A file system that counts how often it is read.
struct Counting {
    inner: MemoryFileSystem,
    reads: AtomicUsize,
}

impl FileSystem for Counting {
    fn entry(&self, path: &Path) -> io::Result<Entry> {
        self.inner.entry(path)
    }

    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.read(path, limit)
    }
}

#[test]
fn queries_do_no_io_and_two_threads_share_one_input() {
    for _ in 0..50 {
        let mut inner = MemoryFileSystem::new();
        inner.insert("/p/a.floe", "(import \"./c.floe\").n");
        inner.insert("/p/b.floe", "(import \"./c.floe\").n");
        inner.insert("/p/c.floe", "{ n = 1 }");
        let fs = Arc::new(Counting {
            inner,
            reads: AtomicUsize::new(0),
        });
        let mut db = Database::new(fs.clone(), PathBuf::from("/p"));
        // Both importers are loaded at once, on two threads.
        let (a, b) = std::thread::scope(|s| {
            let (da, db_) = (db.clone(), db.clone());
            let a = s.spawn(move || da.load(Path::new("/p/a.floe")).unwrap());
            let b = s.spawn(move || db_.load(Path::new("/p/b.floe")).unwrap());
            (a.join().unwrap(), b.join().unwrap())
        });
        assert_eq!(fs.reads.load(Ordering::SeqCst), 3, "each file read once");
        assert_eq!((value(&db, a), value(&db, b)), (Data::Int(1), Data::Int(1)));
        assert_eq!(fs.reads.load(Ordering::SeqCst), 3, "queries read nothing");
        // One input for `c`: an edit reaches both importers.
        assert!(db.set_text(Path::new("/p/c.floe"), "{ n = 2 }"));
        assert_eq!((value(&db, a), value(&db, b)), (Data::Int(2), Data::Int(2)));
    }
}
