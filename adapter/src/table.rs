//! The handle table: every resource the adapter hands out, one variant per
//! kind with its own fields, and the lifetime rules between them.
//!
//! A handle is an entry's index plus one, so 0 is never valid. Every misuse
//! WASIp2 hosts trap on (a handle of the wrong kind, a dropped one, dropping
//! a parent whose children live) traps here too.
use crate::p1::SockAddr;
use crate::rt::{grow, trap, PAGE};

/// Where a stream reads or writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Io {
    /// `fd_read`/`fd_write` on a blocking host fd (stdio, pipes).
    Plain,
    /// `fd_pread`/`fd_pwrite` at the stream's own position (a file).
    At(u64),
    /// At the file's end, whatever it is at the time of each write.
    Append,
    /// A socket connection: the host fd is non-blocking, so a read or write
    /// that would block returns at once and `block`ing waits in `poll`. An
    /// output stream holds back `held` bytes at `buf` the fd had no room
    /// for (see `send_buffer`).
    Socket { buf: u32, held: u32 },
}

/// An input or output stream.
#[derive(Clone, Copy)]
pub struct Stream {
    pub fd: u32,
    pub io: Io,
    /// Reported `closed` or failed: every later call reports `closed`.
    pub closed: bool,
    /// Input: a pollable of it was reported ready and nothing has read
    /// since, so it is still ready. (Node answers a later readiness probe
    /// falsely when a clock comes with it; WASIp2 says ready stays ready
    /// until the data is consumed.)
    pub ready: bool,
}

/// What a pollable waits for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Monotonic nanoseconds (`u64::MAX`: never).
    Clock(u64),
    /// The fd can be read (or, for a listener, accepted from).
    Read(u32),
    /// The fd can be written (or a connection attempt has ended).
    Write(u32),
    /// Always ready.
    Ready,
}

/// The TCP state of `wasi:sockets/tcp`, as WASIp2 hosts keep it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TcpState {
    /// New, or bound.
    Default,
    /// `start-connect` ran; `errno` is what the host said to the
    /// non-blocking connect (`EINPROGRESS` while it goes on).
    Connecting {
        errno: u16,
    },
    Connected,
    Listening,
    /// A connection attempt failed with `code`: every operation reports it.
    Closed {
        code: u8,
    },
}

/// The start of a `start-X`/`finish-X` pair that has not finished.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    None,
    Bind,
    Connect,
    Listen,
}

#[derive(Clone, Copy)]
pub struct Tcp {
    pub fd: u32,
    pub ipv6: bool,
    pub state: TcpState,
    pub pending: Pending,
    pub bound: bool,
    /// The backlog `start-listen` uses (WASIp2 lets it be set before).
    pub backlog: u32,
    /// `shutdown(receive)` ran: the input stream reports end of stream.
    pub read_shut: bool,
    /// `shutdown(send)` ran: the output stream reports closed.
    pub write_shut: bool,
    /// The host fd is non-blocking. An accepted connection's is made so
    /// when its streams are first used (WAMR hands it out blocking), which
    /// saves the call for connections closed unused.
    pub nonblocking: bool,
    /// The output stream of the connection (0: none yet), whose held-back
    /// bytes a shutdown sends first.
    pub output: u32,
    /// Where `start-connect` connects: asking the host again is how the
    /// outcome is learnt (the extension has no `SO_ERROR`).
    pub remote: SockAddr,
}

#[derive(Clone, Copy)]
pub struct Udp {
    pub fd: u32,
    pub ipv6: bool,
    pub pending: Pending,
    pub bound: bool,
    /// The default remote address of `stream(some)`.
    pub remote: Option<SockAddr>,
    /// Live datagram streams: `stream` traps while there are any.
    pub streams: u8,
}

/// A datagram stream of a UDP socket (its parent entry).
#[derive(Clone, Copy)]
pub struct Datagrams {
    pub fd: u32,
    /// Outgoing: datagrams the last `check-send` permitted.
    pub permit: u32,
}

/// Resolved addresses in adapter memory: `count` records of
/// `__wasi_addr_t` (24 bytes), `next` the one to hand out next.
#[derive(Clone, Copy)]
pub struct Resolved {
    pub addrs: *const u8,
    pub count: u32,
    pub next: u32,
}

#[derive(Clone, Copy)]
pub enum Resource {
    /// A free entry; `next` is the next free handle (0: none).
    Free {
        next: u32,
    },
    Input(Stream),
    Output(Stream),
    Pollable(crate::io::Pollable),
    /// An `error` of a stream: the preview1 errno; `socket` when it came
    /// from a socket (so `network-error-code` knows it).
    Error {
        errno: u16,
        socket: bool,
    },
    TerminalInput,
    TerminalOutput,
    /// A filesystem descriptor and its WASIp2 descriptor-flags, and the
    /// rights its fd passes on to what it opens, once asked of the host
    /// (see `fs::open_at`).
    Descriptor {
        fd: u32,
        flags: u8,
        inheriting: Option<u64>,
    },
    /// A directory listing: `buffer` is its batch of entries (0: none yet),
    /// `cookie` where the host's next batch starts, `dev` the directory's
    /// device (0: unknown; see `dir::first_cap`).
    Listing {
        fd: u32,
        buffer: u32,
        cookie: u64,
        dev: u64,
    },
    Network,
    Tcp(Tcp),
    Udp(Udp),
    Incoming(Datagrams),
    Outgoing(Datagrams),
    Resolve(Resolved),
}

/// The kinds of `Resource`, for dropping by kind.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Free,
    Input,
    Output,
    Pollable,
    Error,
    TerminalInput,
    TerminalOutput,
    Descriptor,
    Listing,
    Network,
    Tcp,
    Udp,
    Incoming,
    Outgoing,
    Resolve,
}

impl Resource {
    pub fn kind(&self) -> Kind {
        match self {
            Resource::Free { .. } => Kind::Free,
            Resource::Input(_) => Kind::Input,
            Resource::Output(_) => Kind::Output,
            Resource::Pollable(_) => Kind::Pollable,
            Resource::Error { .. } => Kind::Error,
            Resource::TerminalInput => Kind::TerminalInput,
            Resource::TerminalOutput => Kind::TerminalOutput,
            Resource::Descriptor { .. } => Kind::Descriptor,
            Resource::Listing { .. } => Kind::Listing,
            Resource::Network => Kind::Network,
            Resource::Tcp(_) => Kind::Tcp,
            Resource::Udp(_) => Kind::Udp,
            Resource::Incoming(_) => Kind::Incoming,
            Resource::Outgoing(_) => Kind::Outgoing,
            Resource::Resolve(_) => Kind::Resolve,
        }
    }

    /// The host fd this resource owns and closes when it goes, if any.
    fn owned_fd(&self) -> Option<u32> {
        match *self {
            Resource::Descriptor { fd, .. } => Some(fd),
            Resource::Tcp(t) => Some(t.fd),
            Resource::Udp(u) => Some(u.fd),
            _ => None,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Entry {
    pub res: Resource,
    parent: u32,
    /// Live children that borrow this entry / that keep it.
    borrowers: u32,
    keepers: u32,
    /// Freeing the entry closes the fd it owns (not for preopens and stdio).
    close_fd: bool,
    /// The program dropped it; it stays for its keepers.
    dropped: bool,
}

/// Zeroed memory is an empty table (the state is made of fresh pages).
pub struct Table {
    entries: *mut Entry,
    cap: usize,
    len: usize,
    free_head: u32,
}

impl Entry {
    fn new(res: Resource) -> Entry {
        Entry { res, parent: 0, borrowers: 0, keepers: 0, close_fd: false, dropped: false }
    }
}

impl Table {
    /// A new handle for `res`. It closes its fd when freed if `close_fd`.
    #[inline(always)]
    pub fn push(&mut self, res: Resource, close_fd: bool) -> u32 {
        let mut e = Entry::new(res);
        e.close_fd = close_fd;
        self.put(e)
    }

    /// A new handle for `res`, a child of `parent` (see `keeps` for how
    /// the two are tied).
    #[inline(always)]
    pub fn push_child(&mut self, res: Resource, parent: u32) -> u32 {
        let p = self.entry(parent);
        if keeps(&res, &p.res) {
            p.keepers += 1;
        } else {
            p.borrowers += 1;
        }
        let mut e = Entry::new(res);
        e.parent = parent;
        self.put(e)
    }

    /// Writes `entry` straight into the slot `claim` finds, so that the
    /// entry is not built elsewhere and copied in (64 bytes).
    #[inline(always)]
    fn put(&mut self, entry: Entry) -> u32 {
        let handle = self.claim();
        // SAFETY: `claim` returns index + 1 of an entry with index < len <=
        // cap: inside the table's pages.
        unsafe { self.entries.add(handle as usize - 1).write(entry) };
        handle
    }

    /// The handle of an entry to fill: a freed one, or a new one at the end.
    fn claim(&mut self) -> u32 {
        let index = if self.free_head != 0 {
            let index = (self.free_head - 1) as usize;
            // SAFETY: free_head names a freed entry: index < len.
            self.free_head = match unsafe { (*self.entries.add(index)).res } {
                Resource::Free { next } => next,
                _ => trap(),
            };
            index
        } else {
            if self.len == self.cap {
                self.grow();
            }
            self.len += 1;
            self.len - 1
        };
        (index + 1) as u32
    }

    fn grow(&mut self) {
        let cap = if self.cap == 0 { PAGE / core::mem::size_of::<Entry>() } else { self.cap * 2 };
        let entries = grow(cap * core::mem::size_of::<Entry>()) as *mut Entry;
        // SAFETY: the old table holds `len` entries; the new one, fresh pages
        // of its own, holds cap > len.
        unsafe { core::ptr::copy_nonoverlapping(self.entries, entries, self.len) };
        // The old pages stay behind: adapter memory is never returned, and
        // doubling bounds the waste by the table's current size.
        self.entries = entries;
        self.cap = cap;
    }

    /// The entry behind `handle`, dropped or not; traps on 0, out of range, or free.
    fn slot(&mut self, handle: u32) -> &mut Entry {
        if handle == 0 || handle as usize > self.len {
            trap();
        }
        // SAFETY: 1 <= handle <= len, checked above: an entry in the table,
        // borrowed from `self`.
        let e = unsafe { &mut *self.entries.add(handle as usize - 1) };
        if let Resource::Free { .. } = e.res {
            trap();
        }
        e
    }

    /// The live entry behind `handle`; traps on 0, out of range, free, or
    /// dropped by the program (a descriptor kept for its streams).
    fn entry(&mut self, handle: u32) -> &mut Entry {
        let e = self.slot(handle);
        if e.dropped {
            trap();
        }
        e
    }

    /// The resource behind `handle`, for a caller that matches it against
    /// the kind it wants: traps on 0, out of range, or dropped by the
    /// program. A free entry is left to the caller's match, which it fails
    /// (every lookup of a WASI call goes through here, so the test that
    /// `entry` makes first is saved).
    #[inline(always)]
    pub fn get(&mut self, handle: u32) -> &mut Resource {
        if handle == 0 || handle as usize > self.len {
            trap();
        }
        // SAFETY: 1 <= handle <= len, checked above: an entry in the table,
        // borrowed from `self`.
        let e = unsafe { &mut *self.entries.add(handle as usize - 1) };
        if e.dropped {
            trap();
        }
        &mut e.res
    }

    /// One more than the highest handle in use or freed.
    pub fn end(&self) -> u32 {
        self.len as u32 + 1
    }

    /// The live resource behind `handle` and its parent's handle, or none
    /// for a handle that is not (any more) in use.
    pub fn peek(&mut self, handle: u32) -> Option<(&mut Resource, u32)> {
        if handle == 0 || handle as usize > self.len {
            return None;
        }
        // SAFETY: 1 <= handle <= len, checked above.
        let e = unsafe { &mut *self.entries.add(handle as usize - 1) };
        match e.res {
            Resource::Free { .. } => None,
            _ if e.dropped => None,
            _ => Some((&mut e.res, e.parent)),
        }
    }

    /// The resource of the entry `handle` is a child of.
    pub fn parent(&mut self, handle: u32) -> &mut Resource {
        let parent = self.entry(handle).parent;
        &mut self.slot(parent).res
    }

    /// The program drops `handle`, which must be of `kind`. An entry with
    /// borrowing children traps; one with keeping children stays (dropped)
    /// until the last of them goes.
    pub fn drop_handle(&mut self, handle: u32, kind: Kind) {
        let e = self.entry(handle);
        if e.res.kind() != kind || e.borrowers > 0 {
            trap();
        }
        if e.keepers > 0 {
            e.dropped = true;
            return;
        }
        self.free(handle);
    }

    /// Frees `handle`, and its parent if that was only waiting for it.
    fn free(&mut self, mut handle: u32) {
        loop {
            let free_head = self.free_head;
            let e = self.slot(handle);
            let (parent, close, res) = (e.parent, e.close_fd, e.res);
            e.res = Resource::Free { next: free_head };
            e.close_fd = false;
            e.dropped = false;
            self.free_head = handle;
            if let (true, Some(fd)) = (close, res.owned_fd()) {
                // WASIp2 drops cannot fail; a failed close has nobody to tell.
                // SAFETY: fd_close takes no pointers.
                unsafe { crate::p1::fd_close(fd) };
            }
            if parent == 0 {
                return;
            }
            let p = self.slot(parent);
            if keeps(&res, &p.res) {
                p.keepers -= 1;
            } else {
                p.borrowers -= 1;
            }
            if p.keepers > 0 || !p.dropped {
                return;
            }
            handle = parent;
        }
    }
}

/// The lifetime rule between a child and its parent, in one place. A child
/// either borrows its parent, which then cannot be dropped while the child
/// lives (a pollable and what it watches, a socket and its streams: WASIp2
/// hosts trap with "resource has children"), or keeps it: the parent may be
/// dropped first and its fd stays open until the last such child goes (the
/// streams and listings of a file descriptor). Derived from the two kinds,
/// so the tie needs no field of its own.
fn keeps(child: &Resource, parent: &Resource) -> bool {
    matches!(parent, Resource::Descriptor { .. }) && !matches!(child, Resource::Pollable(_))
}

/// Typed access: each traps when the handle is not of the kind asked for.
impl Table {
    pub fn input(&mut self, handle: u32) -> &mut Stream {
        match self.get(handle) {
            Resource::Input(s) => s,
            _ => trap(),
        }
    }

    pub fn output(&mut self, handle: u32) -> &mut Stream {
        match self.get(handle) {
            Resource::Output(s) => s,
            _ => trap(),
        }
    }

    pub fn wait(&mut self, handle: u32) -> Wait {
        match self.get(handle) {
            Resource::Pollable(p) => p.wait(),
            _ => trap(),
        }
    }

    /// A descriptor's fd, descriptor-flags, and the rights its fd passes on
    /// where known.
    #[inline(always)]
    pub fn descriptor(&mut self, handle: u32) -> (u32, u8, Option<u64>) {
        match *self.get(handle) {
            Resource::Descriptor { fd, flags, inheriting } => (fd, flags, inheriting),
            _ => trap(),
        }
    }

    /// The rights a descriptor's fd passes on, where known.
    #[inline(always)]
    pub fn inheriting(&mut self, handle: u32) -> &mut Option<u64> {
        match self.get(handle) {
            Resource::Descriptor { inheriting, .. } => inheriting,
            _ => trap(),
        }
    }

    /// An error's preview1 errno, and whether a socket gave it.
    pub fn error(&mut self, handle: u32) -> (u16, bool) {
        match *self.get(handle) {
            Resource::Error { errno, socket } => (errno, socket),
            _ => trap(),
        }
    }
}
