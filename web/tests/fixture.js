// The page fixture every browser test uses: a test also fails when the page
// logs an error to the console or throws.
const { test: base, expect } = require("@playwright/test");

const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(String(error)));
    await use(page);
    expect(problems, "console errors").toEqual([]);
  },
});

module.exports = { test, expect };
