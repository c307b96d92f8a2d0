//! `sync`: the methods of Mutex, RWMutex, WaitGroup, Once and Cond.
//! Their prediction (would this block?) is in the scheduler.

use super::args::{int_arg, none, one, vals, Method, Package, Shim, This, R};
use crate::engine::machine::{Machine, Ret, Trap};
use crate::engine::state::*;
use crate::engine::value::*;
use crate::syntax::Span;

pub(super) const PACKAGE: Package = Package {
    name: "sync",
    plain_args: false,
    shims: &[
        Shim::func("sync.NewCond", 1, |_, st, _, c| {
            let l = c.args.first().cloned().unwrap_or(Value::Nil);
            one(Value::Obj(st.alloc(Obj::Cond {
                lock: l,
                waiters: Vec::new(),
            })))
        }),
        Shim::func("sync.OnceFunc", 1, |m, st, g, c| {
            m.escape(st, &c.args);
            m.opaque_call(st, g, c.want)
        }),
    ],
};

/// The methods of a `sync.Mutex`.
pub(super) const MUTEX: &[Method] = &[
    Method {
        name: "Lock",
        run: lock,
    },
    Method {
        name: "TryLock",
        run: try_lock,
    },
    Method {
        name: "Unlock",
        run: unlock,
    },
    Method {
        name: "RLock",
        run: rlock,
    },
    Method {
        name: "RUnlock",
        run: runlock,
    },
];

/// The methods of a `sync.RWMutex`: a mutex's, and `RLocker`.
pub(super) const RW_MUTEX: &[Method] = &[
    Method {
        name: "Lock",
        run: lock,
    },
    Method {
        name: "TryLock",
        run: try_lock,
    },
    Method {
        name: "Unlock",
        run: unlock,
    },
    Method {
        name: "RLock",
        run: rlock,
    },
    Method {
        name: "RUnlock",
        run: runlock,
    },
    Method {
        name: "RLocker",
        run: |_, st, _, t| one(Value::Obj(st.alloc(Obj::ReadLocker(t.o)))),
    },
];

/// The methods of what `RWMutex.RLocker` returns: `Lock` read-locks the
/// RWMutex, `Unlock` read-unlocks it; any other method is the RWMutex's.
pub(super) const READ_LOCKER: &[Method] = &[
    Method {
        name: "Lock",
        run: |m, st, g, t| locker(m, st, g, t, "RLock"),
    },
    Method {
        name: "Unlock",
        run: |m, st, g, t| locker(m, st, g, t, "RUnlock"),
    },
];

/// The methods of a `sync.WaitGroup`.
pub(super) const WAIT_GROUP: &[Method] = &[
    Method {
        name: "Add",
        run: |m, st, _, t| {
            let delta = int_arg(&t.args, 0);
            if delta.is_none() {
                if let Some(Obj::WaitGroup { unknown, .. }) = st.heap.get_mut(t.o as usize) {
                    *unknown = true;
                }
            }
            m.wg_add(st, t.o, delta.unwrap_or(0))?;
            none()
        },
    },
    Method {
        name: "Done",
        run: |m, st, _, t| {
            m.wg_add(st, t.o, -1)?;
            none()
        },
    },
    Method {
        name: "Wait",
        run: |_, st, g, t| {
            let Obj::WaitGroup { count, .. } = t.obj else {
                return none();
            };
            if count == 0 {
                none()
            } else {
                if let Some(Obj::WaitGroup { waiters, .. }) = st.heap.get_mut(t.o as usize) {
                    waiters.push(g.id);
                }
                Ok(Ret::Block(Blocked {
                    reason: BlockReason::WaitGroupWait,
                    span: t.span,
                    objs: vec![t.o],
                }))
            }
        },
    },
    Method {
        name: "Go",
        run: |m, st, _, t| {
            m.wg_add(st, t.o, 1)?;
            let f = t.args.into_iter().next().unwrap_or(Value::UNKNOWN);
            Ok(Ret::Spawn(f, Vec::new(), Some(t.o)))
        },
    },
];

/// The methods of a `sync.Once`.
pub(super) const ONCE: &[Method] = &[Method {
    name: "Do",
    run: |_, st, g, t| {
        let Obj::Once {
            done: false,
            runner,
        } = t.obj
        else {
            return none();
        };
        // The function ran as a frame of its own (`CallFirst`) and
        // returned: this is the call running again.
        let returned = g.frames.last().is_some_and(|f| !f.lib_results.is_empty());
        let Some(Obj::Once { done, runner: r }) = st.heap.get_mut(t.o as usize) else {
            return none();
        };
        if runner == Some(g.id) {
            // Returned, or panicked: no frame of the goroutine is a
            // function a library call runs any more (a panic recovered
            // above `Do`). Go's `Do` is done either way.
            if returned || g.frames.iter().all(|f| f.lib_call == LibCall::No) {
                (*done, *r) = (true, None);
                return none();
            }
            // `Do` again from inside its own function: Go's `Do` waits for
            // its own mutex, forever.
            return Ok(Ret::Block(Blocked {
                reason: BlockReason::MutexLock,
                span: t.span,
                objs: Vec::new(),
            }));
        }
        if runner.is_some() {
            // Another goroutine runs the function: not a wait here.
            return none();
        }
        *r = Some(g.id);
        let f = t.args.into_iter().next().unwrap_or(Value::UNKNOWN);
        Ok(Ret::CallFirst {
            callee: f,
            args: Vec::new(),
            recovers: false,
        })
    },
}];

/// The methods of a `sync.Cond`.
pub(super) const COND: &[Method] = &[
    Method {
        name: "Wait",
        run: cond_wait,
    },
    Method {
        name: "Signal",
        run: |m, st, _, t| cond_wake(m, st, t, false),
    },
    Method {
        name: "Broadcast",
        run: |m, st, _, t| cond_wake(m, st, t, true),
    },
];

fn locker(m: &Machine, st: &mut State, g: &mut Goroutine, t: This, method: &str) -> R<Ret> {
    let Obj::ReadLocker(rw) = t.obj else {
        return none();
    };
    m.builtin_method(st, g, rw, &Value::Obj(rw), method, t.args, t.want, t.span)
}

fn unlock_event(m: &Machine, st: &mut State, gid: GoId, span: Span) {
    if st.mode.records() {
        st.rec.events.push(Event {
            goroutine: gid,
            span,
            text: format!("g{gid} unlocks {}", mutex_name(m, span)),
        });
    }
}

/// The mutex as the call at `span` names it (`` `s.mu` `` for
/// `s.mu.Lock()`), or "the mutex" when the call is not a Lock or Unlock
/// method call on a name (a `Cond.Wait` that unlocks and re-locks its
/// mutex, a method value) or there is no source.
fn mutex_name(m: &Machine, span: Span) -> String {
    let named = m.source.get(span.range()).and_then(|call| {
        let (receiver, method) = call.split_once('(')?.0.rsplit_once('.')?;
        if !matches!(method, "Lock" | "Unlock" | "RLock" | "RUnlock") {
            return None;
        }
        let plain = |part: &str| {
            !part.is_empty()
                && !part.starts_with(|c: char| c.is_ascii_digit())
                && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        };
        receiver
            .split('.')
            .all(plain)
            .then(|| format!("`{receiver}`"))
    });
    named.unwrap_or_else(|| "the mutex".to_string())
}

fn lock(m: &Machine, st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    let Obj::Mutex {
        locked,
        readers,
        rw,
        woken,
        barges,
        ..
    } = t.obj
    else {
        return none();
    };
    let (o, gid, span) = (t.o, g.id, t.span);
    // The default schedule (Go's normal mode): the waiter an Unlock woke
    // retries here; anyone else who finds the mutex free takes it ahead of
    // that waiter, until the mutex starves (`BARGE_LIMIT`).
    let retry = woken == Some(gid);
    let starving = woken.is_some() && !retry && barges >= BARGE_LIMIT;
    if let Some(Obj::Mutex { woken, barges, .. }) = st.heap.get_mut(o as usize) {
        if retry {
            *woken = None;
            *barges = 0;
        }
    }
    if !locked && readers == 0 && !starving {
        if let Some(Obj::Mutex {
            locked,
            woken,
            barges,
            ..
        }) = st.heap.get_mut(o as usize)
        {
            *locked = true;
            if woken.is_some() {
                *barges += 1;
            }
        }
        g.locks_held += 1;
        if gid == GoId::ENTRY {
            st.facts.entry_locks.push((o, span));
        }
        if st.mode.records() {
            st.rec.events.push(Event {
                goroutine: gid,
                span,
                text: format!("g{gid} locks {}", mutex_name(m, span)),
            });
        }
        none()
    } else {
        if let Some(Obj::Mutex {
            waiters,
            writer_waiting,
            ..
        }) = st.heap.get_mut(o as usize)
        {
            // A woken waiter that lost the race goes back to the front of
            // the queue, as in Go.
            if retry {
                waiters.insert(0, (gid, false));
            } else {
                waiters.push((gid, false));
            }
            if rw {
                *writer_waiting += 1;
            }
        }
        Ok(Ret::Block(Blocked {
            reason: BlockReason::MutexLock,
            span,
            objs: vec![o],
        }))
    }
}

/// How many times others may take a mutex ahead of the waiter an Unlock
/// woke before the mutex starves (the default schedule's stand-in for Go's
/// one millisecond: enough for a goroutine that unlocks and locks again at
/// once to keep the mutex, as it does in Go, and few enough that a loop
/// of Lock and Unlock lets the waiter in).
const BARGE_LIMIT: u16 = 64;

fn try_lock(_: &Machine, st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    let Obj::Mutex { locked, .. } = t.obj else {
        return none();
    };
    if !locked {
        if let Some(Obj::Mutex { locked, .. }) = st.heap.get_mut(t.o as usize) {
            *locked = true;
        }
        g.locks_held += 1;
        if g.id == GoId::ENTRY {
            st.facts.entry_locks.push((t.o, t.span));
        }
    }
    if locked {
        // Nothing to take: a poll.
        return Ok(Ret::Poll(vec![Value::Bool(false)]));
    }
    one(Value::Bool(true))
}

fn unlock(m: &Machine, st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    let Obj::Mutex {
        locked,
        rw,
        waiters,
        woken,
        ..
    } = t.obj
    else {
        return none();
    };
    let (o, gid, span) = (t.o, g.id, t.span);
    if !locked {
        return Err(Trap::Fatal(if rw {
            "sync: Unlock of unlocked RWMutex".into()
        } else {
            "sync: unlock of unlocked mutex".into()
        }));
    }
    let readers_waiting: Vec<GoId> = waiters
        .iter()
        .filter(|(_, r)| *r)
        .map(|(g, _)| *g)
        .collect();
    if rw && !readers_waiting.is_empty() {
        unlock_event(m, st, gid, span);
        g.locks_held = g.locks_held.saturating_sub(1);
        st.facts.entry_locks.retain(|(m, _)| *m != o);
        if let Some(Obj::Mutex {
            locked,
            readers,
            waiters,
            ..
        }) = st.heap.get_mut(o as usize)
        {
            *locked = false;
            *readers += readers_waiting.len() as u32;
            waiters.retain(|(_, r)| !*r);
        }
        for r in readers_waiting {
            st.g_mut(r).locks_held += 1;
            m.complete_wait(st, o, r, 0, Value::Nil, true);
        }
        return none();
    }
    // Go's Mutex does not hand itself to a waiter (outside starvation
    // mode): Unlock wakes a waiter, and the unlocking goroutine, the woken
    // one or a newcomer may take it next. When exploring, every waiter
    // retries its Lock, so each of those orders is explored. The default
    // schedule does what Go's runtime does: it wakes the first waiter (none
    // while one woken earlier has not yet run) and the unlocking goroutine
    // runs on, so it takes the mutex again first if it locks at once. An
    // RWMutex's writers wait on such a Mutex (readers waiting were let in
    // above), and a woken writer has not yet announced itself to readers,
    // so a new reader may go first too.
    unlock_event(m, st, gid, span);
    g.locks_held = g.locks_held.saturating_sub(1);
    st.facts.entry_locks.retain(|(m, _)| *m != o);
    let explores = st.mode.explores();
    let woken: Vec<GoId> = if explores {
        waiters.iter().map(|(g, _)| *g).collect()
    } else if woken.is_none() {
        waiters
            .iter()
            .find(|(_, r)| !*r)
            .map(|(g, _)| *g)
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    if let Some(Obj::Mutex {
        locked,
        writer_waiting,
        woken: first,
        barges,
        ..
    }) = st.heap.get_mut(o as usize)
    {
        *locked = false;
        if rw {
            *writer_waiting = writer_waiting.saturating_sub(woken.len() as u32);
        }
        if !explores && !woken.is_empty() {
            *first = woken.first().copied();
            *barges = 0;
        }
    }
    for w in woken {
        m.wake_retry(st, o, w);
    }
    none()
}

fn rlock(_: &Machine, st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    let Obj::Mutex {
        locked,
        writer_waiting,
        ..
    } = t.obj
    else {
        return none();
    };
    if !locked && writer_waiting == 0 {
        if let Some(Obj::Mutex { readers, .. }) = st.heap.get_mut(t.o as usize) {
            *readers += 1;
        }
        g.locks_held += 1;
        none()
    } else {
        if let Some(Obj::Mutex { waiters, .. }) = st.heap.get_mut(t.o as usize) {
            waiters.push((g.id, true));
        }
        Ok(Ret::Block(Blocked {
            reason: BlockReason::RLock,
            span: t.span,
            objs: vec![t.o],
        }))
    }
}

fn runlock(m: &Machine, st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    let Obj::Mutex {
        readers, waiters, ..
    } = t.obj
    else {
        return none();
    };
    let o = t.o;
    if readers == 0 {
        return Err(Trap::Fatal("sync: RUnlock of unlocked RWMutex".into()));
    }
    let writer = if readers == 1 {
        waiters.iter().position(|(_, r)| !*r)
    } else {
        None
    };
    if let Some(Obj::Mutex { readers, .. }) = st.heap.get_mut(o as usize) {
        *readers -= 1;
    }
    g.locks_held = g.locks_held.saturating_sub(1);
    if let Some(i) = writer {
        let Some(Obj::Mutex {
            waiters,
            locked,
            writer_waiting,
            ..
        }) = st.heap.get_mut(o as usize)
        else {
            return none();
        };
        *locked = true;
        *writer_waiting = writer_waiting.saturating_sub(1);
        let w = waiters.remove(i).0;
        st.g_mut(w).locks_held += 1;
        m.complete_wait(st, o, w, 0, Value::Nil, true);
    }
    none()
}

fn cond_wait(m: &Machine, st: &mut State, g: &mut Goroutine, t: This) -> R<Ret> {
    let Obj::Cond { lock, .. } = t.obj else {
        return none();
    };
    let span = t.span;
    if g.cond_relock {
        // Woken: take the lock again.
        let Some(mu) = m.deref_obj(st, &lock) else {
            return none();
        };
        let r = m.builtin_method(st, g, mu, &lock, "Lock", Vec::new(), 0, span)?;
        // Still re-locking if it must wait: an Unlock that wakes
        // it to retry (exploring) runs this Wait again.
        g.cond_relock = matches!(r, Ret::Block(_));
        return Ok(r);
    }
    if let Some(mu) = m.deref_obj(st, &lock) {
        // Which waiter gets the mutex may be a choice: the Wait
        // is re-executed with the answer before it enqueues.
        let r = m.builtin_method(st, g, mu, &lock, "Unlock", Vec::new(), 0, span)?;
        if let Ret::Choice(cp) = r {
            return Ok(Ret::Choice(cp));
        }
    }
    if let Some(Obj::Cond { waiters, .. }) = st.heap.get_mut(t.o as usize) {
        waiters.push(g.id);
    }
    Ok(Ret::Block(Blocked {
        reason: BlockReason::CondWait,
        span,
        objs: vec![t.o],
    }))
}

/// `Signal` wakes the first waiter, `Broadcast` (`all`) every one.
fn cond_wake(m: &Machine, st: &mut State, t: This, all: bool) -> R<Ret> {
    let Obj::Cond { waiters, .. } = t.obj else {
        return none();
    };
    let o = t.o;
    let wake: Vec<GoId> = if all {
        waiters.clone()
    } else {
        waiters.first().copied().into_iter().collect()
    };
    if let Some(Obj::Cond { waiters, .. }) = st.heap.get_mut(o as usize) {
        waiters.retain(|w| !wake.contains(w));
    }
    for w in wake {
        // Retry the Wait call, which now re-locks.
        st.sched.gs[w.index()].cond_relock = true;
        m.wake_retry(st, o, w);
    }
    vals(vec![])
}
