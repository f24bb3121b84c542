// The bundled example site with an Arabic (right-to-left) locale added, built with the debug
// binary, served on 127.0.0.1 and opened in Chromium through playwright-core: shared by the
// accessibility and layout tests.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./cdp.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));

/* One page of each type; `{l}` is the locale's URL slug. */
export const PAGES = {
  home: "/{l}/",
  article: "/{l}/getting-started/first-steps/",
  section: "/{l}/getting-started/",
  "support overview": "/{l}/support/",
  offering: "/{l}/support/contoso-premium/",
  "tree question": "/{l}/help/get-help/contoso/",
  "tree outcome": "/{l}/help/get-help/talk-to-us/",
  "tree all": "/{l}/help/get-help/all/",
  search: "/{l}/search/?q=support",
  "404": "/404.html",
  "language chooser": "/",
};

/* The paths of every page type in locale `l` ("/" and /404.html only for the default locale). */
export function pagesOf(l) {
  return Object.entries(PAGES)
    .map(([type, path]) => [type, path.replace("{l}", l)])
    .filter(([, path]) => l === "en-us" || path.includes(l));
}

/* Opens `path`; a same-site referrer keeps the language chooser ("/") from redirecting by the
 * browser's languages, so that the chooser itself is what gets checked. */
export function open(page, origin, path) {
  return page.goto(origin + path, { referer: `${origin}/en-us/` });
}

export async function startExample(prefix) {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const site = join(tmp, "src");
  for (const part of ["kilavuz.yaml", "content", "templates"]) cpSync(join(root, part), join(site, part), { recursive: true });
  const config = readFileSync(join(site, "kilavuz.yaml"), "utf8")
    .replace("  - {code: tr-TR, name: Türkçe}\n", "  - {code: tr-TR, name: Türkçe}\n  - {code: ar-SA, name: العربية}\n");
  writeFileSync(join(site, "kilavuz.yaml"), config);
  const bin = process.env.KILAVUZ_BIN || join(root, "target", "debug", "kilavuz");
  execFileSync(bin, ["build", site, "--out", join(tmp, "site"), "--base-url", "/", "--quiet"], { stdio: "ignore" });
  const server = serve(join(tmp, "site"));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    browser,
    tmp,
    async stop() {
      await browser.close();
      server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
