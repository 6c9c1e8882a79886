//! Where the JSON and YAML writers put their text.

/// Where a writer puts its text: a string, or a string that is passed on to
/// an `io::Write` whenever it holds enough, so that writing tens of
/// megabytes of output never holds all of it in memory at once.
pub struct Sink<'w> {
    buf: String,
    to: Option<&'w mut dyn std::io::Write>,
    failed: Option<std::io::Error>,
}

/// How much text a sink gathers before passing it on.
const CHUNK: usize = 1 << 16;

impl<'w> Sink<'w> {
    /// A sink that keeps everything.
    pub fn new() -> Sink<'w> {
        Sink {
            buf: String::new(),
            to: None,
            failed: None,
        }
    }

    /// A sink that passes its text on to `to`.
    pub fn to(to: &'w mut dyn std::io::Write) -> Sink<'w> {
        Sink {
            buf: String::with_capacity(CHUNK + CHUNK / 4),
            to: Some(to),
            failed: None,
        }
    }

    /// Passes the text gathered so far on, if it is enough to be worth it.
    pub fn flush_if_full(&mut self) {
        if self.buf.len() >= CHUNK {
            self.pass_on();
        }
    }

    fn pass_on(&mut self) {
        if let Some(to) = self.to.as_mut() {
            if self.failed.is_none() {
                if let Err(e) = to.write_all(self.buf.as_bytes()) {
                    self.failed = Some(e);
                }
            }
            self.buf.clear();
        }
    }

    /// Passes everything on and reports the first write error.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.pass_on();
        match (self.failed.take(), self.to.as_mut()) {
            (Some(e), _) => Err(e),
            (None, Some(to)) => to.flush(),
            (None, None) => Ok(()),
        }
    }

    /// The text of a sink that keeps everything.
    pub fn into_string(self) -> String {
        self.buf
    }
}

impl Default for Sink<'_> {
    fn default() -> Self {
        Sink::new()
    }
}

impl std::ops::Deref for Sink<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        &self.buf
    }
}

impl std::ops::DerefMut for Sink<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.buf
    }
}
