// Screenshots of the main states for the README. Every run of the browser
// tests takes them (into target/screenshots/, see shots.js), so they always
// show the page as it is; UPDATE_SCREENSHOTS=1 writes them to docs/screenshots/.
const { test, expect } = require("@playwright/test");

const { SHOTS } = require("./shots");

const SNIPPET = [
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

async function ready(page) {
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
}

test("screenshots: light, dark, syntax error, gallery, share, phone", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await ready(page);
  await page.screenshot({ path: `${SHOTS}/playground-light.png` });

  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.screenshot({ path: `${SHOTS}/playground-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });

  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(SNIPPET);
  await expect(page.locator(".findings .kind-error")).toHaveCount(1);
  await page.locator(".findings .kind-error").click();
  await page.screenshot({ path: `${SHOTS}/syntax-error.png` });

  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.locator(".share-url")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/share.png` });

  await page.getByRole("button", { name: "Examples" }).click();
  await expect(page.getByRole("dialog", { name: "Examples" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/gallery.png` });
  await page.keyboard.press("Escape");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/#code=" + Buffer.from("package main\n\nfunc main() {\n\tgo f()\n}\n").toString("base64url"));
  await ready(page);
  await page.screenshot({ path: `${SHOTS}/phone.png`, fullPage: true });
});
