// The build and the browser end-to-end tests: the lane `npm test` (scripts/test-all.mjs) runs
// alongside its other stages, since they need nothing from each other. Its exit code says how far
// it got (E2E_LANE in test-stages.mjs); the tests' counts are in test-results/playwright.json.
import { existsSync } from 'node:fs';
import { CHROMIUM, E2E_LANE, npx, run } from './test-stages.mjs';

if (!run('Build', npx, ['electron-vite', 'build'])) process.exit(E2E_LANE.buildFailed);
if (!existsSync(CHROMIUM)) {
  console.log('\nEnd-to-end tests need Chromium at /usr/bin/chromium (apt-get install chromium) or CHROMIUM_PATH.');
  process.exit(E2E_LANE.noChromium);
}
run('End-to-end tests (Playwright, Chromium, browser host)', npx, ['playwright', 'test']);
process.exit(E2E_LANE.ran);
