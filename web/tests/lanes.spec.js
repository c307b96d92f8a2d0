// Lanes that fit and channels named as the code names them (issue 16.2 and
// 16.3): alike goroutines share a row ("g3–g11 (9×) blocked on chan send
// (results)"), many lanes are compact, and on a wide screen the code and
// the lanes sit side by side with a split that the mouse and the keyboard
// move.
const { test, expect } = require("./fixture");
const fs = require("node:fs");
const { SHOTS } = require("./shots");

// Ten senders, one receive: nine senders stay blocked on `results`.
const TEN_SENDERS = [
  "package main",
  "",
  "func main() {",
  "\tresults := make(chan int)",
  "\tfor i := 0; i < 10; i++ {",
  "\t\tgo func() {",
  "\t\t\tresults <- i",
  "\t\t}()",
  "\t}",
  "\t<-results",
  "}",
  "",
].join("\n");

const PREMATURE_RETURN = fs
  .readFileSync(`${__dirname}/../../crate/testdata/rules/premature-return.go`, "utf8")
  .replace(' // want "premature-return"', "");

function codeLink(code) {
  return "#code=" + Buffer.from(code, "utf8").toString("base64url");
}

test("nine alike leaked senders are one row, named by their ids and their channel", async ({ page }) => {
  await page.goto("/" + codeLink(TEN_SENDERS));
  await page.locator(".leak-timeline").first().click();
  await page.locator("#step-last").click();
  const group = page.locator(".lane-group");
  await expect(group).toHaveCount(1);
  await expect(group).toHaveAttribute("data-count", "9");
  await expect(group).toHaveAttribute("data-status", "leaked");
  await expect(group.locator(".lane-name strong")).toHaveText(/^g\d+(–g\d+|(, g\d+)+) \(9×\)$/);
  await expect(group.locator(".lane-status")).toHaveText("leaked: blocked on chan send (results) forever");
  await expect(group.locator(".lane-status code")).toHaveText("results");
  // main and the sender that got through keep their own rows: three rows in all.
  await expect(page.locator(".lane")).toHaveCount(3);
  await expect(page.locator(".lanes")).toHaveClass(/compact/);
  // The channel box names the channel too.
  await expect(page.locator(".channel .channel-head code").first()).toHaveText("results");
  for (const lane of await page.locator(".lane").all()) await expect(lane).toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/lanes-grouped.png` });
  // Grouping can be switched off: one lane per goroutine again.
  const toggle = page.locator("#lane-grouping");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator(".lane")).toHaveCount(11);
  await expect(page.locator(".lane-group")).toHaveCount(0);
  await toggle.click();
  await expect(page.locator(".lane")).toHaveCount(3);
});

test("a few goroutines are never grouped unless asked", async ({ page }) => {
  await page.goto("/" + codeLink(PREMATURE_RETURN));
  await page.locator(".leak-timeline").first().click();
  await page.locator("#step-last").click();
  await expect(page.locator(".lane-group")).toHaveCount(0);
  await expect(page.locator("#lane-grouping")).toHaveAttribute("aria-pressed", "false");
});

test("on a wide screen the code and the lanes are side by side, split by a separator that drags and takes keys", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto("/" + codeLink(PREMATURE_RETURN));
  await page.locator(".leak-timeline").first().click();
  const splitter = page.getByRole("separator", { name: "Width of the code beside the timeline" });
  await expect(splitter).toBeVisible();
  await expect(splitter).toHaveAttribute("aria-valuenow", "50");
  const code = () => page.locator(".editor-host").boundingBox();
  const lanes = () => page.locator("#timeline").boundingBox();
  let [c, t] = [await code(), await lanes()];
  expect(c.x + c.width).toBeLessThanOrEqual(t.x + 1);
  // The timeline runs the full height beside the code.
  expect(t.y).toBeLessThan(200);
  expect(t.height).toBeGreaterThan(700);
  // Keys: 5 % a press, Home and End to the ends.
  await splitter.focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(splitter).toHaveAttribute("aria-valuenow", "40");
  const narrower = await code();
  expect(narrower.width).toBeLessThan(c.width - 100);
  await page.keyboard.press("End");
  await expect(splitter).toHaveAttribute("aria-valuenow", "75");
  await page.keyboard.press("Home");
  await expect(splitter).toHaveAttribute("aria-valuenow", "25");
  // Dragged with the mouse to 60 % of the width.
  const box = await splitter.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(1920 * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(splitter).toHaveAttribute("aria-valuenow", "60");
  [c, t] = [await code(), await lanes()];
  expect(c.x + c.width).toBeLessThanOrEqual(t.x + 1);
  expect(t.x).toBeGreaterThan(1920 * 0.6 - 20);
  await page.screenshot({ path: `${SHOTS}/wide-split-1920x1080.png` });
});

test("at 1280 wide the page keeps its stacked layout, without a separator", async ({ page }) => {
  await page.goto("/" + codeLink(PREMATURE_RETURN));
  await page.locator(".leak-timeline").first().click();
  await expect(page.getByRole("separator")).toHaveCount(0);
});
