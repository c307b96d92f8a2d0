//! Remedies shared by the rules whose goroutines outlive their reader
//! (premature return, timeout, NCast, send after the reader left, full
//! buffer): a buffer when the number of sends is known, else a `done`
//! channel that the function which stops reading closes on return and that
//! the sender selects on. Each builder returns a fix only when its
//! preconditions hold in the code; verification (`check::verify_fixes`)
//! then proves it on every entry.

use super::classify::LeakContext;
use super::code::{enclosing_function, enclosing_loop, ChannelCode, Use};
use super::edits::{
    buffer_channel, enclosing, indent_at, insert_after_statement, insert_before_statement,
    mentions, replace_statement_lines, text, Escape,
};
use crate::fix::{Applicability, Edit, Fix};
use crate::syntax::Span;
use tree_sitter::Node;

/// Whether exactly one send on the channel can ever happen: one send in the
/// code, outside any loop, by one goroutine started once per channel (not in
/// a loop that does not also make the channel). Only then does a buffer of 1
/// hold every value: several senders to a buffer of 1 still leak all but one.
pub fn single_send(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> bool {
    let (Some(send), Some(maker)) = (blocked_send(cx), maker_or_fragment(cx, channel)) else {
        return false;
    };
    if cx.blocked.len() > 1 || enclosing_loop(send).is_some() {
        return false;
    }
    let mut sends: Vec<Node<'_>> = channel.uses_of(Use::Send).collect();
    if !sends.iter().any(|s| s.id() == send.id()) {
        sends.push(send);
    }
    if sends.len() != 1 {
        return false;
    }
    let Some(sender) = enclosing_function(send) else {
        return false;
    };
    let make = channel.make;
    if contains(maker, sender) {
        return !loop_between(sender, maker, make);
    }
    // A named function or method: started by exactly one `go` statement in
    // the maker, and sending nothing else.
    let name = super::code::function_name(cx.file, sender);
    let Some(body) = maker.child_by_field_name("body") else {
        return false;
    };
    let mut starts = Vec::new();
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if n.kind() == "go_statement" {
            let callee = n
                .named_child(0)
                .and_then(|call| call.child_by_field_name("function"));
            let named = callee.is_some_and(|f| match f.kind() {
                "identifier" => text(cx.file, f) == name,
                "selector_expression" => f
                    .child_by_field_name("field")
                    .is_some_and(|x| text(cx.file, x) == name),
                _ => false,
            });
            if named {
                starts.push(n);
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    let [start] = starts.as_slice() else {
        return false;
    };
    let mut sends_in_sender = 0;
    let mut stack = vec![sender];
    while let Some(n) = stack.pop() {
        sends_in_sender += usize::from(n.kind() == "send_statement");
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    sends_in_sender == 1 && !loop_between(*start, maker, make)
}

/// Whether `outer` contains `inner`.
/// The function that makes the channel, or the file itself when the `make`
/// is one of the statements pasted without a function around them (the
/// model analyzes those as the body of `main`).
fn maker_or_fragment<'t>(cx: &LeakContext<'t>, channel: &ChannelCode<'t>) -> Option<Node<'t>> {
    channel.function.or_else(|| {
        let statement = super::edits::enclosing_statement(channel.make)?;
        let pasted = statement.parent()?.kind() == "source_file"
            && !matches!(statement.kind(), "var_declaration" | "const_declaration");
        pasted.then(|| cx.file.root())
    })
}

/// "Buffer the channel to the number of sends" when that number is known
/// where the channel is made: one goroutine, started once by the maker,
/// sends every value in one loop over a slice, array or map that the maker
/// was given as a parameter and never reassigns. The buffer then holds
/// every value the reader left behind, and they are dropped with the
/// channel.
pub fn buffer_every_send(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> Option<Fix> {
    let send = blocked_send(cx)?;
    let maker = channel.function?;
    let sends: Vec<Node<'_>> = channel.uses_of(Use::Send).collect();
    if cx.blocked.len() != 1 || sends.len() != 1 || sends[0].id() != send.id() {
        return None;
    }
    let sender = enclosing_function(send)?;
    if sender.kind() != "func_literal" || sender.id() == maker.id() || !contains(maker, sender) {
        return None;
    }
    let go = enclosing(sender, &["go_statement"])?;
    if loop_between(go, maker, channel.make) {
        return None;
    }
    let each = enclosing_loop(send)?;
    if enclosing_loop(each).is_some() {
        return None;
    }
    let mut cursor = each.walk();
    let collection = each
        .named_children(&mut cursor)
        .find(|c| c.kind() == "range_clause")
        .and_then(|r| r.child_by_field_name("right"))
        .filter(|r| r.kind() == "identifier")?;
    let name = text(cx.file, collection);
    let parameters = maker.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let given = parameters.named_children(&mut cursor).any(|p| {
        let sized = p.kind() == "variadic_parameter_declaration"
            || p.child_by_field_name("type")
                .is_some_and(|t| matches!(t.kind(), "slice_type" | "array_type" | "map_type"));
        let mut names = p.walk();
        let named = p
            .children_by_field_name("name", &mut names)
            .any(|n| text(cx.file, n) == name);
        sized && named
    });
    if !given || assigns(cx, maker, name) {
        return None;
    }
    let count = format!("len({name})");
    let edit = buffer_channel(cx.file, Span::of(channel.make), &count)?;
    Some(
        Fix::new(
            format!("Buffer the channel to the number of sends ({count})"),
            Applicability::Unsafe,
            vec![edit],
        )
        .because(format!(
            "every send completes at once into a buffer of {count}; the values the reader left are dropped with the channel"
        )),
    )
}

/// A goroutine blocked handing a stop signal over (`stop <- struct{}{}`,
/// the only send on that channel, which nothing closes) to a receiver that
/// may never take it: signal by closing the channel instead, which never
/// waits. Offered only when every receive of the channel stops its
/// receiver (a select case that returns, or a receive outside any loop), so
/// a closed channel cannot make a loop spin.
pub fn signal_by_close(cx: &LeakContext<'_>, send: Node<'_>) -> Option<Fix> {
    let value = send.child_by_field_name("value")?;
    let empty_struct = value.kind() == "composite_literal"
        && value.child_by_field_name("type").is_some_and(|t| {
            t.kind() == "struct_type" && t.named_child(0).is_none_or(|l| l.named_child_count() == 0)
        })
        && value
            .child_by_field_name("body")
            .is_some_and(|b| b.named_child_count() == 0);
    let channel = send.child_by_field_name("channel")?;
    let last_name = match channel.kind() {
        "selector_expression" => channel.child_by_field_name("field")?,
        "identifier" => channel,
        _ => return None,
    };
    let last_name = text(cx.file, last_name);
    let mut made = cx
        .facts
        .channels
        .iter()
        .filter(|c| c.name.as_ref().is_some_and(|n| n.shown() == last_name));
    let (Some(facts), None, true) = (made.next(), made.next(), empty_struct) else {
        return None;
    };
    let at = Span::of(send);
    let sends: Vec<_> = facts.ops_of(super::facts::OpKind::Send).collect();
    let [only] = sends.as_slice() else {
        return None;
    };
    if only.span != at
        || facts.ops_of(super::facts::OpKind::Close).next().is_some()
        || facts.ops_of(super::facts::OpKind::Range).next().is_some()
    {
        return None;
    }
    let stops_receiver = facts
        .ops_of(super::facts::OpKind::Receive)
        .all(|op| match op.select {
            Some(_) => super::edits::node_covering(cx.file, op.span)
                .and_then(|n| enclosing(n, &["communication_case"]))
                .is_some_and(super::edits::returns_inside),
            None => op.inside_loop.is_none(),
        });
    if !stops_receiver {
        return None;
    }
    let shown = text(cx.file, channel);
    Some(
        Fix::new(
            format!("Signal by closing `{shown}` (`close({shown})`) instead of sending"),
            Applicability::Unsafe,
            vec![Edit::replace(
                send.start_byte(),
                send.end_byte(),
                format!("close({shown})"),
            )],
        )
        .because("the signal no longer waits for a receiver; every receiver sees it, and signalling twice panics"),
    )
}

/// Whether `name` is assigned (`name = ...`, `name, x = ...`) inside `scope`.
fn assigns(cx: &LeakContext<'_>, scope: Node<'_>, name: &str) -> bool {
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.kind() == "assignment_statement" {
            if let Some(left) = n.child_by_field_name("left") {
                let mut cursor = left.walk();
                if left
                    .named_children(&mut cursor)
                    .any(|l| l.kind() == "identifier" && text(cx.file, l) == name)
                {
                    return true;
                }
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

fn contains(outer: Node<'_>, inner: Node<'_>) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

/// Whether a loop between `node` and `maker` repeats `node` without making
/// a new channel each time (a loop that does not contain the `make`).
fn loop_between(node: Node<'_>, maker: Node<'_>, make: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.id() == maker.id() {
            return false;
        }
        if n.kind() == "for_statement" && !contains(n, make) {
            return true;
        }
        current = n.parent();
    }
    false
}

/// "Buffer the channel (capacity 1)" when exactly one value is ever sent.
pub fn buffer_one(cx: &LeakContext<'_>, channel: &ChannelCode<'_>, title: &str) -> Option<Fix> {
    if !single_send(cx, channel) {
        return None;
    }
    let edit = buffer_channel(cx.file, Span::of(channel.make), "1")?;
    Some(
        Fix::new(title, Applicability::Unsafe, vec![edit]).because(
            "the send no longer waits for a receiver: the value is dropped with the channel when nobody takes it",
        ),
    )
}

/// "Buffer the channel to the number of sends" when that number is written
/// in the code (`len(items)`, `n`, `4`).
pub fn buffer_to(channel: &ChannelCode<'_>, cx: &LeakContext<'_>, count: &str) -> Option<Fix> {
    let edit = buffer_channel(cx.file, Span::of(channel.make), count)?;
    Some(
        Fix::new(
            format!("Buffer the channel to the number of senders ({count})"),
            Applicability::Unsafe,
            vec![edit],
        )
        .because(format!(
            "every send completes at once into a buffer of {count}; values nobody reads are dropped with the channel"
        )),
    )
}

/// A name for the new done channel that no code in `scopes` uses yet.
fn fresh_done_name(cx: &LeakContext<'_>, scopes: &[Node<'_>]) -> Option<&'static str> {
    ["done", "stop", "quit", "cancelled"]
        .into_iter()
        .find(|n| !scopes.iter().any(|s| mentions(cx.file, *s, n)))
}

/// The send statement the finding's goroutine is blocked on.
pub fn blocked_send<'t>(cx: &LeakContext<'t>) -> Option<Node<'t>> {
    cx.operation
        .and_then(|op| enclosing(op, &["send_statement"]))
}

/// The lines of `select { case SEND: case <-done: [return] }`.
fn select_lines(cx: &LeakContext<'_>, send: Node<'_>, done: &str) -> Vec<String> {
    let mut lines = vec![
        "select {".to_string(),
        format!("case {}:", text(cx.file, send)),
        format!("case <-{done}:"),
    ];
    // In a loop the sender must stop sending; otherwise it simply goes on.
    if enclosing_loop(send).is_some() {
        lines.push("\treturn".to_string());
    }
    lines.push("}".to_string());
    lines
}

/// Replaces a send by `lines` (its select), keeping gofmt's layout: a send
/// alone in a one-line block (`go func() { ch <- v }()`) gets the block
/// split over several lines.
pub fn wrap_send(cx: &LeakContext<'_>, send: Node<'_>, lines: &[String]) -> Option<Edit> {
    let block = enclosing(send, &["block"])?;
    let line_of = |offset: usize| cx.file.lines.line_col(offset as u32).line;
    if line_of(block.start_byte()) != line_of(send.start_byte()) {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        return Some(replace_statement_lines(cx.file, send, &lines));
    }
    if super::edits::statements_of(block).len() != 1 {
        return None;
    }
    let outer = indent_at(&cx.file.text, block.start_byte()).to_string();
    let inner = format!("{outer}\t");
    let body: Vec<String> = lines.iter().map(|l| format!("{inner}{l}")).collect();
    Some(Edit::replace(
        block.start_byte(),
        block.end_byte(),
        format!("{{\n{}\n{outer}}}", body.join("\n")),
    ))
}

/// Whether the maker itself reads the channel (outside the goroutines it
/// starts): it is the function that stops reading, so closing `done` when it
/// returns tells the senders exactly when nobody will read any more.
fn maker_reads(channel: &ChannelCode<'_>, maker: Node<'_>) -> bool {
    channel
        .uses_of(Use::Receive)
        .chain(channel.uses_of(Use::Range))
        .any(|r| enclosing_function(r).is_some_and(|f| f.id() == maker.id()))
}

/// The send of a goroutine started inside the function that makes and reads
/// the channel: `done := make(chan struct{})` and `defer close(done)` after
/// the channel's make, and the send becomes a select that also waits on
/// `done`.
pub fn done_channel_in_maker(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> Option<Fix> {
    let send = blocked_send(cx)?;
    let statement = channel.statement?;
    let maker = channel.function?;
    // A channel made in a loop would pile up one deferred close per turn.
    if channel.is_field()
        || enclosing_loop(statement).is_some()
        || !maker_reads(channel, maker)
        || !channel.uses_of(Use::Send).any(|s| s.id() == send.id())
    {
        return None;
    }
    // Every send on the channel must be written inside the maker, in a
    // goroutine it starts: those can see the new channel.
    let sends: Vec<Node<'_>> = channel.uses_of(Use::Send).collect();
    let inside =
        |n: Node<'_>| maker.start_byte() <= n.start_byte() && n.end_byte() <= maker.end_byte();
    if !sends
        .iter()
        .all(|s| inside(*s) && enclosing_function(*s).is_some_and(|f| f.id() != maker.id()))
    {
        return None;
    }
    // A send already inside a select would need a case added, not a wrap.
    if sends
        .iter()
        .any(|s| enclosing(*s, &["select_statement"]).is_some_and(inside))
    {
        return None;
    }
    // The goroutines' other sends give up too: a worker blocked on its
    // next send would leak as well.
    let mut all = sends.clone();
    for s in &sends {
        let literal = enclosing_function(*s)?;
        if literal.start_byte() < statement.end_byte() {
            return None;
        }
        for other in plain_sends(literal.child_by_field_name("body")?) {
            if !all.iter().any(|a| a.id() == other.id()) {
                all.push(other);
            }
        }
    }
    let done = fresh_done_name(cx, &[maker])?;
    let indent = indent_at(&cx.file.text, statement.start_byte());
    let mut edits = vec![insert_after_statement(
        cx.file,
        statement,
        &format!("{done} := make(chan struct{{}})\n{indent}defer close({done})"),
    )];
    for s in &all {
        edits.push(wrap_send(cx, *s, &select_lines(cx, *s, done))?);
    }
    Some(
        Fix::new(
            format!(
                "Stop the sender when `{}` returns (a `{done}` channel closed by `defer`)",
                super::code::function_name(cx.file, maker)
            ),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "a sender that finds nobody reading gives up instead of waiting: the value it had is dropped once `{done}` is closed"
        )),
    )
}

/// A generator (a declared function that makes the channel, starts the
/// sender and returns the channel) read by one caller that stops early: the
/// caller makes `done` and closes it by `defer`, passes it as the
/// generator's first argument, and the sender selects on it.
pub fn done_channel_for_generator(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> Option<Fix> {
    let send = blocked_send(cx)?;
    let maker = channel.function?;
    if maker.kind() != "function_declaration" || channel.is_field() {
        return None;
    }
    let maker_name = text(cx.file, maker.child_by_field_name("name")?);
    let params = maker.child_by_field_name("parameters")?;
    // A generator hands its channel to the caller and does not read it.
    if maker_reads(channel, maker)
        || super::edits::escape_of(cx.file, maker, &channel.name) != Some(Escape::Returned)
    {
        return None;
    }
    // Every send is the goroutine's, written inside the generator.
    let sends: Vec<Node<'_>> = channel.uses_of(Use::Send).collect();
    let inside =
        |n: Node<'_>| maker.start_byte() <= n.start_byte() && n.end_byte() <= maker.end_byte();
    if !sends
        .iter()
        .all(|s| inside(*s) && enclosing_function(*s).is_some_and(|f| f.id() != maker.id()))
        || sends
            .iter()
            .any(|s| enclosing(*s, &["select_statement"]).is_some_and(inside))
        || !sends.iter().any(|s| s.id() == send.id())
    {
        return None;
    }
    // Every call of the generator is in one reader, which makes `done`
    // before the first and passes it to all.
    let calls = calls_of(cx, maker_name)?;
    let first = *calls.first()?;
    let reader = enclosing_function(first)?;
    if reader.id() == maker.id() {
        return None;
    }
    let call_statement = super::edits::enclosing_statement(first)?;
    // The statements must sit in the reader's body or a block of it, not
    // in a loop (one done per read), nor inside a nested literal.
    for call in &calls {
        let statement = super::edits::enclosing_statement(*call)?;
        if enclosing_loop(statement).is_some()
            || enclosing_function(*call).is_none_or(|f| f.id() != reader.id())
            || statement.start_byte() < call_statement.start_byte()
        {
            return None;
        }
    }
    let done = fresh_done_name(cx, &[maker, reader])?;
    let mut arg_edits = Vec::new();
    for call in &calls {
        let args = call.child_by_field_name("arguments")?;
        arg_edits.push(if args.named_child_count() == 0 {
            Edit::insert(args.start_byte() + 1, done)
        } else {
            Edit::insert(args.start_byte() + 1, format!("{done}, "))
        });
    }
    let param_edit = if params.named_child_count() == 0 {
        Edit::insert(params.start_byte() + 1, format!("{done} <-chan struct{{}}"))
    } else {
        Edit::insert(
            params.start_byte() + 1,
            format!("{done} <-chan struct{{}}, "),
        )
    };
    let indent = indent_at(&cx.file.text, call_statement.start_byte()).to_string();
    let mut edits = vec![
        insert_before_statement(
            cx.file,
            call_statement,
            &format!("{done} := make(chan struct{{}})\n{indent}defer close({done})"),
        ),
        param_edit,
    ];
    edits.extend(arg_edits);
    for s in &sends {
        edits.push(wrap_send(cx, *s, &select_lines(cx, *s, done))?);
    }
    Some(
        Fix::new(
            format!(
                "Let `{}` stop `{maker_name}` when it returns (a `{done}` channel closed by `defer`)",
                super::code::function_name(cx.file, reader)
            ),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "`{maker_name}` gets a new parameter and stops producing once its reader has returned"
        )),
    )
}

/// The short declaration a call's single value goes into (`x := f(...)`, or
/// `x, err := f(...)`) and its left-hand side.
pub fn declared_by<'t>(call: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    let list = call.parent().filter(|p| p.kind() == "expression_list")?;
    let assignment = list
        .parent()
        .filter(|s| s.kind() == "short_var_declaration" && list.named_child_count() == 1)?;
    let left = assignment.child_by_field_name("left")?;
    Some((assignment, left))
}

/// The calls `name(...)` of a top-level function anywhere in the file, or
/// `None` when the name is also used as a value (`f := gen`): such a use
/// would miss the new argument.
pub fn calls_of<'t>(cx: &LeakContext<'t>, name: &str) -> Option<Vec<Node<'t>>> {
    let mut out = Vec::new();
    let mut stack = vec![cx.file.root()];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" && text(cx.file, n) == name {
            let parent = n.parent()?;
            let called = parent.kind() == "call_expression"
                && parent
                    .child_by_field_name("function")
                    .is_some_and(|f| f.id() == n.id());
            if called {
                out.push(parent);
            } else if parent.kind() != "function_declaration" {
                return None;
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    Some(out)
}

/// The sender-side remedies for a goroutine blocked sending on a channel
/// its reader left: a done channel in the maker, one passed to the
/// generator, or one passed to the named function that sends.
pub fn done_channel(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> Option<Fix> {
    done_channel_in_maker(cx, channel)
        .or_else(|| done_channel_for_generator(cx, channel))
        .or_else(|| done_channel_for_sender_function(cx, channel))
}

/// The calls of a declared function or method named `name` (by identifier
/// or selector), or `None` when a plain identifier names it as a value.
fn calls_by_name<'t>(cx: &LeakContext<'t>, name: &str) -> Option<Vec<Node<'t>>> {
    let mut out = Vec::new();
    let mut stack = vec![cx.file.root()];
    while let Some(n) = stack.pop() {
        if n.kind() == "call_expression" {
            let callee = n.child_by_field_name("function");
            let named = callee.is_some_and(|f| match f.kind() {
                "identifier" => text(cx.file, f) == name,
                "selector_expression" => f
                    .child_by_field_name("field")
                    .is_some_and(|x| text(cx.file, x) == name),
                _ => false,
            });
            if named {
                out.push(n);
            }
        }
        if n.kind() == "identifier" && text(cx.file, n) == name {
            let parent = n.parent()?;
            let called = parent.kind() == "call_expression";
            if !called && !matches!(parent.kind(), "function_declaration" | "method_declaration") {
                return None;
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    Some(out)
}

/// A named function (or method) that sends on a channel its caller made and
/// reads, started by that caller: the caller makes `done` and closes it by
/// `defer`; the function takes `done` as its first parameter (every call
/// passes it, recursive ones too) and selects on it around its sends.
pub fn done_channel_for_sender_function(
    cx: &LeakContext<'_>,
    channel: &ChannelCode<'_>,
) -> Option<Fix> {
    let send = blocked_send(cx)?;
    let maker = channel.function?;
    // A channel made inside a literal (`&T{ch: make(...)}`) has no statement
    // of its own: `done` goes after the statement that holds the literal.
    let statement = channel
        .statement
        .or_else(|| super::edits::enclosing_statement(channel.make))?;
    let sender = enclosing_function(send)?;
    if !matches!(sender.kind(), "function_declaration" | "method_declaration")
        || contains(sender, maker)
        || contains(maker, sender)
        || !maker_reads(channel, maker)
        || enclosing_loop(statement).is_some()
        || enclosing(send, &["select_statement"]).is_some_and(|sel| contains(sender, sel))
    {
        return None;
    }
    let name = text(cx.file, sender.child_by_field_name("name")?);
    let calls = calls_by_name(cx, name)?;
    // Every call is in the maker (which has `done`) or in the sender itself
    // (which gets it as a parameter).
    if calls.is_empty()
        || !calls
            .iter()
            .all(|c| contains(maker, *c) || contains(sender, *c))
        || !calls.iter().any(|c| contains(maker, *c))
    {
        return None;
    }
    let done = fresh_done_name(cx, &[maker, sender])?;
    let params = sender.child_by_field_name("parameters")?;
    let mut edits = vec![
        insert_after_statement(
            cx.file,
            statement,
            &format!(
                "{done} := make(chan struct{{}})\n{}defer close({done})",
                indent_at(&cx.file.text, statement.start_byte())
            ),
        ),
        if params.named_child_count() == 0 {
            Edit::insert(params.start_byte() + 1, format!("{done} <-chan struct{{}}"))
        } else {
            Edit::insert(
                params.start_byte() + 1,
                format!("{done} <-chan struct{{}}, "),
            )
        },
    ];
    for call in &calls {
        let args = call.child_by_field_name("arguments")?;
        edits.push(if args.named_child_count() == 0 {
            Edit::insert(args.start_byte() + 1, done)
        } else {
            Edit::insert(args.start_byte() + 1, format!("{done}, "))
        });
    }
    // Every send of the sender function gives up once `done` is closed.
    for s in &plain_sends(sender.child_by_field_name("body")?) {
        edits.push(wrap_send(cx, *s, &select_lines(cx, *s, done))?);
    }
    Some(
        Fix::new(
            format!(
                "Let `{}` stop `{name}` when it returns (a `{done}` channel closed by `defer`)",
                super::code::function_name(cx.file, maker)
            ),
            Applicability::Unsafe,
            edits,
        )
        .because(format!(
            "`{name}` gets a new parameter and stops sending once its reader has returned"
        )),
    )
}

/// A send in a case of a loop's select that also has a stop case
/// (`case <-stop: return`, `case <-ctx.Done(): return`): the send selects on
/// that stop too, so the sender ends when it is stopped instead of waiting
/// for a reader that has gone.
pub fn select_on_stop_case(cx: &LeakContext<'_>) -> Option<Fix> {
    let send = blocked_send(cx)?;
    let case = enclosing(send, &["communication_case"])?;
    let select = case.parent()?;
    if case.child_by_field_name("communication")?.id() == send.id()
        || enclosing_loop(select).is_none()
    {
        return None;
    }
    let mut cursor = select.walk();
    // A case is its communication, then its statements.
    let stop = select.named_children(&mut cursor).find_map(|c| {
        let body = super::edits::statements_of(c);
        if body.len() != 2 || text(cx.file, body[1]) != "return" {
            return None;
        }
        body[0]
            .child_by_field_name("right")?
            .child_by_field_name("operand")
    })?;
    let stop = text(cx.file, stop);
    Some(
        Fix::new(
            format!("Select on `<-{stop}` next to the send, as the loop does"),
            Applicability::Unsafe,
            vec![wrap_send(cx, send, &select_lines(cx, send, stop))?],
        )
        .because("the sender returns once it is stopped instead of waiting for a reader that left"),
    )
}

/// The sends in `body` outside selects and nested function literals.
fn plain_sends(body: Node<'_>) -> Vec<Node<'_>> {
    let mut sends = Vec::new();
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if n.kind() == "func_literal" || n.kind() == "select_statement" {
            continue;
        }
        if n.kind() == "send_statement" {
            sends.push(n);
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    sends
}

/// Drop the value when nobody takes it: `select { case ch <- v: default: }`.
/// Only for a buffered channel (a full buffer means nobody keeps up) and a
/// send not already in a select.
pub fn drop_when_full(cx: &LeakContext<'_>, channel: &ChannelCode<'_>) -> Option<Fix> {
    let send = blocked_send(cx)?;
    if !channel.is_buffered(cx.file) || enclosing(send, &["select_statement"]).is_some() {
        return None;
    }
    let lines = vec![
        "select {".to_string(),
        format!("case {}:", text(cx.file, send)),
        "default:".to_string(),
        "}".to_string(),
    ];
    Some(
        Fix::new(
            "Drop the value when the buffer is full (`select` with `default`)",
            Applicability::Unsafe,
            vec![wrap_send(cx, send, &lines)?],
        )
        .because(
            "values sent while the buffer is full are dropped instead of waiting for a reader",
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::check::{check_source, CheckOptions};

    /// The titles of the fixes offered for a source.
    fn titles(source: &str) -> Vec<String> {
        check_source("x.go", source, &CheckOptions::default())
            .findings
            .iter()
            .flat_map(|f| &f.fixes)
            .map(|f| f.title.clone())
            .collect()
    }

    /// Ownership: a stop channel of a value the function returns is the
    /// caller's to close, not the function's when it returns.
    #[test]
    fn a_returned_actor_stop_channel_is_not_closed_by_its_builder() {
        let source = "package main\n\nimport \"time\"\n\ntype Actor struct {\n\tinbox chan string\n\tstop  chan struct{}\n}\n\nfunc (a *Actor) run() {\n\tfor {\n\t\tselect {\n\t\tcase <-a.inbox:\n\t\tcase <-a.stop:\n\t\t\treturn\n\t\t}\n\t}\n}\n\nfunc spawn() *Actor {\n\ta := &Actor{inbox: make(chan string), stop: make(chan struct{})}\n\tgo a.run()\n\treturn a\n}\n\nfunc main() {\n\t_ = spawn()\n\ttime.Sleep(time.Millisecond)\n}\n";
        let titles = titles(source);
        assert!(titles.iter().all(|t| !t.contains("a.stop")), "{titles:?}");
        // Kept to itself, the same actor's stop channel is closed on return.
        let kept = source
            .replace("func spawn() *Actor {", "func spawn() {")
            .replace("\tgo a.run()\n\treturn a\n", "\tgo a.run()\n")
            .replace("_ = spawn()", "spawn()");
        let titles = self::titles(&kept);
        assert!(
            titles.iter().any(|t| t.contains("Close `a.stop`")),
            "{titles:?}"
        );
    }

    /// A stop signal becomes a close only when every receiver stops on it:
    /// a loop whose case goes on would spin on a closed channel.
    #[test]
    fn signal_by_close_is_not_offered_when_a_receiver_would_spin() {
        let source =
            include_str!("../../testdata/fixtures/lock-leak/leak_lock_held_across_send.go");
        let titles = titles(source);
        assert!(
            titles.iter().any(|t| t.contains("Signal by closing")),
            "{titles:?}"
        );
        let spins = source.replace(
            "\t\tcase <-m.stopC:\n\t\t\treturn\n",
            "\t\tcase <-m.stopC:\n\t\t\tm.c.status = \"stopping\"\n",
        );
        assert_ne!(spins, source);
        let titles = self::titles(&spins);
        assert!(
            titles.iter().all(|t| !t.contains("Signal by closing")),
            "{titles:?}"
        );
    }

    /// A caller that hands the constructed value on does not close its
    /// channel: no `defer close` is offered at all then.
    #[test]
    fn a_caller_that_returns_the_value_does_not_close_its_channel() {
        let source = "package main\n\nimport \"fmt\"\n\ntype Logger struct {\n\tlines chan string\n}\n\nfunc NewLogger() *Logger {\n\tl := &Logger{lines: make(chan string)}\n\tgo func() {\n\t\tfor line := range l.lines {\n\t\t\tfmt.Println(line)\n\t\t}\n\t}()\n\treturn l\n}\n\nfunc build() *Logger {\n\tl := NewLogger()\n\tl.lines <- \"ready\"\n\treturn l\n}\n\nfunc main() {\n\tbuild()\n}\n";
        let titles = titles(source);
        assert!(
            titles.iter().all(|t| !t.contains("defer close")),
            "{titles:?}"
        );
        let kept = source
            .replace("func build() *Logger {", "func build() {")
            .replace(
                "\tl.lines <- \"ready\"\n\treturn l\n",
                "\tl.lines <- \"ready\"\n",
            );
        let titles = self::titles(&kept);
        assert!(
            titles.iter().any(|t| t.contains("defer close")),
            "{titles:?}"
        );
    }

    /// A helper's cancel function is handed to its callers only when each
    /// keeps the context to itself.
    #[test]
    fn the_cancel_is_not_handed_to_a_caller_that_returns_the_context() {
        let source = "package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc jobContext() context.Context {\n\tctx, cancel := context.WithTimeout(context.Background(), time.Second)\n\tif false {\n\t\tcancel()\n\t}\n\treturn ctx\n}\n\nfunc forward() context.Context {\n\tctx := jobContext()\n\treturn ctx\n}\n\nfunc main() {\n\tfmt.Println(forward().Err())\n}\n";
        let titles = titles(source);
        assert!(
            titles.iter().all(|t| !t.contains("Return `cancel`")),
            "{titles:?}"
        );
        let kept = source.replace(
            "func forward() context.Context {\n\tctx := jobContext()\n\treturn ctx\n}",
            "func forward() error {\n\tctx := jobContext()\n\treturn ctx.Err()\n}",
        );
        let titles = self::titles(&kept);
        assert!(
            titles.iter().any(|t| t.contains("Return `cancel`")),
            "{titles:?}"
        );
    }
}
