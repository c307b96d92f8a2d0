// The playground as a person uses it: headless Chromium against the release
// build (see playwright.config.js). Every test also fails on a console error.
const { test, expect } = require("./fixture");
const zlib = require("node:zlib");


// The issue 2 acceptance snippet: two go statements (lines 5 and 9) and a
// syntax error (line 13).
const TWO_GOROUTINES_AND_AN_ERROR = [
  "package main",
  "",
  "func main() {",
  "\tch := make(chan int)",
  "\tgo func() {",
  "\t\tch <- 1",
  "\t}()",
  "\tdone := make(chan bool)",
  "\tgo worker(ch, done)",
  "\t<-done",
  "}",
  "",
  "func worker(ch chan int, done chan bool) { x := }",
  "",
].join("\n");

const status = (page) => page.locator(".toolbar .status");
const editorContent = (page) => page.locator(".cm-content");

async function waitForAnalysis(page) {
  await expect(status(page)).toContainText("Analyzed");
}

// Replaces the editor's text the way a paste does, then types a little.
async function replaceEditorText(page, text) {
  await editorContent(page).click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  const last = text.length > 3 ? 3 : 0;
  await page.keyboard.insertText(text.slice(0, text.length - last));
  await page.keyboard.type(text.slice(text.length - last));
}

async function editorText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".cm-content .cm-line")].map((line) => line.textContent).join("\n"),
  );
}

function base64url(buffer) {
  return Buffer.from(buffer).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

test("the first example is analyzed on load", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  await expect(page.locator(".findings .kind-go").first()).toBeVisible();
  await expect(page.locator(".cm-ls-marker.go").first()).toBeVisible();
  await expect(page.locator(".tok-concurrency").first()).toBeVisible();
});

test("typing two go statements and a syntax error marks both and reports the error", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, TWO_GOROUTINES_AND_AN_ERROR);
  await expect(status(page)).toContainText("2 go statements");
  await expect(status(page)).toContainText("1 syntax error");

  // Both go statements are in the list, at their lines, and marked in the gutter.
  const goItems = page.locator(".findings .kind-go");
  await expect(goItems).toHaveCount(2);
  await expect(goItems.nth(0).locator(".finding-line")).toHaveText("line 5");
  await expect(goItems.nth(1).locator(".finding-line")).toHaveText("line 9");
  await expect(goItems.nth(1).locator(".finding-label")).toHaveText("go worker(ch, done)");
  await expect(page.locator(".cm-ls-marker.go")).toHaveCount(2);
  await expect(page.locator(".cm-line.cm-ls-line.go")).toHaveCount(2);

  // The syntax error is listed, squiggled and marked in the lint gutter.
  const errorItems = page.locator(".findings .kind-error");
  await expect(errorItems).toHaveCount(1);
  await expect(errorItems.first().locator(".finding-line")).toHaveText("line 13");
  await expect(page.locator(".cm-lintRange-error, .cm-lintPoint-error")).not.toHaveCount(0);
  // (The analyzer may also report a finding here, with its own marker.)
  await expect(page.locator(".cm-lint-marker-error")).not.toHaveCount(0);

  // Clicking an item jumps to it: the editor gets focus and the selection.
  await goItems.nth(1).click();
  await expect(goItems.nth(1)).toHaveClass(/selected/);
  const selected = await page.evaluate(() => window.getSelection().toString());
  expect(selected).toBe("go worker(ch, done)");
});

test("stale answers are dropped: fast typing ends with the analysis of the last text", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, "package main\n\nfunc main() {\n}\n");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("End");
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Enter");
    await page.keyboard.type("go f()", { delay: 5 });
  }
  await expect(page.locator(".findings .kind-go")).toHaveCount(4);
  await expect(status(page)).toContainText("4 go statements");
});

test("a permalink restores the code and the selected item in a fresh page", async ({ page, context, browser }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, TWO_GOROUTINES_AND_AN_ERROR);
  await expect(page.locator(".findings .kind-go")).toHaveCount(2);
  await page.locator(".findings .kind-go").nth(1).click();
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.locator(".share-status")).toHaveText("Link copied to the clipboard.");
  const url = await page.locator(".share-url").inputValue();
  expect(url).toMatch(/#v1=[A-Za-z0-9_-]+$/);
  await expect(page.locator(".share-length")).toContainText(`${url.length} characters`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await waitForAnalysis(other);
  expect(await editorText(other)).toBe(TWO_GOROUTINES_AND_AN_ERROR);
  const selected = other.locator(".findings .finding.selected");
  await expect(selected).toHaveCount(1);
  await expect(selected.locator(".finding-label")).toHaveText("go worker(ch, done)");
  await fresh.close();
});

test("the address stays current while editing", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, "package main\n\nfunc main() { go f() }\n");
  const codeInAddress = async () => {
    const hash = await page.evaluate(() => location.hash);
    if (!hash.startsWith("#v1=")) return null;
    return JSON.parse(zlib.inflateRawSync(Buffer.from(hash.slice(4), "base64url")).toString("utf8")).code;
  };
  await expect.poll(codeInAddress).toBe("package main\n\nfunc main() { go f() }\n");
});

test("a hand-written #code= link opens its code", async ({ page }) => {
  const code = "package main\n\nfunc main() {\n\tgo println(\"hé\")\n}\n";
  await page.goto("/#code=" + base64url(Buffer.from(code, "utf8")));
  await waitForAnalysis(page);
  expect(await editorText(page)).toBe(code);
  await expect(page.locator(".findings .kind-go")).toHaveCount(1);
});

test("a malformed link shows a message and keeps the person's text", async ({ page }) => {
  const mine = "package main\n\n// my own unsaved work\nfunc main() { go f() }\n";
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, mine);
  await expect.poll(() => page.evaluate(() => localStorage.getItem("leakscope.code"))).toBe(mine);
  const good = await page.evaluate(() => location.hash);
  expect(good).toMatch(/^#v1=/);

  // Pasted into the address bar of the open page.
  await page.goto("/#v1=" + good.slice(4, 40));
  await expect(page.getByRole("alert")).toContainText("This link is damaged");
  await expect(page.getByRole("alert")).toContainText("Your code in the editor was kept");
  expect(await editorText(page)).toBe(mine);

  // Opened in a new tab: the autosaved text comes back.
  await page.goto("about:blank");
  await page.goto("/#v1=not*base64!");
  await expect(page.getByRole("alert")).toContainText("characters a leakscope link never has");
  await waitForAnalysis(page);
  expect(await editorText(page)).toBe(mine);
  await page.getByRole("button", { name: "Dismiss this message" }).click();
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("a decompression bomb is refused with a message", async ({ page }) => {
  const json = JSON.stringify({ code: " ".repeat(8 * 1024 * 1024) });
  const bomb = base64url(zlib.deflateRawSync(Buffer.from(json), { level: 9 }));
  expect(bomb.length).toBeLessThan(40_000);
  await page.goto("/#v1=" + bomb);
  await expect(page.getByRole("alert")).toContainText("unpacks to more than 1024 KiB");
  await waitForAnalysis(page);
  expect((await editorText(page)).length).toBeGreaterThan(0);
});

test("the editor's text survives a reload", async ({ page }) => {
  const mine = "package main\n\n// survives a reload\nfunc main() {}\n";
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, mine);
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem("leakscope.code")))
    .toBe(mine);
  await page.goto("about:blank");
  await page.goto("/");
  await waitForAnalysis(page);
  expect(await editorText(page)).toBe(mine);
});

test("an example replaces edited text only after confirming", async ({ page }) => {
  const mine = "package main\n\n// edited\nfunc main() {}\n";
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, mine);
  await page.getByRole("button", { name: "Examples" }).click();
  const gallery = page.getByRole("dialog", { name: "Examples" });
  await expect(gallery).toBeVisible();
  await gallery.locator('[data-example="worker-pool"] button').click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Replace your code?");
  await confirm.getByRole("button", { name: "Keep my code" }).click();
  expect(await editorText(page)).toBe(mine);

  await gallery.locator('[data-example="worker-pool"] button').click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Replace" }).click();
  await expect(gallery).toHaveCount(0);
  await expect(editorContent(page)).toContainText("sum of squares");
  await waitForAnalysis(page);
  await expect(page.locator(".findings .kind-go")).toHaveCount(3);

  // Unedited text is replaced without asking.
  await page.getByRole("button", { name: "Examples" }).click();
  await page.locator('[data-example="timeout-leak"] button').click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(editorContent(page)).toContainText("query timed out");
});

test("the theme follows the system and the toggle", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await waitForAnalysis(page);
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await page.getByRole("button", { name: "Theme: system" }).click(); // to light
  await page.getByRole("button", { name: "Theme: light" }).click(); // to dark
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("button", { name: "Theme: dark" })).toBeVisible();
});

test("Tab indents in the editor and Escape leaves it", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, "package main\n");
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("Tab");
  expect(await editorText(page)).toBe("\tpackage main\n");
  await page.keyboard.press("Escape");
  expect(await page.evaluate(() => document.activeElement.id)).toBe("findings");
  // Tab now moves on through the page instead of indenting.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement.closest(".cm-editor"))).toBeNull();
  expect(await editorText(page)).toBe("\tpackage main\n");
});

test("the font size setting changes the editor's text size", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  const size = () => page.locator(".cm-content").evaluate((el) => getComputedStyle(el).fontSize);
  const before = parseFloat(await size());
  await page.getByRole("button", { name: "Larger font" }).click();
  await page.getByRole("button", { name: "Larger font" }).click();
  await expect.poll(async () => parseFloat(await size())).toBe(before + 2);
});

test("nothing from a link is inserted as HTML", async ({ page }) => {
  const code = 'package main\n\n// <img src=x onerror="window.__pwned=1">\nfunc main() { go f("<b>bold</b>") }\n';
  const link = "#v1=" + base64url(zlib.deflateRawSync(Buffer.from(JSON.stringify({ code }))));
  await page.goto("/" + link);
  await waitForAnalysis(page);
  await expect(page.locator(".findings .kind-go .finding-label")).toHaveText('go f("<b>bold</b>")');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect(page.locator(".findings b, .cm-content img")).toHaveCount(0);
});

test("phone width: the findings sit under the editor", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await waitForAnalysis(page);
  const editor = await page.locator(".editor-host").boundingBox();
  const findings = await page.locator("#findings").boundingBox();
  expect(findings.y).toBeGreaterThanOrEqual(editor.y + editor.height - 1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("keyboard: ? opens the shortcuts, Escape closes them, F8 walks the findings", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  await page.locator(".findings-title").click();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press(i === 1 ? "Shift+Tab" : "Tab");
    expect(await page.evaluate(() => !!document.activeElement.closest(".overlay"))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
  // A click on the backdrop closes a dialog too.
  await page.getByRole("button", { name: "Examples" }).click();
  await page.locator(".overlay").click({ position: { x: 5, y: 5 } });
  await expect(page.getByRole("dialog", { name: "Examples" })).toHaveCount(0);
  await page.locator(".findings-title").click();

  await page.keyboard.press("F8");
  await expect(page.locator(".findings .finding.selected")).toHaveCount(1);
  const first = await page.locator(".findings .finding.selected .finding-label").textContent();
  await page.keyboard.press("F8");
  const second = await page.locator(".findings .finding.selected .finding-label").textContent();
  expect(second).not.toBe(first);
  const selection = await page.evaluate(() => window.getSelection().toString());
  expect(selection.length).toBeGreaterThan(0);

  // Alt+Shift+S shares the current selection.
  await page.keyboard.press("Alt+Shift+S");
  const url = await page.locator(".share-url").inputValue();
  const state = JSON.parse(zlib.inflateRawSync(Buffer.from(url.split("#v1=")[1], "base64url")).toString("utf8"));
  // The outline selection travels as `item` (`finding` names the selected leak).
  expect(state.item).toBe(1);
});

test("a large paste is analyzed off the page thread and typing still responds", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  const functions = [];
  for (let i = 0; i < 3000; i++) {
    functions.push(`func f${i}(ch chan int) {\n\tgo func() { ch <- ${i} }()\n\t<-ch\n}\n`);
  }
  const big = "package main\n\n" + functions.join("\n");
  expect(big.length).toBeGreaterThan(150_000);
  await editorContent(page).click();
  await page.keyboard.press("ControlOrMeta+A");
  // A real paste event: typing 150 KB through the keyboard would take minutes.
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const paste = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    document.querySelector(".cm-content").dispatchEvent(paste);
  }, big);
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.type("// typed while analyzing\n");
  await expect(editorContent(page)).toContainText("// typed while analyzing");
  await expect(status(page)).toContainText("2000+ go statements", { timeout: 20_000 });
  // The result says the search was bounded (skipped, or stopped by a bound).
  await expect(status(page)).toContainText(/not searched|not all \(stopped by/);
  await expect(page.locator(".findings-note")).toContainText("Long lists were cut");
  await expect(page.locator(".cm-line .tok-concurrency").first()).toBeVisible();
});

test("a hung worker is terminated by the watchdog and replaced; the text stays and the next edit is analyzed", async ({
  page,
}) => {
  // Test hooks (README): the first worker spins on its first request, and the
  // watchdog waits 1.5 s instead of 20 s.
  const workers = [];
  page.on("worker", (worker) => {
    const entry = { closed: false };
    worker.on("close", () => (entry.closed = true));
    workers.push(entry);
  });
  await page.goto("/?test-hang&test-watchdog-ms=1500");
  const alert = page.locator(".notice-error");
  await expect(alert).toContainText("Analysis stopped after 1.5 s; the worker was restarted");
  await expect(status(page)).toHaveText("Analysis stopped after 1.5 s; the worker was restarted");
  // The stuck worker was terminated, not left spinning; a new one runs.
  await expect.poll(() => workers.length).toBe(2);
  await expect.poll(() => workers[0].closed).toBe(true);
  expect(workers[1].closed).toBe(false);
  const before = await editorText(page);
  expect(before).toContain("package main");

  await editorContent(page).click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\n// edited after the restart\n");
  await waitForAnalysis(page);
  expect(await editorText(page)).toBe(before + "\n// edited after the restart\n");
  await expect(alert).toHaveCount(0);
  // A real analysis by the new worker: the first example's leak is found.
  await expect(page.locator('.leak[data-rule="premature-return"]')).toHaveCount(1);
});

test("a link that replaces autosaved text offers it back", async ({ page }) => {
  const mine = "package main\n\n// mine, autosaved\nfunc main() {}\n";
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, mine);
  await expect.poll(() => page.evaluate(() => localStorage.getItem("leakscope.code"))).toBe(mine);
  const shared = "package main\n\nfunc main() { go f() }\n";
  await page.goto("about:blank");
  await page.goto("/#code=" + base64url(Buffer.from(shared)));
  await waitForAnalysis(page);
  expect(await editorText(page)).toBe(shared);
  await page.getByRole("button", { name: "Restore my previous code" }).click();
  await expect.poll(() => editorText(page)).toBe(mine);
  await expect(page.getByRole("button", { name: "Restore my previous code" })).toHaveCount(0);
});

test("a long link shows its length with a warning", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  // Hard to compress: distinct numbers on every line.
  const lines = ["package main", "", "var table = []int{"];
  for (let i = 0; i < 400; i++) lines.push(`\t${(i * 7919) % 100003}, ${(i * 104729) % 99991},`);
  lines.push("}", "");
  await replaceEditorText(page, lines.join("\n"));
  await waitForAnalysis(page);
  await page.getByRole("button", { name: "Share" }).click();
  const url = await page.locator(".share-url").inputValue();
  expect(url.length).toBeGreaterThan(2000);
  await expect(page.locator(".share-warning")).toContainText("longer than about 2000 characters");
});

test("Ctrl+Enter analyzes at once and leaves the text alone", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  await replaceEditorText(page, "package main\n\nfunc main() { go f() }\n");
  await waitForAnalysis(page);
  await page.keyboard.press("ControlOrMeta+Enter");
  await waitForAnalysis(page);
  expect(await editorText(page)).toBe("package main\n\nfunc main() { go f() }\n");
});

test("the first example's leak is found; its verified fix applies as one undoable edit", async ({ page }) => {
  await page.goto("/");
  await waitForAnalysis(page);
  const card = page.locator('.leak[data-rule="premature-return"]');
  await expect(card).toHaveCount(1);
  await expect(card.locator(".leak-name")).toHaveText("Premature return");
  await expect(card.locator(".leak-line")).toContainText("14");
  await expect(page.locator(".cm-lintRange-error")).not.toHaveCount(0);

  // The preview shows the change the fix makes.
  await card.locator(".fix-button").first().click();
  await expect(page.locator(".fix-diff")).toContainText("make(chan string, 1)");
  await page.locator(".fix-apply").click();
  await expect(editorContent(page)).toContainText("result := make(chan string, 1)");
  await waitForAnalysis(page);
  await expect(page.locator(".leak")).toHaveCount(0);
  await expect(page.locator(".leak-none")).toBeVisible();

  // One undo takes the whole fix back, and the finding with it.
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(editorContent(page)).toContainText("result := make(chan string)");
  await waitForAnalysis(page);
  await expect(page.locator('.leak[data-rule="premature-return"]')).toHaveCount(1);
});

test("every example analyzes with the findings its manifest promises", async ({ page }) => {
  const expected = {
    "premature-return": ["premature-return"],
    "premature-return-fixed": [],
    "timeout-leak": ["timeout-leak"],
    "timeout-leak-fixed": [],
    "range-without-close": ["range-without-close"],
    "range-without-close-fixed": [],
    "worker-pool": [],
  };
  await page.goto("/");
  await waitForAnalysis(page);
  for (const [id, rules] of Object.entries(expected)) {
    await page.getByRole("button", { name: "Examples" }).click();
    await page.locator(`[data-example="${id}"] button`).click();
    const replace = page.getByRole("alertdialog").getByRole("button", { name: "Replace" });
    if (await replace.isVisible()) await replace.click();
    await expect.poll(() => page.evaluate(() => location.hash.length)).toBeGreaterThan(0);
    await waitForAnalysis(page);
    await expect(page.locator(".leak")).toHaveCount(rules.length);
    for (const rule of rules) {
      await expect(page.locator(`.leak[data-rule="${rule}"]`)).toHaveCount(1);
    }
  }
});
