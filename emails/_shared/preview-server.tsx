// `npm run email:dev`: previews every template in /emails with its PreviewProps, in Korean and
// English — the HTML email, its plain-text part and the text-message version with its segment
// count. Restarted on every change (tsx watch). Uses only what the desk already depends on; the
// official react-email preview (`email dev`) needs the extra package @react-email/preview-server.
import { readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { render } from "@react-email/render";
import type { ComponentType } from "react";
import { callNote } from "../../app/notify/render.server";
import { composeSms, smsSegments } from "../../app/notify/sms";
import type { Locale } from "./format";

type Module = {
  default: ComponentType<Record<string, unknown>> & { PreviewProps?: Record<string, unknown> };
  subject?: (p: Record<string, unknown>) => string;
  smsParts?: (p: Record<string, unknown>) => { head: string; body?: string; tail?: string };
};

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const portArg = process.argv.indexOf("--port");
const port = Number(portArg > 0 ? process.argv[portArg + 1] : process.env.EMAIL_DEV_PORT ?? 3001);

function names(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".tsx") && !f.startsWith("_"))
    .map((f) => f.replace(/\.tsx$/, ""))
    .sort();
}

async function load(name: string): Promise<Module | null> {
  if (!names().includes(name)) return null;
  return (await import(pathToFileURL(path.join(dir, `${name}.tsx`)).href)) as Module;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,'Noto Sans KR',sans-serif;margin:2rem;max-width:70rem}iframe{width:100%;height:70vh;border:1px solid #ccc}
pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem;border:1px solid #ddd}nav a{margin-right:1rem}</style></head>
<body>${body}</body></html>`;
}

async function preview(name: string, locale: Locale) {
  const mod = await load(name);
  if (!mod) return null;
  const props = { ...(mod.default.PreviewProps ?? {}), locale };
  const Email = mod.default;
  const element = <Email {...props} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const sms = mod.smsParts ? composeSms({ ...mod.smsParts(props), callNote: callNote(locale, "1588-0000") }) : null;
  return { html, text, subject: mod.subject?.(props) ?? name, sms, segments: sms ? smsSegments(sms.text) : null };
}

const server = http.createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? "/", `http://localhost:${port}`);
    const locale: Locale = url.searchParams.get("locale") === "en" ? "en" : "ko";
    const [, name, part] = url.pathname.split("/");
    if (!name) {
      const rows = names()
        .map((n) => `<li><strong>${escape(n)}</strong> — <a href="/${n}?locale=ko">한국어</a> · <a href="/${n}?locale=en">English</a></li>`)
        .join("");
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page("Email templates", `<h1>이메일 템플릿 미리보기</h1><ul>${rows}</ul>`));
      return;
    }
    const p = await preview(name, locale);
    if (!p) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("no such template");
      return;
    }
    if (part === "html") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(p.html);
      return;
    }
    const sms = p.sms
      ? `<h2>SMS (${p.segments!.encoding}, ${p.segments!.units} units, ${p.segments!.segments} segment(s)${p.sms.shortened ? ", shortened" : ""})</h2><pre>${escape(p.sms.text)}</pre>`
      : "";
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(
      page(
        name,
        `<nav><a href="/">← all</a><a href="/${name}?locale=ko">한국어</a><a href="/${name}?locale=en">English</a></nav>
<h1>${escape(name)} (${locale})</h1><p><strong>Subject:</strong> ${escape(p.subject)}</p>
<iframe title="${escape(name)} email" src="/${name}/html?locale=${locale}"></iframe>
<h2>Plain text</h2><pre>${escape(p.text)}</pre>${sms}`,
      ),
    );
  })().catch((error: unknown) => {
    res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end(error instanceof Error ? (error.stack ?? error.message) : String(error));
  });
});

server.listen(port, () => process.stdout.write(`Email previews on http://localhost:${port}\n`));
