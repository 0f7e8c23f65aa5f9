/** The PR comment: summary first (new blocking flags, who gains escalation or credential access), details folded. */
import { defaultCatalog, renderMarkdown, reviewStack, snapshotFromConfig } from "../../modules/review";
import { TfStack } from "./escalation-support";

test("summary first, then folded details", () => {
  const s = new TfStack()
    .role("ci", [{ Effect: "Allow", Action: ["iam:PassRole", "ec2:RunInstances"], Resource: "*" }])
    .role("reader", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);
  const review = reviewStack(snapshotFromConfig("app", { resource: s.resource }), undefined, { catalog: defaultCatalog(), baseLabel: "nothing" });
  const md = renderMarkdown([review], { failOn: "high", failed: true });
  const summary = md.indexOf("## Summary");
  const details = md.indexOf("<details>");
  expect(summary).toBeGreaterThan(0);
  expect(details).toBeGreaterThan(summary);
  expect(md.slice(summary, details)).toContain("**1 new critical/high flag:**");
  expect(md.slice(summary, details)).toContain("`escalation.ec2-run-instances`");
  expect(md.slice(summary, details)).toMatch(/Principals gaining privilege escalation: `ci` \(app\)/);
  // Lower flags and per-principal details are folded.
  expect(md).toMatch(/<details><summary>\d+ more flags? \(.*medium.*\)<\/summary>/);
  expect(md).toMatch(/<details><summary>2 principals changed/);
});

test("nothing blocking: the summary says so", () => {
  const s = new TfStack().role("reader", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]);
  const review = reviewStack(snapshotFromConfig("app", { resource: s.resource }), undefined, { catalog: defaultCatalog(), baseLabel: "nothing" });
  const md = renderMarkdown([review]);
  expect(md).toContain("- No new critical or high flag.");
  expect(md).toContain("- Principals gaining privilege escalation: none.");
});
