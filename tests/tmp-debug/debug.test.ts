import { rmSync } from 'node:fs';
import { it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { startServe, tempDataDir } from '../helpers/serve';
it('debug', async () => {
  const dataDir = tempDataDir();
  const served = await startServe(dataDir);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text().slice(0, 300)));
  await page.goto(served.url);
  await new Promise((r) => setTimeout(r, 5000));
  console.log((await page.content()).slice(0, 500));
  await browser.close();
  await served.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60000);
