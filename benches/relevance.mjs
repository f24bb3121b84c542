// Search relevance on the real Partner Center corpus (../shared/corpus, built through
// tests/fixtures/corpus): for each query (keywords, questions as readers type them, typos and
// words no page holds), the pages a reader would want first, judged by their subject; prints
// each query's rank of the first such page and, per locale, the mean reciprocal rank over the
// top 10 and how many queries found one first and in the top 3. Not a test: run by hand, e.g.
//   cargo run --release -- build tests/fixtures/corpus --out /tmp/corpus-site
//   node benches/relevance.mjs /tmp/corpus-site [path/to/search.js]
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const [site, engineFile] = process.argv.slice(2);
if (!site) {
  console.error("usage: node benches/relevance.mjs BUILT_SITE [SEARCH_JS]");
  process.exit(2);
}
const root = fileURLToPath(new URL("..", import.meta.url));
const { createEngine } = require(resolve(engineFile || join(root, "theme/static/js/search.js")));

const reconciliation = ["use-the-reconciliation-files", "license-based-recon-files", "usage-based-recon-files",
  "modern-invoice-reconciliation-file", "daily-rated-usage-recon-files"];
const passwords = ["reset-a-user-password", "reset-my-pasword"];
const credit = ["partner-earned-credit", "partner-earned-credit-explanation"];
const reservations = ["azure-reservations", "azure-reservations-buying", "azure-reservations-manage"];
const transfer = ["switch-azure-subscriptions-to-a-different-partner", "transfer-azure-subscriptions-under-azure-plan"];
const cancel = ["create-a-new-subscription", "azure-plan-manage", "csp-software-subscriptions",
  "csp-commercial-marketplace-manage", "customer-subscriptions"];
const judged = {
  "en-us": [
    ["reset password", passwords],
    ["cancel subscription", cancel],
    ["azure plan price list", ["azure-plan-price-list"]],
    ["partner earned credit", credit],
    ["multifactor authentication", ["partner-security-requirements-mandating-mfa", "mfa-for-users", "partner-security-requirements"]],
    ["tax exemption", ["tax-and-tax-exemptions"]],
    ["payout account", ["set-up-your-payout-account"]],
    ["reconciliation file", reconciliation],
    ["spending budget", ["set-an-azure-spending-budget-for-your-customers"]],
    ["service health", ["check-service-health"]],
    ["global admin", ["become-global-admin"]],
    ["transfer azure subscription", transfer],
    ["azure reservations", reservations],
    ["support contacts", ["assign-support-contacts"]],
    ["credit limit", ["credit-limit-enforcement"]],
    ["read your bill", ["read-your-bill"]],
    ["vat", ["vat-info"]],
    ["education customers", ["sell-to-education-customers"]],
    ["service principal", ["service-principal"]],
    ["security contact", ["security-contact"]],
    ["customer list", ["see-your-customer-list"]],
    ["withholding tax", ["withholding-tax-credit-form", "tax-policies-affect-payout"]],
    ["remove relationship", ["remove-a-relationship"]],
    ["new commerce promotions", ["new-commerce-promotions"]],
    ["how do i reset my password", passwords],
    ["how do i cancel my subscription", cancel],
    ["what is partner earned credit", credit],
    ["how to transfer azure subscription to another partner", transfer],
    ["how can i become a global admin", ["become-global-admin"]],
    ["cancel my subscription", cancel],
    ["how do i add a customer", ["add-a-new-customer"]],
    ["cancel subscripton", cancel],
    ["azure resevations", reservations],
    ["partner earned credt", credit],
    ["spending budgte", ["set-an-azure-spending-budget-for-your-customers"]],
    ["reset password okta", passwords],
  ],
  "tr-tr": [
    ["parola sıfırlama", passwords],
    ["abonelik iptal", cancel],
    ["vergi muafiyeti", ["tax-and-tax-exemptions"]],
    ["ödeme hesabı", ["set-up-your-payout-account"]],
    ["mutabakat dosyası", reconciliation.concat(["read-your-bill"])],
    ["harcama bütçesi", ["set-an-azure-spending-budget-for-your-customers"]],
    ["hizmet durumu", ["check-service-health"]],
    ["genel yönetici", ["become-global-admin"]],
    ["azure rezervasyon", reservations],
    ["destek kişileri", ["assign-support-contacts"]],
    ["kredi limiti", ["credit-limit-enforcement"]],
    ["iş ortağı kazanılmış kredi", credit],
    ["eğitim müşterileri", ["sell-to-education-customers"]],
    ["hizmet sorumlusu", ["service-principal"]],
    ["müşteri listesi", ["see-your-customer-list"]],
    ["satıcı ilişkisi kaldırma", ["remove-a-relationship"]],
    ["parolamı nasıl sıfırlarım", passwords],
    ["müşteri aboneliğini nasıl iptal ederim", cancel],
    ["genel yönetici nasıl olunur", ["become-global-admin"]],
    ["müşteri nasıl eklenir", ["add-a-new-customer"]],
    ["abonelik ipatl", cancel],
    ["harcama bütçsi", ["set-an-azure-spending-budget-for-your-customers"]],
    ["kredi limti", ["credit-limit-enforcement"]],
    ["parola sıfırlama okta", passwords],
  ],
};

for (const [locale, queries] of Object.entries(judged)) {
  const engine = createEngine({
    indexUrl: `/${locale}/_search/`,
    load: async (url) => JSON.parse(readFileSync(join(site, url), "utf8")),
  });
  let reciprocal = 0, first = 0, top3 = 0;
  for (const [query, wanted] of queries) {
    const found = await engine.search(query, 10);
    const pages = found.results.map((r) => r.url.split("#")[0].split("/").filter(Boolean).pop());
    const at = pages.findIndex((p) => wanted.includes(p)) + 1;
    reciprocal += at ? 1 / at : 0;
    first += at === 1 ? 1 : 0;
    top3 += at >= 1 && at <= 3 ? 1 : 0;
    console.log(`${locale}  ${at || "-"}  ${query}${at === 1 ? "" : `  (first: ${pages[0] || "nothing"})`}`);
  }
  const n = queries.length;
  console.log(`${locale}: MRR@10 ${(reciprocal / n).toFixed(3)}, first ${first}/${n}, top 3 ${top3}/${n}\n`);
}
