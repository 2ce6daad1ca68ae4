import { describe, expect, it } from "vitest";
import { html, jsonForScript, SafeHtml } from "./html.js";

describe("html", () => {
  it("escapes every interpolation that is not markup it built", () => {
    const name = `"><script>alert('x')</script>&`;
    const out = html`<td title="${name}">${name}${[name, 1]}${html`<b>${name}</b>`}</td>`.value;
    expect(out).not.toContain("<script>");
    expect(out).toContain("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;");
    expect(out).toContain("<b>&quot;&gt;&lt;script&gt;");
    expect(html`${null}${undefined}${false}${0}`.value).toBe("0");
    expect(html`${new SafeHtml("<i>ok</i>")}`.value).toBe("<i>ok</i>");
  });
});

describe("jsonForScript", () => {
  it("cannot close its script element and still parses to the same value", () => {
    const value = { text: "</script><!-- <script>x</script> & \u2028" };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
