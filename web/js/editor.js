// The CodeMirror 6 shim: the only JavaScript in the page besides what the
// build generates. The Rust side (web/src/bin/app/interop.rs) calls these
// functions; everything it passes is data (numbers, strings, and plain arrays
// and objects made by serde-wasm-bindgen), and
// every string from the code or a link reaches the DOM as text, never as HTML.

import {
  Decoration,
  EditorView,
  GutterMarker,
  ViewPlugin,
  drawSelection,
  gutter,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { ChangeSet, Compartment, EditorState, RangeSetBuilder, StateEffect, StateField } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentUnit } from "@codemirror/language";
import { highlightSelectionMatches } from "@codemirror/search";
import { lintGutter, lintKeymap, setDiagnostics as lintSetDiagnostics } from "@codemirror/lint";

// ---- Syntax colours from the worker's tokens -------------------------------
//
// The tokens are flat (from, to, class) triples for the document as it was
// when the worker read it. Edits made since are kept as a ChangeSet and used
// to map the old positions, so colours stay on their words while typing until
// the next answer. Only the visible part is turned into decorations, so a
// huge file costs no more than a small one.

const setTokensEffect = StateEffect.define();

const tokenField = StateField.define({
  create: (state) => ({ tokens: new Uint32Array(0), classes: [], since: ChangeSet.empty(state.doc.length) }),
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setTokensEffect)) {
        return { ...effect.value, since: ChangeSet.empty(tr.state.doc.length) };
      }
    }
    if (tr.docChanged) {
      return { ...value, since: value.since.compose(tr.changes) };
    }
    return value;
  },
});

const markCache = new Map();
function markFor(className) {
  let mark = markCache.get(className);
  if (!mark) {
    mark = Decoration.mark({ class: "tok-" + className });
    markCache.set(className, mark);
  }
  return mark;
}

// First token whose end is after `pos` (tokens are sorted and disjoint).
function firstTokenEndingAfter(tokens, pos) {
  let lo = 0;
  let hi = tokens.length / 3;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid * 3 + 1] <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function buildTokenDecorations(view) {
  const { tokens, classes, since } = view.state.field(tokenField);
  const builder = new RangeSetBuilder();
  if (tokens.length === 0) return builder.finish();
  const inverse = since.invertedDesc;
  const docLength = view.state.doc.length;
  let last = 0;
  for (const { from, to } of view.visibleRanges) {
    const oldFrom = inverse.mapPos(from, -1);
    const oldTo = inverse.mapPos(to, 1);
    for (let i = firstTokenEndingAfter(tokens, oldFrom); i * 3 < tokens.length; i++) {
      const start = tokens[i * 3];
      if (start >= oldTo) break;
      const a = since.mapPos(start, 1);
      const b = Math.min(since.mapPos(tokens[i * 3 + 1], -1), docLength);
      const className = classes[tokens[i * 3 + 2]];
      if (a < b && a >= last && className) {
        builder.add(a, b, markFor(className));
        last = b;
      }
    }
  }
  return builder.finish();
}

const tokenPlugin = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = buildTokenDecorations(view);
    }
    update(update) {
      if (
        update.docChanged ||
        update.viewportChanged ||
        update.startState.field(tokenField) !== update.state.field(tokenField)
      ) {
        this.decorations = buildTokenDecorations(update.view);
      }
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

// ---- Line markers: whole-line classes plus a labelled gutter marker --------
//
// Used for the go statements now, and for each goroutine's current line in
// the animation later.

const setLineMarkersEffect = StateEffect.define();

class LabelMarker extends GutterMarker {
  constructor(label, className, title) {
    super();
    this.label = label;
    this.className = className;
    this.title = title;
  }
  eq(other) {
    return other.label === this.label && other.className === this.className && other.title === this.title;
  }
  toDOM() {
    const el = document.createElement("span");
    el.className = "cm-ls-marker " + this.className;
    el.textContent = this.label;
    if (this.title) el.title = this.title;
    return el;
  }
}

// Class names come from Rust, but are checked anyway: letters, digits, dashes.
function safeClass(name) {
  return /^[a-z0-9-]+$/i.test(name) ? name : "";
}

function buildLineMarkers(state, markers) {
  const sorted = markers
    .filter((m) => m.line >= 1 && m.line <= state.doc.lines)
    .sort((a, b) => a.line - b.line);
  const lines = new RangeSetBuilder();
  const gutterMarkers = new RangeSetBuilder();
  let previousLine = 0;
  for (const m of sorted) {
    const className = safeClass(m.class || "");
    const at = state.doc.line(m.line).from;
    if (m.line !== previousLine) {
      lines.add(at, at, Decoration.line({ class: "cm-ls-line " + className }));
      gutterMarkers.add(at, at, new LabelMarker(String(m.label || ""), className, String(m.title || "")));
      previousLine = m.line;
    }
  }
  return { lines: lines.finish(), gutter: gutterMarkers.finish() };
}

const lineMarkerField = StateField.define({
  create: () => ({ lines: Decoration.none, gutter: Decoration.none }),
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setLineMarkersEffect)) return buildLineMarkers(tr.state, effect.value);
    }
    if (tr.docChanged) return { lines: value.lines.map(tr.changes), gutter: value.gutter.map(tr.changes) };
    return value;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.lines),
});

const lineMarkerGutter = gutter({
  class: "cm-ls-gutter",
  markers: (view) => view.state.field(lineMarkerField).gutter,
  initialSpacer: () => new LabelMarker("go", "", ""),
});

// ---- The editor -------------------------------------------------------------

const themeCompartment = new Compartment();
const readOnlyCompartment = new Compartment();

const layoutTheme = EditorView.theme({
  "&": { height: "100%", fontSize: "var(--editor-font-size, 15px)" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
});

// What a finding's fix button in a hover tooltip calls: `onFix(finding, fix)`.
const fixHandlers = new WeakMap();

// Creates an editor in `parent`. `onChange` is called (without arguments)
// after every change of the text; `onEscape` when Escape asks to leave it;
// `onFix(finding, fix)` when a fix button in a finding's tooltip is pressed.
export function createEditor(parent, text, options, onChange, onEscape, onFix) {
  const leave = {
    key: "Escape",
    run: () => {
      onEscape();
      return true;
    },
  };
  const state = EditorState.create({
    doc: text,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      lineMarkerGutter,
      lintGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      indentUnit.of("\t"),
      EditorState.tabSize.of(4),
      // Mod-Enter is the page's "analyze now" (handled on the window); claim it
      // here so the editor does not also insert a blank line.
      keymap.of([{ key: "Mod-Enter", run: () => true }]),
      keymap.of([...lintKeymap, ...historyKeymap, indentWithTab, ...defaultKeymap, leave]),
      tokenField,
      tokenPlugin,
      lineMarkerField,
      layoutTheme,
      themeCompartment.of(EditorView.darkTheme.of(!!options.dark)),
      readOnlyCompartment.of(EditorState.readOnly.of(!!options.readOnly)),
      // tabindex: the editor is a tab stop even when read-only (embed mode),
      // so its scroll area can always be reached from the keyboard.
      EditorView.contentAttributes.of({ "aria-label": options.label || "Go source", tabindex: "0" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange();
      }),
    ],
  });
  const view = new EditorView({ state, parent });
  fixHandlers.set(view, onFix);
  return view;
}

// The 1-based line of the cursor (where a click or the arrow keys put it).
export function cursorLine(view) {
  return view.state.doc.lineAt(view.state.selection.main.head).number;
}

export function destroyEditor(view) {
  view.destroy();
}

export function getText(view) {
  return view.state.doc.toString();
}

// Replaces the whole text as one undoable change.
export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
}

// `tokens`: Uint32Array of (from, to, class index) triples; `classes`: names.
export function setTokens(view, tokens, classes) {
  view.dispatch({ effects: setTokensEffect.of({ tokens: tokens.slice(), classes: [...classes] }) });
}

function textElement(tag, className, text) {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = String(text);
  return el;
}

// The body of a finding's tooltip (on its squiggle and its lint-gutter
// marker): title, message, and the fixes that are advice; the fixes that are
// buttons become the diagnostic's actions. Text only, never HTML.
function findingMessage(hover) {
  const box = document.createElement("div");
  box.className = "cm-ls-hover";
  box.append(textElement("div", "cm-ls-hover-title", hover.title));
  box.append(textElement("div", "cm-ls-hover-text", hover.text));
  const advice = hover.fixes.filter((f) => !f.button);
  if (advice.length > 0) {
    const list = document.createElement("ul");
    list.className = "cm-ls-hover-advice";
    for (const fix of advice) {
      const item = document.createElement("li");
      item.append(textElement("span", "cm-ls-hover-note", fix.note), document.createTextNode(" " + String(fix.title)));
      list.append(item);
    }
    box.append(list);
  }
  return box;
}

// `items`: [{from, to, severity: "error"|"warning"|"info"|"hint", message, source,
// hover?: {finding, title, text, fixes: [{title, button, note}]}}].
export function setDiagnostics(view, items) {
  const length = view.state.doc.length;
  const diagnostics = list(items).map((d) => {
    const from = Math.max(0, Math.min(d.from, length));
    const diagnostic = {
      from,
      to: Math.max(from, Math.min(d.to, length)),
      severity: d.severity,
      message: String(d.message),
      source: d.source ? String(d.source) : undefined,
    };
    const hover = d.hover;
    if (hover && Array.isArray(hover.fixes)) {
      diagnostic.renderMessage = () => findingMessage(hover);
      diagnostic.actions = hover.fixes
        .map((fix, index) => ({ fix, index }))
        .filter(({ fix }) => fix.button)
        .map(({ fix, index }) => ({
          name: "Fix: " + String(fix.title),
          markClass: "cm-ls-fix",
          apply: () => {
            const onFix = fixHandlers.get(view);
            if (onFix) onFix(hover.finding, index);
          },
        }));
    }
    return diagnostic;
  });
  view.dispatch(lintSetDiagnostics(view.state, diagnostics));
}

// `markers`: [{line, class, label, title}], lines 1-based.
export function setLineMarkers(view, markers) {
  view.dispatch({ effects: setLineMarkersEffect.of(list(markers)) });
}

// The page's lists arrive as arrays; anything else counts as empty.
function list(value) {
  return Array.isArray(value) ? value : [];
}

export function setDark(view, dark) {
  view.dispatch({ effects: themeCompartment.reconfigure(EditorView.darkTheme.of(!!dark)) });
}

export function setReadOnly(view, readOnly) {
  view.dispatch({ effects: readOnlyCompartment.reconfigure(EditorState.readOnly.of(!!readOnly)) });
}

// The font size lives in a CSS variable on the page; tell the editor to
// measure its lines again.
export function refreshLayout(view) {
  view.requestMeasure();
}

// Selects [from, to) (UTF-16 offsets), scrolls it to the middle and focuses.
export function selectRange(view, from, to) {
  const length = view.state.doc.length;
  const anchor = Math.max(0, Math.min(from, length));
  const head = Math.max(anchor, Math.min(to, length));
  view.dispatch({ selection: { anchor, head }, effects: EditorView.scrollIntoView(anchor, { y: "center" }) });
  view.focus();
}

export function focusEditor(view) {
  view.focus();
}

// ---- Page helpers that need a Promise or an event listener -----------------

// Copies text to the clipboard; resolves to whether it worked.
// Compresses a permalink's JSON as raw deflate with the browser's own
// CompressionStream, so the page does not carry a deflate encoder.
export async function deflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (_) {
    return false;
  }
}

// Calls `onChange(dark)` whenever the system colour scheme changes; returns
// whether it is dark now.
export function watchColorScheme(onChange) {
  const query = window.matchMedia("(prefers-color-scheme: dark)");
  query.addEventListener("change", (event) => onChange(event.matches));
  return query.matches;
}

// ---- Findings, fixes and the timeline (branch ui) ---------------------------
//
// Added to the editor on first use with StateEffect.appendConfig, so
// createEditor stays as it is.

// Applies a fix: `edits` is [{from, to, insert}] in UTF-16 offsets of the
// current text, all dispatched as ONE transaction, so one undo reverts it.
// Returns false (and changes nothing) when an edit is out of range.
export function applyEdits(view, edits) {
  const length = view.state.doc.length;
  const changes = list(edits).map((e) => ({ from: e.from, to: e.to, insert: String(e.insert) }));
  if (changes.some((c) => !(c.from >= 0 && c.from <= c.to && c.to <= length))) return false;
  changes.sort((a, b) => a.from - b.from);
  for (let i = 1; i < changes.length; i++) if (changes[i].from < changes[i - 1].to) return false;
  view.dispatch({ changes, userEvent: "input.fix", scrollIntoView: true });
  return true;
}

const setStepHighlightEffect = StateEffect.define();
const stepHighlightField = StateField.define({
  create: () => Decoration.none,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setStepHighlightEffect)) {
        const { from, to, className } = effect.value;
        const length = tr.state.doc.length;
        const a = Math.max(0, Math.min(from, length));
        const b = Math.max(a, Math.min(to, length));
        if (b <= a) return Decoration.none;
        return Decoration.set([Decoration.mark({ class: "cm-ls-step " + safeClass(className) }).range(a, b)]);
      }
    }
    return tr.docChanged ? value.map(tr.changes) : value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function ensureStepField(view) {
  if (view.state.field(stepHighlightField, false) === undefined) {
    view.dispatch({ effects: StateEffect.appendConfig.of([stepHighlightField]) });
  }
}

// Highlights [from, to) (UTF-16) with a class, e.g. the operation a leaked
// goroutine is blocked on; from === to clears it.
export function setStepHighlight(view, from, to, className) {
  ensureStepField(view);
  view.dispatch({ effects: setStepHighlightEffect.of({ from, to, className: String(className || "") }) });
  // Keep the highlighted operation in sight while stepping, without focusing.
  if (to > from && from <= view.state.doc.length) scrollWithinEditor(view, from);
}

// Scrolls only the editor's own scroller so that `pos` is in sight.
// EditorView.scrollIntoView also scrolls the page, which on a phone (the
// editor above the timeline) pulled the page back up at every step.
function scrollWithinEditor(view, pos) {
  view.requestMeasure({
    read(view) {
      const scroller = view.scrollDOM;
      if (scroller.scrollHeight <= scroller.clientHeight) return null;
      const block = view.lineBlockAt(pos);
      const box = scroller.getBoundingClientRect();
      const top = view.documentTop + block.top;
      const bottom = view.documentTop + block.bottom;
      const margin = Math.min(48, box.height / 4);
      if (top < box.top + margin) return scroller.scrollTop - (box.top + margin - top);
      if (bottom > box.bottom - margin) return scroller.scrollTop + (bottom - (box.bottom - margin));
      return null;
    },
    write(target, view) {
      if (target !== null) view.scrollDOM.scrollTop = Math.max(0, target);
    },
  });
}

// Offers text as a file download through a Blob URL.
export function downloadText(name, text, mime) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The timeline's PNG export: the step's SVG (made by the analyzer's page
// code, text escaped there) drawn on a canvas as an image, then downloaded.
export function downloadSvgAsPng(name, svg, scale) {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(image.naturalWidth * scale);
    canvas.height = Math.ceil(image.naturalHeight * scale);
    const context = canvas.getContext("2d");
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((png) => {
      if (!png) return;
      const pngUrl = URL.createObjectURL(png);
      const a = document.createElement("a");
      a.href = pngUrl;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(pngUrl), 10000);
    }, "image/png");
  };
  image.onerror = () => {
    URL.revokeObjectURL(url);
    console.warn("leakscope: the step's SVG could not be drawn as PNG");
  };
  image.src = url;
}
