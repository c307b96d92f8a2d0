const { test, expect } = require("@playwright/test");
function manySenders(n) {
  return `package main\n\nimport "sync"\n\nfunc main() {\n\tch := make(chan int)\n\tvar wg sync.WaitGroup\n\tfor i := 0; i < ${n}; i++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tch <- i\n\t\t}()\n\t}\n\t<-ch\n\twg.Wait()\n}\n`;
}
test("adhoc", async ({ page }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto("/#code=" + Buffer.from(manySenders(10000)).toString("base64url"));
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed", { timeout: 110_000 });
  console.log("analyzed after", Date.now() - t0, await page.locator(".toolbar .status").textContent());
  await expect(page.locator(".leak").first()).toBeVisible({ timeout: 110_000 });
  console.log("leak after", Date.now() - t0);
});
