// A finding's fixes where the finding is: on hover over its squiggle, its
// lint-gutter marker and its card in the panel, and by keyboard. Verified
// fixes are buttons that open the same preview as the panel's; the others are
// advice text. Every test also fails on a console error.
const { test, expect } = require("./fixture");


// A goroutine stores into a package-level map: the rule's fix is advice only
// (display-only, not verified).
const RETAINED_GLOBAL = `package main

import (
	"fmt"
	"sync"
)

var (
	mu       sync.Mutex
	sessions = map[int]chan string{}
)

func serve(id int, wg *sync.WaitGroup) {
	defer wg.Done()
	inbox := make(chan string, 1)
	mu.Lock()
	sessions[id] = inbox
	mu.Unlock()
	inbox <- fmt.Sprint("hello ", id)
	fmt.Println(<-inbox)
}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go serve(i, &wg)
	}
	wg.Wait()
}
`;

const editorContent = (page) => page.locator(".cm-content");
const tooltip = (page) => page.locator(".cm-tooltip-lint");

async function openFirstExample(page) {
  await page.goto("/");
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  await expect(page.locator('.leak[data-rule="premature-return"]')).toHaveCount(1);
}

test("hovering a leak's squiggle shows its verified fix as a button that opens the preview, then applies", async ({
  page,
}) => {
  await openFirstExample(page);
  await page.locator(".cm-lintRange-error").first().hover();
  await expect(tooltip(page)).toBeVisible();
  await expect(tooltip(page).locator(".cm-ls-hover-title")).toHaveText("Premature return [premature-return]");
  // Two remedies verify (issue 13): the least invasive first.
  const buttons = tooltip(page).locator("button.cm-ls-fix");
  await expect(buttons).toHaveCount(2);
  const button = buttons.first();
  await expect(button).toContainText("Fix: Buffer the channel");
  await expect(buttons.nth(1)).toContainText("Fix: Stop the sender");
  await expect(tooltip(page).locator(".cm-ls-hover-advice")).toHaveCount(0);

  await button.click();
  // The same preview as the panel's button opens, and nothing changes yet.
  await expect(page.locator(".fix-diff")).toContainText("make(chan string, 1)");
  await expect(editorContent(page)).toContainText("result := make(chan string)");
  await page.locator(".fix-apply").click();
  await expect(editorContent(page)).toContainText("result := make(chan string, 1)");
  await expect(page.locator(".fix-preview")).toHaveCount(0);
});

test("the lint-gutter marker of a leak shows the same fixes", async ({ page }) => {
  await openFirstExample(page);
  await page.locator(".cm-lint-marker-error").first().hover();
  await expect(tooltip(page).locator(".cm-ls-hover-title")).toHaveText("Premature return [premature-return]");
  await tooltip(page).locator("button.cm-ls-fix").first().click();
  await expect(page.locator(".fix-diff")).toContainText("make(chan string, 1)");
});

test("a fix that is not verified is advice text in the editor's and the panel's hover, never a button", async ({
  page,
}) => {
  await page.goto("/#code=" + Buffer.from(RETAINED_GLOBAL).toString("base64url"));
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  const card = page.locator('.leak[data-rule="retained-global"]');
  await expect(card).toHaveCount(1);

  await page.locator(".cm-lintRange-warning").first().hover();
  await expect(tooltip(page).locator(".cm-ls-hover-title")).toHaveText("Retained global [retained-global]");
  await expect(tooltip(page).locator(".cm-ls-hover-advice")).toContainText("suggestion, not verified");
  await expect(tooltip(page).locator(".cm-ls-hover-advice")).toContainText("defer delete(sessions, id)");
  await expect(tooltip(page).locator("button")).toHaveCount(0);

  await page.mouse.move(0, 0);
  await card.locator(".leak-summary").hover();
  const hover = card.locator(".fix-hover");
  await expect(hover).toBeVisible();
  await expect(hover.locator(".fix-advice")).toContainText("suggestion, not verified");
  await expect(hover.locator("button")).toHaveCount(0);
});

test("hovering a leak's card in the panel shows its fixes; the button opens the preview", async ({ page }) => {
  await openFirstExample(page);
  const card = page.locator('.leak[data-rule="premature-return"]');
  const hover = card.locator(".fix-hover");
  await expect(hover).toBeHidden();
  await card.locator(".leak-message").hover();
  await expect(hover).toBeVisible();
  const button = hover.locator(".fix-hover-button").first();
  await expect(button).toContainText("Fix: Buffer the channel");
  await expect(button).toHaveAttribute("title", /\(Alt\+Shift\+F\)/);
  await button.click();
  await expect(card.locator(".fix-diff")).toContainText("make(chan string, 1)");
  // Keyboard users get it by focusing the summary.
  await page.mouse.move(0, 0);
  await card.locator(".leak-summary").focus();
  await expect(hover).toBeVisible();
});

test("Alt+Shift+F previews the selected leak's first verified fix, and applies it when pressed again", async ({
  page,
}) => {
  await openFirstExample(page);
  await expect(page.locator(".fix-button").first()).toHaveAttribute("title", /\(Alt\+Shift\+F\)/);
  // From inside the editor: the keys type nothing there.
  await editorContent(page).click();
  const before = await editorContent(page).textContent();
  await page.keyboard.press("Alt+Shift+F");
  await expect(page.locator(".fix-diff")).toContainText("make(chan string, 1)");
  await expect(page.locator(".fix-apply")).toHaveAttribute("title", /\(Alt\+Shift\+F\)/);
  expect(await editorContent(page).textContent()).toBe(before);

  await page.keyboard.press("Alt+Shift+F");
  await expect(editorContent(page)).toContainText("result := make(chan string, 1)");
  await expect(page.locator(".fix-preview")).toHaveCount(0);
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  await expect(page.locator(".leak")).toHaveCount(0);

  // One undo takes the whole fix back.
  await editorContent(page).click();
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(editorContent(page)).toContainText("result := make(chan string)");
  await expect(page.locator('.leak[data-rule="premature-return"]')).toHaveCount(1);

  // The shortcut is listed in the help.
  await page.locator(".findings-title").click();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toContainText("Alt+Shift+F");
  await expect(help).toContainText("first verified fix");
});

test("with text newer than the analysis, the shortcut asks to wait instead of applying", async ({ page }) => {
  await openFirstExample(page);
  await editorContent(page).click();
  await page.keyboard.press("Alt+Shift+F");
  await expect(page.locator(".fix-preview")).toBeVisible();
  // Type and apply at once, before the 150 ms pause lets the analysis run.
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("//");
  await page.keyboard.press("Alt+Shift+F");
  await expect(page.locator(".fix-wait")).toContainText("wait for the new analysis");
  await expect(editorContent(page)).toContainText("result := make(chan string)");
});
