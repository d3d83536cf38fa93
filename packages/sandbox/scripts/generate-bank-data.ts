// Writes fixtures/bank/bank-transactions.csv: 100 synthetic, deterministic bank transactions
// (seed 004 used a 100-row synthetic CSV). Re-run only to change the data; the CSV is committed.
import { writeFileSync } from "node:fs";

let state = 0x2f6b1d3;
const rand = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const first = ["Olivia", "Liam", "Amara", "Kenji", "Sofia", "Mateo", "Priya", "Noah", "Lena", "Omar", "Chloe", "Ivan"];
const last = ["Okafor", "Schmidt", "Tanaka", "Rossi", "Novak", "Haddad", "Silva", "Kowalski", "Dubois", "Lindqvist"];
const merchants = [
  "Northwind Grocers",
  "Contoso Travel",
  "Fabrikam Energy",
  "Tailspin Toys",
  "Adatum Pharmacy",
  "Litware Books",
];
const categories = ["groceries", "travel", "utilities", "retail", "healthcare", "education"];
const types = ["card_payment", "transfer", "direct_debit", "atm_withdrawal"];
const regions = [
  ["EU", "EUR"],
  ["US", "USD"],
  ["APAC", "SGD"],
] as const;

const rows = [
  "transaction_id,transaction_date,transaction_type,transaction_amount,currency,bank_account_number,initiator_name,recipient_name,merchant_category,region,is_flagged",
];
for (let i = 1; i <= 100; i++) {
  const [region, currency] = pick(regions);
  const day = 1 + Math.floor(rand() * 28);
  const month = 1 + Math.floor(rand() * 10);
  const amount = (5 + rand() * 2000).toFixed(2);
  const account = `DE${String(Math.floor(rand() * 1e10)).padStart(10, "0")}${String(i).padStart(6, "0")}`;
  const type = pick(types);
  const recipient = type === "atm_withdrawal" ? "" : pick(merchants); // empty = NULL
  rows.push(
    [
      `TXN-2026-${String(i).padStart(5, "0")}`,
      `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      type,
      amount,
      currency,
      account,
      `${pick(first)} ${pick(last)}`,
      recipient,
      pick(categories),
      region,
      rand() < 0.07 ? "true" : "false",
    ].join(","),
  );
}
writeFileSync(new URL("../fixtures/bank/bank-transactions.csv", import.meta.url), rows.join("\n") + "\n");
console.log(`wrote ${rows.length - 1} rows`);
