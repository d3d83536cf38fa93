// The review diff of `init --update`: lines removed (-) and added (+) between the scenario on disk and
// the one the account gives today, with two lines of context, from a longest-common-subsequence table.
export function lineDiff(before: string, after: string): string[] {
  const a = before.split("\n"),
    b = after.split("\n");
  const n = a.length,
    m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: { op: " " | "-" | "+"; line: string }[] = [];
  let i = 0,
    j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: " ", line: a[i] });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push({ op: "+", line: b[j++] });
    else ops.push({ op: "-", line: a[i++] });
  }
  const near = (k: number) => ops.slice(Math.max(0, k - 2), k + 3).some((o) => o.op !== " ");
  return ops.flatMap((o, k) => (o.op !== " " || near(k) ? [`${o.op} ${o.line}`] : []));
}
