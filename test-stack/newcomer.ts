// The newcomer path, verbatim (issue 18, item 2), in the Compose test tier: a fresh
// `git clone` → `make init` → `make up` → every service healthy → the UI through nginx in
// Chromium (sign up, create a workspace, upload a file, a provider on the fake LLM, a task
// that asks a question, is answered and completes) → `make down` → `make up` again → the
// same user, workspace, file and task are there. Screenshots of each stage go to OUT.
//
// Run by scripts/compose-test.sh (Node 24 strips the types) after its own stack is down,
// on the engine and images that script prepared:
//   node test-stack/newcomer.ts <source repo> <out dir> <test .env lines file>
// The test .env lines only point image variables at the tier's stand-ins, publish on
// loopback and allow the fake LLM as a provider (the same lines compose-test.sh uses);
// everything else is what `make init` writes. DOCKER_HOST / DOCKER_CONFIG come from the
// caller. Prints one line per step and a JSON summary; exits 1 on the first failure,
// after a failure screenshot, `docker compose down -v` and removing the clone.
import { execFile } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";

const [source, out, envLinesFile] = process.argv.slice(2);
if (!source || !out || !envLinesFile) {
  console.error(
    "usage: node test-stack/newcomer.ts <source repo> <out dir> <test .env lines file>",
  );
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const here = dirname(fileURLToPath(import.meta.url));
// playwright-core lives in the frontend's dependencies (no browser download: Debian's Chromium);
// PLAYWRIGHT_FROM names the package.json to resolve it from (a checkout with node_modules).
const { chromium } = createRequire(
  process.env.PLAYWRIGHT_FROM ?? join(here, "..", "frontend", "package.json"),
)("playwright-core") as typeof import("playwright-core");

const work = mkdtempSync(join(tmpdir(), "roo-newcomer-"));
const clone = join(work, "roo-server");
const envLines = readFileSync(envLinesFile, "utf8").split("\n").filter(Boolean);
const setting = (key: string) =>
  envLines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1) ?? "";
const httpsPort = setting("HTTPS_PORT").split(":").pop() ?? "";
const baseUrl = `https://127.0.0.1:${httpsPort}`;
const steps: Array<{ step: string; seconds: number; detail: string }> = [];

function sh(
  cmd: string,
  args: string[],
  timeoutMs: number,
  cwd = clone,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        cwd,
        timeout: timeoutMs,
        maxBuffer: 32 * 1024 * 1024,
        env: process.env,
      },
      (err, stdout, stderr) => {
        const text = `${stdout}${stderr}`;
        if (err)
          reject(
            new Error(
              `${cmd} ${args.join(" ")} failed: ${err.message}\n${text.slice(-3000)}`,
            ),
          );
        else resolve(text);
      },
    );
  });
}

async function step(name: string, fn: () => Promise<string>): Promise<void> {
  const t0 = Date.now();
  const detail = await fn();
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  steps.push({ step: name, seconds, detail });
  console.log(`newcomer: PASS ${name} (${seconds} s) ${detail}`);
}

/** Every service of the project as `docker compose ps` sees it: long-running ones healthy, one-shots exited 0. */
async function allHealthy(): Promise<string> {
  const raw = await sh(
    "docker",
    ["compose", "ps", "--all", "--format", "json"],
    60_000,
  );
  // Compose 2.21+ prints one JSON object a line.
  const rows = raw
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map(
      (l) =>
        JSON.parse(l) as {
          Service: string;
          State: string;
          Health: string;
          ExitCode: number;
        },
    );
  const oneShots = new Set(["migrate", "minio-init"]);
  const bad = rows.filter((r) =>
    oneShots.has(r.Service)
      ? !(r.State === "exited" && r.ExitCode === 0)
      : !(r.State === "running" && (r.Health === "healthy" || r.Health === "")),
  );
  if (rows.length < 10 || bad.length)
    throw new Error(
      `not healthy: ${bad.map((r) => `${r.Service} ${r.State}/${r.Health}`).join(", ") || `${rows.length} services`}`,
    );
  return `${rows.length} services: ${rows.filter((r) => r.Health === "healthy").length} healthy, one-shots exited 0`;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(out, `${String(steps.length + 1).padStart(2, "0")}-${name}.png`),
    fullPage: true,
  });
}

const email = `newcomer-${Date.now()}@example.test`;
const password = "newcomer-password-1";
const answer = `Hello from a newcomer ${Date.now()}`;
const readme =
  "# My project\n\nUploaded through the UI by the newcomer test.\n";
let browser: Browser | undefined;
let page: Page | undefined;
let failed = false;

async function newPage(): Promise<Page> {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  // make init's certificate is self-signed for the host name; the page itself is the check.
  const ctx = await browser.newContext({
    baseURL: baseUrl,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
  });
  ctx.setDefaultTimeout(30_000);
  return ctx.newPage();
}

try {
  await step("git clone", async () => {
    await sh(
      "git",
      ["clone", "--quiet", "--depth", "1", source, clone],
      120_000,
      work,
    );
    return (await sh("git", ["log", "--oneline", "-1"], 10_000)).trim();
  });
  await step("make init", async () => {
    process.env.PUBLIC_URL = baseUrl;
    const text = await sh("make", ["-s", "init"], 120_000);
    // The tier's test settings (stand-in images, loopback ports, the fake LLM allowed),
    // replacing make init's line of the same key. Secrets stay make init's, except the S3
    // keys: s3rver (MinIO's stand-in) has only its fixed ones.
    const keys = new Set(envLines.map((l) => l.split("=")[0]));
    const env = readFileSync(join(clone, ".env"), "utf8")
      .split("\n")
      .filter((l) => !keys.has(l.split("=")[0]));
    writeFileSync(join(clone, ".env"), [...env, ...envLines, ""].join("\n"));
    for (const f of [
      "s3_access_key",
      "s3_secret_key",
      "pitr_s3_access_key",
      "pitr_s3_secret_key",
    ])
      writeFileSync(join(clone, "secrets", f), "S3RVER");
    writeFileSync(
      join(clone, "secrets", "alert_webhook_url"),
      "http://127.0.0.1:9/no-alerts-in-tests",
    );
    return `${text.split("\n").filter(Boolean).length} lines of output; ${envLines.length} test settings added to .env`;
  });
  await step(
    "make up",
    async () =>
      (await sh("make", ["-s", "up"], 900_000)).trim().split("\n").pop() ?? "",
  );
  await step("every service healthy", allHealthy);

  page = await newPage();
  const p = page;
  await step("UI: sign up", async () => {
    await p.goto("/sign-up");
    await shot(p, "sign-up");
    await p.getByLabel("Name").fill("Newcomer");
    await p.getByLabel("Email").fill(email);
    await p.getByLabel("Password").fill(password);
    await p.getByRole("button", { name: "Create account" }).click();
    await p.waitForURL(/\/workspaces$/);
    await p.getByRole("heading", { name: "Workspaces" }).waitFor();
    return email;
  });
  let workspaceUrl = "";
  await step("UI: create a workspace, upload a file", async () => {
    await p.getByRole("button", { name: "New workspace" }).click();
    await p.getByRole("dialog").getByLabel("Name").fill("My project");
    await p
      .getByRole("dialog")
      .getByRole("button", { name: "Create workspace" })
      .click();
    await p.waitForURL(/\/workspaces\/[^/]+\/files/);
    workspaceUrl = new URL(p.url()).pathname.replace(/\/files$/, "");
    await p
      .getByLabel("Choose files")
      .setInputFiles({
        name: "README.md",
        mimeType: "text/markdown",
        buffer: Buffer.from(readme),
      });
    await p
      .getByRole("list", { name: "Uploads" })
      .getByText("Uploaded")
      .waitFor();
    await p
      .getByRole("navigation", { name: "File tree" })
      .getByRole("button", { name: /README\.md/ })
      .click();
    await p
      .getByRole("textbox", { name: /Contents of README\.md/ })
      .getByText("My project")
      .waitFor();
    await shot(p, "file-uploaded");
    return workspaceUrl;
  });
  await step("UI: a provider on the fake LLM", async () => {
    await p
      .getByRole("navigation", { name: "Workspace" })
      .getByRole("link", { name: "Providers" })
      .click();
    await p.getByRole("button", { name: "Add provider" }).click();
    const dialog = p.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Fake LLM");
    await dialog.getByLabel("Kind").selectOption("openai");
    await dialog.getByLabel("Base URL").fill("http://fake-llm:4010/v1");
    await dialog.getByLabel("Model").fill("fake-model");
    await dialog.getByLabel("API key").fill("sk-newcomer-test-1234");
    await dialog.getByRole("button", { name: "Add profile" }).click();
    const card = p.getByRole("listitem").filter({ hasText: "Fake LLM" });
    await card.waitFor();
    await card.getByRole("button", { name: /Test connection/ }).click();
    await card.getByText(/Connected \(\d+ ms\)/).waitFor();
    await shot(p, "provider");
    return "connected (the worker reached fake-llm through the egress policy)";
  });
  await step("UI: run a task, answer it, see it complete", async () => {
    await p
      .getByRole("navigation", { name: "Workspace" })
      .getByRole("link", { name: "Tasks" })
      .click();
    await p.getByRole("link", { name: "New task" }).click();
    await p
      .getByLabel("What should the agent do?")
      .fill("Read the README and write a note.");
    await p
      .getByLabel("Writing files (no approval prompts for edits)")
      .setChecked(true);
    await p.getByRole("button", { name: "Start task" }).click();
    await p.waitForURL(
      (u) =>
        /\/tasks\/[^/]+$/.test(u.pathname) &&
        !u.pathname.endsWith("/tasks/new"),
    );
    const ask = p.getByRole("region", { name: "The agent asks" });
    await ask.waitFor({ timeout: 60_000 });
    await shot(p, "task-asks");
    await ask.getByLabel("Your answer").fill(answer);
    await ask.getByRole("button", { name: "Send answer" }).click();
    await p.getByText("Completed").first().waitFor({ timeout: 90_000 });
    await shot(p, "task-completed");
    return new URL(p.url()).pathname;
  });
  const taskPath = new URL(p.url()).pathname;
  await browser?.close();
  browser = undefined;

  await step("make down", async () => {
    await sh("make", ["-s", "down"], 300_000);
    const left = (
      await sh("docker", ["compose", "ps", "--all", "-q"], 30_000)
    ).trim();
    if (left) throw new Error(`containers left after make down: ${left}`);
    const vols = (await sh("docker", ["volume", "ls", "-q"], 30_000))
      .trim()
      .split("\n")
      .filter(Boolean);
    if (!vols.includes("roo_pg-data"))
      throw new Error(
        `the database volume is gone after make down: ${vols.join(" ")}`,
      );
    return `no container left; ${vols.length} volumes kept (roo_pg-data among them)`;
  });
  await step(
    "make up again",
    async () =>
      (await sh("make", ["-s", "up"], 900_000)).trim().split("\n").pop() ?? "",
  );
  await step("every service healthy again", allHealthy);

  page = await newPage();
  const q = page;
  await step("UI: the data is still there", async () => {
    await q.goto("/sign-in");
    await q.getByLabel("Email").fill(email);
    await q.getByLabel("Password").fill(password);
    await q.getByRole("button", { name: "Sign in" }).click();
    await q.waitForURL(/\/workspaces/);
    await q.goto(`${workspaceUrl}/files?path=README.md`);
    await q
      .getByRole("textbox", { name: /Contents of README\.md/ })
      .getByText("My project")
      .waitFor();
    await q.goto(`${workspaceUrl}/files?path=NOTES.md`);
    await q
      .getByRole("textbox", { name: /Contents of NOTES\.md/ })
      .getByText(answer)
      .waitFor();
    await q.goto(taskPath);
    await q.getByText("Completed").first().waitFor();
    await shot(q, "after-down-up");
    return "sign-in, README.md, the task's NOTES.md with the answer, the completed task";
  });
} catch (e) {
  failed = true;
  console.error(
    `newcomer: FAIL after ${steps.length} steps: ${(e as Error).message}`,
  );
  if (page && !page.isClosed())
    await page
      .screenshot({ path: join(out, "failed.png"), fullPage: true })
      .catch(() => undefined);
  await sh("docker", ["compose", "ps", "--all"], 30_000).then(
    (t) => console.error(t),
    () => undefined,
  );
} finally {
  await browser?.close().catch(() => undefined);
  await sh(
    "docker",
    ["compose", "down", "-v", "--remove-orphans", "-t", "20"],
    300_000,
  ).catch((e: Error) =>
    console.error(`newcomer: cleanup: ${e.message.slice(0, 300)}`),
  );
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify({ ok: !failed, steps, screenshots: out }));
process.exit(failed ? 1 : 0);
