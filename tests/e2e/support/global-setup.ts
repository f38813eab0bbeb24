import { existsSync } from "node:fs";

// A missing browser is a failure in CI, never a silent skip.
export default function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    const message = `Chromium not found at ${chromium}: install Debian's chromium (apt-get install -y chromium fonts-noto-cjk).`;
    if (process.env.CI) throw new Error(message);
    throw new Error(`${message} The end-to-end tests need it.`);
  }
}
