import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RunReport } from "../model/report.js";
import { sampleReport } from "../../test/helpers/sample-report.js";
import { embedJson, renderHtml } from "./html.js";
import { highlightJson } from "./html-detail.js";
import { renderMatrix } from "./html-matrix.js";

const EVIL = `</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)>`;

function hostile(): RunReport {
  const r = sampleReport();
  r.results[0].reasons = [EVIL];
  r.results[0].check = `x"><b>`;
  r.personas[0].note = EVIL;
  return r;
}

describe("renderHtml", () => {
  const html = renderHtml(sampleReport());

  it("embeds the whole report as JSON that parses back to the same report", () => {
    const m = /<script type="application\/json" id="tip-report">([\s\S]*?)<\/script>/.exec(html)!;
    expect(JSON.parse(m[1])).toEqual(sampleReport());
  });

  it("cannot be broken out of: the embedded JSON has no '<', and every dynamic text is escaped", () => {
    expect(embedJson({ s: EVIL })).not.toMatch(/<\/script|<!--|</i);
    const page = renderHtml(hostile());
    expect(page).not.toContain("<script>alert(1)");
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain('x"><b>');
    expect(page).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.match(/<script/g)).toHaveLength(2); // the JSON and the one inline script, nothing else
  });

  it("loads nothing from anywhere: no src, no stylesheet links, and a CSP whose hashes match the inline style and script", () => {
    expect(html).not.toMatch(/\ssrc=|<link\b|@import|url\(/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const hash = (s: string) => createHash("sha256").update(s).digest("base64");
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`'sha256-${hash(style)}'`);
    expect(csp).toContain(`'sha256-${hash(script)}'`);
  });

  it("links console pages only for a real AWS target, never for the sandbox", () => {
    expect(html).not.toContain("console.aws.amazon.com");
    const aws = sampleReport();
    aws.target.kind = "aws";
    expect(renderHtml(aws)).toContain(
      "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/e0000001-0000-4000-8000-000000000003",
    );
  });

  it("puts unexpected allows first in the findings", () => {
    const findings = html.slice(html.indexOf('id="findings"'), html.indexOf('id="matrix"'));
    expect(findings.indexOf("UNEXPECTED ALLOW")).toBeGreaterThan(-1);
    expect(findings.indexOf("UNEXPECTED ALLOW")).toBeLessThan(findings.indexOf("LEAKED COLUMNS"));
    expect(findings.indexOf("LEAKED COLUMNS")).toBeLessThan(findings.indexOf("ERROR"));
  });

  it("shows each verdict as an icon and a word, not only a colour", () => {
    const matrix = renderMatrix(sampleReport());
    for (const word of [
      '✗</span> <span class="word">ALLOWED',
      '✗</span> <span class="word">LEAK',
      '!</span> <span class="word">ERROR',
      '…</span> <span class="word">PENDING',
      '✓</span> <span class="word">allowed',
      '✓</span> <span class="word">denied',
    ])
      expect(matrix).toContain(word);
    expect(matrix.match(/<td class="cell (?!none)/g)).toHaveLength(sampleReport().results.length);
  });

  it("renders the matrix the same way every time (snapshot)", () => {
    expect(renderMatrix(sampleReport())).toMatchSnapshot();
  });

  it("highlights identity fields in CloudTrail records", () => {
    const out = highlightJson({
      userIdentity: { onBehalfOf: { userId: "u-1" }, arn: "arn:x" },
      errorCode: "AccessDenied",
      eventName: "<x>",
    });
    expect(out).toContain('<mark class="identity">{');
    expect(out).toContain('<mark class="identity"><span class="v">&quot;arn:x&quot;</span></mark>');
    expect(out).toContain('<mark class="identity"><span class="v">&quot;AccessDenied&quot;</span></mark>');
    expect(out).toContain("&quot;&lt;x&gt;&quot;");
  });
});
