// Where the browser tests save their screenshots. A normal run writes them to
// the git-ignored target/screenshots/, so `make test` leaves the tree clean;
// `UPDATE_SCREENSHOTS=1 npx playwright test` (or `make screenshots`) refreshes
// the README's pictures in docs/screenshots/.
const path = require("node:path");

const SHOTS =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? path.join(__dirname, "..", "..", "docs", "screenshots")
    : path.join(__dirname, "..", "..", "target", "screenshots");

module.exports = { SHOTS };
