// Honest results (issue 16.1): when a bound cut the schedule search short,
// the findings panel never says "no leaks found"; it says what was searched
// and what stopped it, and offers a longer search.
const { test, expect } = require("./fixture");
const { SHOTS } = require("./shots");

// Real Go 1.27: "fatal error: all goroutines are asleep - deadlock!" (main
// takes one value, then waits for every sender, n - 1 of which block forever).
function manySenders(n) {
  return [
    "package main",
    "",
    'import "sync"',
    "",
    "func main() {",
    "\tch := make(chan int)",
    "\tvar wg sync.WaitGroup",
    `\tfor i := 0; i < ${n}; i++ {`,
    "\t\twg.Add(1)",
    "\t\tgo func() {",
    "\t\t\tdefer wg.Done()",
    "\t\t\tch <- i",
    "\t\t}()",
    "\t}",
    "\t<-ch",
    "\twg.Wait()",
    "}",
    "",
  ].join("\n");
}

function base64url(text) {
  return Buffer.from(text, "utf8").toString("base64url");
}

const cutShort = (page) => page.locator("#leak-cut-short");

test("a search stopped by the goroutine bound says so in words, and searching longer finds the deadlock", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.goto("/#code=" + base64url(manySenders(600)));
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  // Not a clean bill: what was searched and what stopped it.
  await expect(cutShort(page)).toBeVisible();
  await expect(cutShort(page)).toContainText("the search was cut short");
  await expect(cutShort(page)).toContainText("main starts more than 500 goroutines; leakscope followed the first 500 of them.");
  await expect(cutShort(page).locator("code").first()).toHaveText("main");
  await expect(page.locator(".leak-none")).toHaveCount(0);
  await expect(page.locator(".leak-findings")).not.toContainText("No goroutine leaks");
  await cutShort(page).screenshot({ path: `${SHOTS}/search-cut-short.png` });

  // Search longer: the same text with larger bounds finds what real Go says.
  const button = page.locator("#search-longer");
  await expect(button).toHaveText("Search longer");
  await button.click();
  const leak = page.locator(".leak").first();
  await expect(leak).toBeVisible({ timeout: 30_000 });
  await expect(leak).toContainText("all goroutines are asleep - deadlock!");
  await expect(leak.locator(".leak-line")).toHaveText("line 16");
});

test("the longer search, still cut short, says so and points to the command line", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto("/#code=" + base64url(manySenders(10_000)));
  await expect(cutShort(page)).toContainText("leakscope followed the first 500 of them");
  await page.locator("#search-longer").click();
  // No run of 10,000 senders fits the longer bounds either (5,000 goroutines):
  // still no clean bill, and no button that would do the same again.
  await expect(cutShort(page).locator(".leak-cut-short-deep")).toContainText(
    "This was already the longer search. The command-line tool (leakscope check) searches with larger limits.",
    { timeout: 30_000 },
  );
  await expect(page.locator("#search-longer")).toHaveCount(0);
  await expect(page.locator(".leak")).toHaveCount(0);
  await expect(page.locator(".leak-none")).toHaveCount(0);
});

test("a search that explored every schedule and found nothing says no leaks, and offers nothing longer", async ({
  page,
}) => {
  await page.goto("/#code=" + base64url(manySenders(1)));
  await expect(page.locator(".leak-none")).toHaveText("No goroutine leaks or deadlocks found.");
  await expect(cutShort(page)).toHaveCount(0);
  await expect(page.locator("#search-longer")).toHaveCount(0);
});
