//! The facts rules match on: what the program model says about every channel
//! (where it is made, each send, receive, range, close and select case, in
//! which function and loop), every `select` (its cases), every method call and
//! `go` statement, joined with what the witness shows happened to them (which
//! goroutines reached an operation, how often it completed, how many values a
//! channel delivered, which selects were passed).
//!
//! Names are resolved on the model, the way Go scopes them: a channel made
//! into `c` is the `c` of that function and of the closures inside it, a
//! parameter it was passed to, the variable a generator's result is stored
//! in, or a struct field it was stored in. No source text is read here.

use crate::engine::value::GoId;
use crate::engine::witness::{GoStatus, HandoffKind};
use crate::model::{Block, CommClause, Expr, ExprKind, FuncId, Program, Stmt, StmtKind, TypeExpr};
use crate::syntax::Span;
use crate::verdict::Verdict;
use std::collections::HashMap;

/// Index of a channel in [`Facts::channels`].
pub type ChannelIndex = usize;
/// Index of a select in [`Facts::selects`].
pub type SelectIndex = usize;

/// What an operation does to a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    Send,
    Receive,
    Range,
    Close,
}

/// Where a channel is kept: a variable, or a struct field used across functions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelName {
    Variable(String),
    Field(String),
}

impl ChannelName {
    /// The name to show: `errc`, or `entries` for a field.
    pub fn shown(&self) -> &str {
        match self {
            ChannelName::Variable(n) | ChannelName::Field(n) => n,
        }
    }
}

/// One operation on a channel.
#[derive(Clone, Debug)]
pub struct ChanOp {
    pub kind: OpKind,
    /// The operation: the send statement, the `<-c` expression, the `for`
    /// statement of a range, the `close` call.
    pub span: Span,
    pub function: FuncId,
    /// The innermost loop around it, within its function.
    pub inside_loop: Option<Span>,
    /// The select it is a case of.
    pub select: Option<SelectIndex>,
    /// It runs in a deferred call: when its function returns.
    pub deferred: bool,
    /// The goroutines the witness shows at it (blocked there or passing it).
    pub goroutines: Vec<GoId>,
    /// How many times the witness shows a goroutine completing it by its own step.
    pub completed: u32,
}

/// A channel made in the file.
#[derive(Clone, Debug)]
pub struct ChannelFacts {
    /// The `make(chan ...)` call.
    pub make: Span,
    pub name: Option<ChannelName>,
    /// The function that makes it (none at package level).
    pub maker: Option<FuncId>,
    /// The capacity as written: `Some(0)` when there is none.
    pub written_capacity: Option<i64>,
    pub ops: Vec<ChanOp>,
    /// Its maker returns it (a generator).
    pub returned: bool,
    /// Its capacity in the witness, when the witness made it.
    pub capacity: Option<u32>,
    /// The channels this `make` made in the witness.
    pub objects: Vec<ObjectFacts>,
}

/// One channel a `make` made in the witness.
#[derive(Clone, Debug, Default)]
pub struct ObjectFacts {
    pub id: u32,
    /// Values taken from it (hand-offs and buffer takes).
    pub values_received: u32,
    /// Goroutines waiting to send on it, and to receive, when last seen.
    pub senders: Vec<GoId>,
    pub receivers: Vec<GoId>,
}

impl ChannelFacts {
    pub fn ops_of(&self, kind: OpKind) -> impl Iterator<Item = &ChanOp> + '_ {
        self.ops.iter().filter(move |o| o.kind == kind)
    }

    /// Receives and ranges.
    pub fn reads(&self) -> impl Iterator<Item = &ChanOp> + '_ {
        self.ops
            .iter()
            .filter(|o| matches!(o.kind, OpKind::Receive | OpKind::Range))
    }

    /// Buffered, by the witness when it made the channel, else as written.
    pub fn is_buffered(&self) -> bool {
        match self.capacity {
            Some(c) => c > 0,
            None => self.written_capacity != Some(0),
        }
    }
}

/// What a select case waits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseKind {
    Send,
    Receive,
    Default,
}

#[derive(Clone, Debug)]
pub struct CaseFacts {
    pub kind: CaseKind,
    pub span: Span,
    /// The channel operand (`c`, `ctx.Done()`, `timeoutOption.Timeout()`).
    pub operand: Option<Span>,
    /// The channel made in this file that the operand names.
    pub channel: Option<ChannelIndex>,
    /// The operand is a call's result (a timer, a context, an unknown
    /// method's channel): made by code the file does not show, never nil.
    pub operand_is_call: bool,
}

#[derive(Clone, Debug)]
pub struct SelectFacts {
    pub span: Span,
    pub function: FuncId,
    pub cases: Vec<CaseFacts>,
    /// Goroutines that reached it in the witness.
    pub reached_by: Vec<GoId>,
    /// Goroutines blocked in it at the end of the witness.
    pub blocked_at_end: Vec<GoId>,
    /// The case the witness shows firing, when a goroutine is next seen in
    /// its body.
    pub fired: Option<usize>,
}

impl SelectFacts {
    /// The witness shows a goroutine passing it: it reached the select and
    /// is not blocked there at the end.
    pub fn passed(&self) -> bool {
        self.reached_by
            .iter()
            .any(|g| !self.blocked_at_end.contains(g))
    }
}

/// `x.M(...)`: enough to find `mu.Lock()`, `wg.Done()` and the like.
#[derive(Clone, Debug)]
pub struct MethodCall {
    pub function: FuncId,
    /// The receiver's last name: `mu` for `mu.Lock()` and `c.mu.Lock()`.
    pub receiver: Option<String>,
    pub method: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct GoFacts {
    pub span: Span,
    pub function: FuncId,
    pub inside_loop: Option<Span>,
    /// The function it starts, when the file declares it.
    pub starts: Option<FuncId>,
}

#[derive(Clone, Debug, Default)]
pub struct FuncFacts {
    /// Go's name for it: `lookup`, `main.func1`.
    pub name: String,
    pub span: Span,
    /// The function a literal is written in.
    pub parent: Option<FuncId>,
    /// Its `return` statements (not those of literals inside it).
    pub returns: Vec<Span>,
}

/// Everything the rules match on for one verdict.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub channels: Vec<ChannelFacts>,
    pub selects: Vec<SelectFacts>,
    pub calls: Vec<MethodCall>,
    pub gos: Vec<GoFacts>,
    pub funcs: Vec<FuncFacts>,
}

impl Facts {
    /// The facts of a program, without a witness.
    pub fn of_program(program: &Program) -> Facts {
        // The first pass learns which parameters and generator results carry
        // which channel; the second records every operation with them known.
        let mut first = Walker::new(program, Bindings::default());
        first.walk_program();
        let mut second = Walker::new(program, first.bindings);
        // The same channels, so that the learnt bindings' indices hold.
        second.facts.channels = first.facts.channels;
        for c in &mut second.facts.channels {
            c.ops.clear();
            c.returned = false;
        }
        second.made = first.made;
        second.walk_program();
        second.facts
    }

    /// The facts of a program joined with a verdict's witness.
    pub fn of_verdict(program: &Program, verdict: &Verdict) -> Facts {
        let mut facts = Facts::of_program(program);
        facts.join_witness(verdict);
        facts
    }

    /// The channel made at this span (the engine's `make` span).
    pub fn channel_made_at(&self, span: Span) -> Option<ChannelIndex> {
        self.channels
            .iter()
            .position(|c| c.make == span)
            .or_else(|| {
                self.channels
                    .iter()
                    .position(|c| c.make.start < span.end && span.start < c.make.end)
            })
    }

    /// The innermost function whose span holds this span.
    pub fn function_at(&self, span: Span) -> Option<FuncId> {
        self.funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.span.start <= span.start && span.end <= f.span.end && !f.span.is_empty()
            })
            .min_by_key(|(_, f)| f.span.len())
            .map(|(i, _)| i as FuncId)
    }

    /// The operation of `channel` at this span (the blocked operation).
    pub fn op_at(&self, channel: ChannelIndex, span: Span) -> Option<&ChanOp> {
        let ops = &self.channels.get(channel)?.ops;
        ops.iter()
            .find(|o| o.span == span)
            .or_else(|| ops.iter().find(|o| overlaps(o.span, span)))
    }

    /// The select whose span is this one, or that holds it.
    pub fn select_at(&self, span: Span) -> Option<SelectIndex> {
        self.selects
            .iter()
            .enumerate()
            .filter(|(_, s)| s.span.start <= span.start && span.end <= s.span.end)
            .min_by_key(|(_, s)| s.span.len())
            .map(|(i, _)| i)
    }

    /// The `go` statement at this span.
    pub fn go_at(&self, span: Span) -> Option<&GoFacts> {
        self.gos.iter().find(|g| overlaps(g.span, span))
    }

    /// The function `g` is in and, for a goroutine, the function its `go`
    /// statement started (a lock may be held by an outer frame).
    pub fn functions_of_goroutine(&self, at: Span, go_span: Option<Span>) -> Vec<FuncId> {
        let mut out: Vec<FuncId> = self.function_at(at).into_iter().collect();
        if let Some(started) = go_span.and_then(|s| self.go_at(s)).and_then(|g| g.starts) {
            if !out.contains(&started) {
                out.push(started);
            }
        }
        out
    }

    /// Whether `inner` is `outer` or a literal written inside it.
    pub fn is_within(&self, inner: FuncId, outer: FuncId) -> bool {
        let mut current = Some(inner);
        while let Some(f) = current {
            if f == outer {
                return true;
            }
            current = self.funcs.get(f as usize).and_then(|f| f.parent);
        }
        false
    }

    fn join_witness(&mut self, verdict: &Verdict) {
        let steps = &verdict.witness.steps;
        // Spans that hold other operations: a select's step and a range's
        // step are theirs, not those of the operations written inside them.
        let containers: Vec<Span> = self
            .selects
            .iter()
            .map(|s| s.span)
            .chain(
                self.channels
                    .iter()
                    .flat_map(|c| c.ops_of(OpKind::Range).map(|o| o.span)),
            )
            .collect();
        for (k, step) in steps.iter().enumerate() {
            let Some(span) = step.span else { continue };
            if step.actor == GoId::RUNTIME {
                continue;
            }
            let blocked_here = step
                .goroutines
                .iter()
                .any(|g| g.id == step.actor && g.status == GoStatus::Blocked && g.span == span);
            let is_container = containers.contains(&span);
            for channel in &mut self.channels {
                for op in &mut channel.ops {
                    let hit = if is_container || op.select.is_some() {
                        op.span == span
                    } else {
                        contains(op.span, span)
                    };
                    if !hit {
                        continue;
                    }
                    push_unique(&mut op.goroutines, step.actor);
                    if !blocked_here {
                        op.completed += 1;
                    }
                }
            }
            for select in &mut self.selects {
                if select.span == span {
                    push_unique(&mut select.reached_by, step.actor);
                }
            }
            // A goroutine woken by a hand-off completes the operation it waited at.
            for handoff in &step.handoffs {
                let Some(before) = k.checked_sub(1).and_then(|p| steps.get(p)) else {
                    continue;
                };
                let Some(waiting) = before
                    .goroutines
                    .iter()
                    .find(|g| g.id == handoff.to && g.status == GoStatus::Blocked)
                else {
                    continue;
                };
                for channel in &mut self.channels {
                    for op in &mut channel.ops {
                        if op.span == waiting.span
                            || op.select.is_none() && contains(op.span, waiting.span)
                        {
                            push_unique(&mut op.goroutines, handoff.to);
                            op.completed += 1;
                        }
                    }
                }
                for select in &mut self.selects {
                    if select.span == waiting.span {
                        push_unique(&mut select.reached_by, handoff.to);
                    }
                }
            }
        }
        // A goroutine about to run a select (or blocked in it) has it as its
        // place: that is how a select passed without an event shows. The case
        // whose body it is next seen in is the one that fired.
        for (k, step) in steps.iter().enumerate() {
            for g in &step.goroutines {
                for select in &mut self.selects {
                    if select.span != g.span {
                        continue;
                    }
                    push_unique(&mut select.reached_by, g.id);
                    if select.fired.is_some() {
                        continue;
                    }
                    let next = steps[k + 1..].iter().find_map(|later| {
                        let at = later.goroutines.iter().find(|h| h.id == g.id)?.span;
                        (at != select.span).then_some(at)
                    });
                    if let Some(at) = next {
                        select.fired = select
                            .cases
                            .iter()
                            .position(|c| c.span.start <= at.start && at.end <= c.span.end);
                    }
                }
            }
        }
        if let Some(last) = steps.last() {
            for g in &last.goroutines {
                if g.status != GoStatus::Blocked {
                    continue;
                }
                for select in &mut self.selects {
                    if select.span == g.span {
                        push_unique(&mut select.blocked_at_end, g.id);
                        push_unique(&mut select.reached_by, g.id);
                    }
                }
                for channel in &mut self.channels {
                    for op in &mut channel.ops {
                        if op.span == g.span {
                            // Deduplicated below: 10,000 goroutines stuck at
                            // one operation made `push_unique` quadratic.
                            op.goroutines.push(g.id);
                        }
                    }
                }
            }
            for channel in &mut self.channels {
                for op in &mut channel.ops {
                    let mut seen = std::collections::HashSet::new();
                    op.goroutines.retain(|g| seen.insert(*g));
                }
            }
        }
        // The channels' objects in the witness (a `make` in a loop makes one
        // per iteration): capacity, values taken, who waits at the end.
        for channel in &mut self.channels {
            let mut objects: Vec<ObjectFacts> = Vec::new();
            // Object id -> index in `objects` (a `make` in a loop of 10,000
            // made looking it up by scanning quadratic).
            let mut index_of: HashMap<u32, usize> = HashMap::new();
            let mut previous: HashMap<u32, usize> = HashMap::new();
            for step in steps {
                for c in step.channels.iter().filter(|c| c.make_span == channel.make) {
                    let index = *index_of.entry(c.id).or_insert_with(|| {
                        objects.push(ObjectFacts {
                            id: c.id,
                            ..ObjectFacts::default()
                        });
                        objects.len() - 1
                    });
                    let object = &mut objects[index];
                    channel.capacity = Some(c.cap);
                    let before = previous.insert(c.id, c.buffer.len()).unwrap_or(0);
                    object.values_received += before.saturating_sub(c.buffer.len()) as u32;
                    object.senders.clone_from(&c.senders);
                    object.receivers.clone_from(&c.receivers);
                }
                for h in &step.handoffs {
                    if !matches!(h.kind, HandoffKind::Send | HandoffKind::Receive) {
                        continue;
                    }
                    if let Some(&i) = index_of.get(&h.object) {
                        objects[i].values_received += 1;
                    }
                }
            }
            channel.objects = objects;
        }
    }
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end || a == b
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn push_unique(v: &mut Vec<GoId>, x: GoId) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// What the first pass learns about names across functions.
#[derive(Clone, Debug, Default)]
struct Bindings {
    /// A parameter of a declared function or literal that is passed a channel.
    params: HashMap<(FuncId, usize), ChannelIndex>,
    /// A function that returns a channel it made.
    returns: HashMap<FuncId, ChannelIndex>,
    /// A struct field a channel is stored in.
    fields: HashMap<String, ChannelIndex>,
    /// A package-level variable holding a channel.
    globals: HashMap<String, ChannelIndex>,
    /// A map or slice (by its last name) that channels are stored in:
    /// `subs[id] = ch`, `chans = append(chans, ch)`.
    elements: HashMap<String, ChannelIndex>,
}

/// The last name of a collection expression: `subs` of `h.subs` and `subs`.
fn last_name(e: &Expr) -> Option<&String> {
    match &e.kind {
        ExprKind::Ident(name) | ExprKind::Selector(_, name) => Some(name),
        _ => None,
    }
}

struct Walker<'p> {
    program: &'p Program,
    facts: Facts,
    bindings: Bindings,
    made: HashMap<Span, ChannelIndex>,
    /// Names in scope, innermost last: a channel, or `None` for a name that
    /// shadows one.
    scopes: Vec<HashMap<String, Option<ChannelIndex>>>,
    func: FuncId,
    loops: Vec<Span>,
    select: Option<SelectIndex>,
    /// Inside a `defer` statement's call.
    deferred: bool,
}

impl<'p> Walker<'p> {
    fn new(program: &'p Program, bindings: Bindings) -> Walker<'p> {
        let funcs = program
            .funcs
            .iter()
            .map(|f| FuncFacts {
                name: f.name.clone(),
                span: f.span,
                ..FuncFacts::default()
            })
            .collect();
        Walker {
            program,
            facts: Facts {
                funcs,
                ..Facts::default()
            },
            bindings,
            made: HashMap::new(),
            scopes: Vec::new(),
            func: 0,
            loops: Vec::new(),
            select: None,
            deferred: false,
        }
    }

    fn walk_program(&mut self) {
        for global in &self.program.globals {
            for (i, name) in global.names.iter().enumerate() {
                if let Some(value) = global.values.get(i) {
                    self.expr(value);
                    if let Some(c) = self.make_of(value, None) {
                        self.facts.channels[c].name = Some(ChannelName::Variable(name.clone()));
                        self.bindings.globals.insert(name.clone(), c);
                    }
                }
            }
        }
        for (id, func) in self.program.funcs.iter().enumerate() {
            if func.is_literal {
                continue;
            }
            self.func_body(id as FuncId);
        }
    }

    /// Walks a function's body in a new scope of its parameters.
    fn func_body(&mut self, id: FuncId) {
        let program = self.program;
        let Some(func) = program.funcs.get(id as usize) else {
            return;
        };
        let saved = (
            self.func,
            std::mem::take(&mut self.loops),
            self.select.take(),
        );
        self.func = id;
        let mut scope = HashMap::new();
        if let Some(name) = func.receiver.as_ref().and_then(|r| r.name.clone()) {
            scope.insert(name, None);
        }
        for (i, p) in func.params.iter().enumerate() {
            if let Some(name) = &p.name {
                scope.insert(name.clone(), self.bindings.params.get(&(id, i)).copied());
            }
        }
        for p in &func.results {
            if let Some(name) = &p.name {
                scope.insert(name.clone(), None);
            }
        }
        self.scopes.push(scope);
        if let Some(body) = &func.body {
            self.stmts(&body.stmts);
        }
        self.scopes.pop();
        (self.func, self.loops, self.select) = saved;
    }

    fn lookup(&self, name: &str) -> Option<ChannelIndex> {
        for scope in self.scopes.iter().rev() {
            if let Some(binding) = scope.get(name) {
                return *binding;
            }
        }
        self.bindings.globals.get(name).copied()
    }

    fn var_spec(&mut self, spec: &crate::model::VarSpec) {
        for v in &spec.values {
            self.expr(v);
        }
        for (i, name) in spec.names.iter().enumerate() {
            let channel = spec.values.get(i).and_then(|v| {
                self.make_of(v, Some(ChannelName::Variable(name.clone())))
                    .or_else(|| self.channel_of(v))
            });
            self.bind(name, channel);
        }
    }

    fn bind(&mut self, name: &str, channel: Option<ChannelIndex>) {
        if name == "_" {
            return;
        }
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_string(), channel);
        }
    }

    /// Rebinds a name where it is declared (`c = make(...)` after `var c chan T`).
    fn rebind(&mut self, name: &str, channel: ChannelIndex) {
        for scope in self.scopes.iter_mut().rev() {
            if let Some(binding) = scope.get_mut(name) {
                *binding = Some(channel);
                return;
            }
        }
        if self.scopes.is_empty()
            || self
                .program
                .globals
                .iter()
                .any(|g| g.names.iter().any(|n| n == name))
        {
            self.bindings.globals.insert(name.to_string(), channel);
        } else {
            self.bind(name, Some(channel));
        }
    }

    /// The channel a `make(chan T, n)` call makes, registered once per span.
    fn make_of(&mut self, e: &Expr, name: Option<ChannelName>) -> Option<ChannelIndex> {
        let ExprKind::Call { func, args, .. } = &e.kind else {
            return None;
        };
        if !matches!(&func.kind, ExprKind::Ident(n) if n == "make") {
            return None;
        }
        if !matches!(
            args.first().map(|a| &a.kind),
            Some(ExprKind::Type(TypeExpr::Chan(..)))
        ) {
            return None;
        }
        if let Some(&c) = self.made.get(&e.span) {
            if name.is_some() && self.facts.channels[c].name.is_none() {
                self.facts.channels[c].name = name;
            }
            return Some(c);
        }
        let written_capacity = match args.get(1).map(|a| &a.kind) {
            None => Some(0),
            Some(ExprKind::Int(n)) => Some(*n),
            Some(_) => None,
        };
        let maker = (!self.scopes.is_empty()).then_some(self.func);
        let index = self.facts.channels.len();
        self.facts.channels.push(ChannelFacts {
            make: e.span,
            name,
            maker,
            written_capacity,
            ops: Vec::new(),
            returned: false,
            capacity: None,
            objects: Vec::new(),
        });
        self.made.insert(e.span, index);
        Some(index)
    }

    /// The channel an expression names, when it resolves to one made in the file.
    fn channel_of(&self, e: &Expr) -> Option<ChannelIndex> {
        match &e.kind {
            ExprKind::Ident(name) => self.lookup(name),
            ExprKind::Selector(_, field) => self.bindings.fields.get(field).copied(),
            ExprKind::Call { func, .. } => self
                .callee(func)
                .and_then(|f| self.bindings.returns.get(&f).copied()),
            _ => self.made.get(&e.span).copied(),
        }
    }

    fn op(&mut self, kind: OpKind, channel: Option<ChannelIndex>, span: Span) {
        let Some(c) = channel else { return };
        let op = ChanOp {
            kind,
            span,
            function: self.func,
            inside_loop: self.loops.last().copied(),
            select: self.select,
            deferred: self.deferred,
            goroutines: Vec::new(),
            completed: 0,
        };
        self.facts.channels[c].ops.push(op);
    }

    fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn block(&mut self, block: &Block) {
        self.scopes.push(HashMap::new());
        self.stmts(&block.stmts);
        self.scopes.pop();
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Define(names, values) => {
                for v in values {
                    self.expr(v);
                }
                let pairs = names.len() == values.len();
                for (i, name) in names.iter().enumerate() {
                    let channel = if pairs {
                        let value = &values[i];
                        self.make_of(value, Some(ChannelName::Variable(name.clone())))
                            .or_else(|| self.channel_of(value))
                    } else {
                        None
                    };
                    self.bind(name, channel);
                }
            }
            StmtKind::Var(spec) => self.var_spec(spec),
            StmtKind::VarGroup(specs) => specs.iter().for_each(|spec| self.var_spec(spec)),
            StmtKind::Const(consts) => {
                for c in consts {
                    self.bind(&c.name, None);
                }
            }
            StmtKind::Assign(lhs, rhs) => {
                for e in lhs.iter().chain(rhs) {
                    self.expr(e);
                }
                if lhs.len() == rhs.len() {
                    for (target, value) in lhs.iter().zip(rhs) {
                        self.assign(target, value);
                    }
                }
            }
            StmtKind::OpAssign(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            StmtKind::IncDec(e, _) => self.expr(e),
            StmtKind::Send { chan, value } => {
                self.expr(chan);
                self.expr(value);
                let c = self.channel_of(chan);
                self.op(OpKind::Send, c, s.span);
            }
            StmtKind::Go(call) => {
                let (starts, inside_loop) = (self.started(call), self.loops.last().copied());
                self.facts.gos.push(GoFacts {
                    span: s.span,
                    function: self.func,
                    inside_loop,
                    starts,
                });
                self.expr(call);
            }
            StmtKind::Defer(e) => {
                let saved = std::mem::replace(&mut self.deferred, true);
                self.expr(e);
                self.deferred = saved;
            }
            StmtKind::Return(values) => {
                for v in values {
                    self.expr(v);
                }
                if let Some(f) = self.facts.funcs.get_mut(self.func as usize) {
                    f.returns.push(s.span);
                }
                for v in values {
                    if let Some(c) = self.channel_of(v) {
                        if self.facts.channels[c].maker == Some(self.func) {
                            self.facts.channels[c].returned = true;
                            self.bindings.returns.insert(self.func, c);
                        }
                    }
                }
            }
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
                self.scopes.push(HashMap::new());
                if let Some(init) = init {
                    self.stmt(init);
                }
                self.expr(cond);
                self.block(then);
                if let Some(els) = els {
                    self.stmt(els);
                }
                self.scopes.pop();
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => {
                self.scopes.push(HashMap::new());
                if let Some(init) = init {
                    self.stmt(init);
                }
                self.loops.push(s.span);
                if let Some(cond) = cond {
                    self.expr(cond);
                }
                if let Some(post) = post {
                    self.stmt(post);
                }
                self.block(body);
                self.loops.pop();
                self.scopes.pop();
            }
            StmtKind::Range {
                key,
                value,
                define,
                expr,
                body,
            } => {
                self.expr(expr);
                let c = self.channel_of(expr);
                self.op(OpKind::Range, c, s.span);
                self.scopes.push(HashMap::new());
                // The value of a range over a collection of channels is one
                // of them.
                for target in [key, value].into_iter().flatten() {
                    match (&target.kind, define) {
                        (ExprKind::Ident(name), true) => self.bind(name, None),
                        _ => self.expr(target),
                    }
                }
                if let (Some(ExprKind::Ident(name)), true) =
                    (value.as_ref().map(|v| &v.kind), define)
                {
                    let element = last_name(expr)
                        .and_then(|n| self.bindings.elements.get(n))
                        .copied();
                    self.bind(name, element);
                }
                self.loops.push(s.span);
                self.block(body);
                self.loops.pop();
                self.scopes.pop();
            }
            StmtKind::Switch { init, tag, cases } => {
                self.scopes.push(HashMap::new());
                if let Some(init) = init {
                    self.stmt(init);
                }
                if let Some(tag) = tag {
                    self.expr(tag);
                }
                for case in cases {
                    for e in &case.exprs {
                        self.expr(e);
                    }
                    self.scopes.push(HashMap::new());
                    self.stmts(&case.body);
                    self.scopes.pop();
                }
                self.scopes.pop();
            }
            StmtKind::TypeSwitch {
                init,
                bind,
                expr,
                cases,
            } => {
                self.scopes.push(HashMap::new());
                if let Some(init) = init {
                    self.stmt(init);
                }
                self.expr(expr);
                for case in cases {
                    self.scopes.push(HashMap::new());
                    if let Some(name) = bind {
                        self.bind(name, None);
                    }
                    self.stmts(&case.body);
                    self.scopes.pop();
                }
                self.scopes.pop();
            }
            StmtKind::Select(cases) => self.select_stmt(s.span, cases),
            StmtKind::Block(b) => self.block(b),
            StmtKind::Labeled(_, inner) => self.stmt(inner),
            StmtKind::Break(_)
            | StmtKind::Continue(_)
            | StmtKind::Goto(_)
            | StmtKind::Fallthrough
            | StmtKind::Empty
            | StmtKind::Opaque(_) => {}
        }
    }

    fn select_stmt(&mut self, span: Span, cases: &[crate::model::SelectCase]) {
        let index = self.facts.selects.len();
        self.facts.selects.push(SelectFacts {
            span,
            function: self.func,
            cases: Vec::new(),
            reached_by: Vec::new(),
            blocked_at_end: Vec::new(),
            fired: None,
        });
        for case in cases {
            let (kind, chan) = match &case.comm {
                CommClause::Send { chan, value } => {
                    self.expr(value);
                    (CaseKind::Send, Some(chan))
                }
                CommClause::Recv { chan, .. } => (CaseKind::Receive, Some(chan)),
                CommClause::Default => (CaseKind::Default, None),
            };
            let mut facts = CaseFacts {
                kind,
                span: case.span,
                operand: chan.map(|c| c.span),
                channel: None,
                operand_is_call: chan.is_some_and(|c| matches!(c.kind, ExprKind::Call { .. })),
            };
            if let Some(chan) = chan {
                self.expr(chan);
                facts.channel = self.channel_of(chan);
                let saved = self.select.replace(index);
                let op = if kind == CaseKind::Send {
                    OpKind::Send
                } else {
                    OpKind::Receive
                };
                self.op(op, facts.channel, case_op_span(case));
                self.select = saved;
            }
            self.facts.selects[index].cases.push(facts);
            self.scopes.push(HashMap::new());
            if let CommClause::Recv { lhs, define, .. } = &case.comm {
                for target in lhs {
                    match (&target.kind, define) {
                        (ExprKind::Ident(name), true) => self.bind(name, None),
                        _ => self.expr(target),
                    }
                }
            }
            self.stmts(&case.body);
            self.scopes.pop();
        }
    }

    fn assign(&mut self, target: &Expr, value: &Expr) {
        // A channel stored in a collection: `subs[id] = ch`, `chans =
        // append(chans, ch)`.
        let stored = match (&target.kind, &value.kind) {
            (ExprKind::Index(collection, _), _) => last_name(collection).zip(Some(value)),
            (_, ExprKind::Call { func, args, .. }) if matches!(&func.kind, ExprKind::Ident(n) if n == "append") => {
                last_name(target).zip(args.last())
            }
            _ => None,
        };
        if let Some((name, element)) = stored {
            let c = self
                .make_of(element, None)
                .or_else(|| self.channel_of(element));
            if let Some(c) = c {
                self.bindings.elements.entry(name.clone()).or_insert(c);
            }
        }
        let channel = match &target.kind {
            ExprKind::Ident(name) => {
                let c = self
                    .make_of(value, Some(ChannelName::Variable(name.clone())))
                    .or_else(|| self.channel_of(value));
                if let Some(c) = c {
                    self.rebind(name, c);
                }
                return;
            }
            ExprKind::Selector(_, field) => self
                .make_of(value, Some(ChannelName::Field(field.clone())))
                .map(|c| (field.clone(), c)),
            _ => None,
        };
        if let Some((field, c)) = channel {
            self.bindings.fields.entry(field).or_insert(c);
        }
    }

    /// The function a `go` statement starts.
    fn started(&self, call: &Expr) -> Option<FuncId> {
        let ExprKind::Call { func, .. } = &call.kind else {
            return None;
        };
        self.callee(func)
    }

    /// The function a call calls, when the file shows which: a literal, a
    /// declared function, or the one method of that name (`s.worker`).
    fn callee(&self, func: &Expr) -> Option<FuncId> {
        match &func.kind {
            ExprKind::FuncLit(id) => Some(*id),
            ExprKind::Ident(name) => self.program.func_by_name(name),
            ExprKind::Selector(_, name) => {
                let mut methods = self
                    .program
                    .funcs
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.receiver.is_some() && f.name == *name);
                match (methods.next(), methods.next()) {
                    (Some((id, _)), None) => Some(id as FuncId),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Recv(x) => {
                self.expr(x);
                let c = self.channel_of(x);
                if self.select.is_none() {
                    self.op(OpKind::Receive, c, e.span);
                }
            }
            ExprKind::Call { func, args, .. } => {
                for a in args {
                    self.expr(a);
                }
                match &func.kind {
                    ExprKind::Ident(name) if name == "close" => {
                        let c = args.first().and_then(|a| self.channel_of(a));
                        self.op(OpKind::Close, c, e.span);
                    }
                    ExprKind::Selector(receiver, method) => {
                        let receiver_name = match &receiver.kind {
                            ExprKind::Ident(n) => Some(n.clone()),
                            ExprKind::Selector(_, f) => Some(f.clone()),
                            _ => None,
                        };
                        self.facts.calls.push(MethodCall {
                            function: self.func,
                            receiver: receiver_name,
                            method: method.clone(),
                            span: e.span,
                        });
                    }
                    _ => {}
                }
                if let Some(callee) = self.callee(func) {
                    for (i, a) in args.iter().enumerate() {
                        if let Some(c) = self.channel_of(a) {
                            self.bindings.params.entry((callee, i)).or_insert(c);
                        }
                    }
                }
                self.expr(func);
            }
            ExprKind::FuncLit(id) => {
                let id = *id;
                if let Some(f) = self.facts.funcs.get_mut(id as usize) {
                    f.parent = Some(self.func);
                }
                self.func_body(id);
            }
            ExprKind::Composite { elems, .. } => {
                for (key, value) in elems {
                    self.expr(value);
                    if let Some(ExprKind::Ident(field)) = key.as_ref().map(|k| &k.kind) {
                        if let Some(c) =
                            self.make_of(value, Some(ChannelName::Field(field.clone())))
                        {
                            self.bindings.fields.entry(field.clone()).or_insert(c);
                        }
                    }
                }
            }
            ExprKind::Selector(x, _)
            | ExprKind::Unary(_, x)
            | ExprKind::Deref(x)
            | ExprKind::AddrOf(x)
            | ExprKind::TypeAssert(x, _) => self.expr(x),
            ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Slice { x, lo, hi, max } => {
                self.expr(x);
                for part in [lo, hi, max].into_iter().flatten() {
                    self.expr(part);
                }
            }
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Rune(_)
            | ExprKind::Ident(_)
            | ExprKind::Type(_)
            | ExprKind::Opaque(_) => {}
        }
    }
}

/// The span of a select case's operation: its send, or its receive expression.
fn case_op_span(case: &crate::model::SelectCase) -> Span {
    match &case.comm {
        CommClause::Send { chan, value } => Span {
            start: chan.span.start,
            end: value.span.end,
        },
        CommClause::Recv { chan, .. } => chan.span,
        CommClause::Default => case.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn facts(source: &str) -> Facts {
        Facts::of_program(&crate::model::lower(&parse(source)))
    }

    /// Each channel's name and its operations' kinds, in source order.
    fn ops(facts: &Facts) -> Vec<(String, Vec<OpKind>)> {
        facts
            .channels
            .iter()
            .map(|c| {
                let name = c.name.as_ref().map(|n| n.shown().to_string());
                let mut ops: Vec<&ChanOp> = c.ops.iter().collect();
                crate::order::sort_by_key(&mut ops, |o| o.span.start);
                (
                    name.unwrap_or_default(),
                    ops.iter().map(|o| o.kind).collect(),
                )
            })
            .collect()
    }

    /// A channel stored in a map or slice is the one a range over that
    /// collection gives: a publisher's send reaches the subscriber's channel.
    #[test]
    fn channels_stored_in_collections_come_back_from_ranges_over_them() {
        let f = facts(
            "package main
type Hub struct{ subs map[int]chan string }
func (h *Hub) Subscribe(id int) chan string { ch := make(chan string); h.subs[id] = ch; return ch }
func (h *Hub) Publish(m string) { for _, ch := range h.subs { ch <- m } }
func fan(n int) { var outs []chan int; for i := 0; i < n; i++ { c := make(chan int, 1); outs = append(outs, c) }; for i, c := range outs { c <- i } }
func main() {}",
        );
        use OpKind::*;
        assert_eq!(
            ops(&f),
            vec![
                ("ch".to_string(), vec![Send]),
                ("c".to_string(), vec![Send])
            ]
        );
    }

    #[test]
    fn names_resolve_through_closures_parameters_generators_and_fields() {
        let f = facts(
            "package main
func worker(in chan int, done chan bool) { for v := range in { _ = v }; done <- true }
func gen() <-chan int { out := make(chan int); go func() { out <- 1; close(out) }(); return out }
type Q struct{ items chan int }
func main() {
	jobs := make(chan int, 2)
	done := make(chan bool)
	go worker(jobs, done)
	jobs <- 1
	close(jobs)
	<-done
	g := gen()
	<-g
	q := &Q{items: make(chan int)}
	go func() { q.items <- 1 }()
	<-q.items
	{ jobs := 3; _ = jobs }
}",
        );
        use OpKind::*;
        assert_eq!(
            ops(&f),
            [
                ("out".to_string(), vec![Send, Close, Receive]),
                ("jobs".to_string(), vec![Range, Send, Close]),
                ("done".to_string(), vec![Send, Receive]),
                ("items".to_string(), vec![Send, Receive]),
            ]
        );
        assert!(f.channels[0].returned);
        assert_eq!(f.channels[1].written_capacity, Some(2));
        assert_eq!(f.channels[2].written_capacity, Some(0));
    }

    #[test]
    fn selects_know_their_cases_and_loops_and_defers_are_recorded() {
        let f = facts(
            "package main
func f(opt Options) {
	c := make(chan int)
	defer close(c)
	for i := 0; i < 3; i++ {
		go func() { c <- i }()
	}
	select {
	case <-opt.Timeout():
	case v := <-c:
		_ = v
	default:
	}
}",
        );
        let select = &f.selects[0];
        let kinds: Vec<CaseKind> = select.cases.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [CaseKind::Receive, CaseKind::Receive, CaseKind::Default]
        );
        assert!(select.cases[0].operand_is_call && select.cases[0].channel.is_none());
        assert_eq!(select.cases[1].channel, Some(0));
        let c = &f.channels[0];
        let close = c.ops_of(OpKind::Close).next().unwrap();
        assert!(close.deferred && close.inside_loop.is_none());
        // The send is in a literal: the loop is its parent's, not its own.
        assert!(c.ops_of(OpKind::Send).next().unwrap().inside_loop.is_none());
        assert!(f.gos[0].inside_loop.is_some());
        assert_eq!(c.ops_of(OpKind::Receive).next().unwrap().select, Some(0));
    }

    #[test]
    fn methods_pass_and_return_channels_too() {
        let f = facts(
            "package main
type S struct{}
func (s *S) stream() <-chan int { c := make(chan int); go s.fill(c); return c }
func (s *S) fill(out chan int) { out <- 1 }
func main() { s := &S{}; <-s.stream() }",
        );
        use OpKind::*;
        assert_eq!(ops(&f), [("c".to_string(), vec![Send, Receive])]);
        assert_eq!(f.gos[0].starts, Some(1));
    }
}
