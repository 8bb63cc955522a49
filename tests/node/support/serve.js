// Starts `replylint serve` on a free loopback port for a test, and stops it the
// way an operator would (SIGTERM), insisting on a clean exit.
"use strict";
const { spawn } = require("node:child_process");

function startServer(binary, args = [], env = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, [...args, "serve", "--port", "0"], {
      stdio: ["ignore", "inherit", "pipe"],
      env: { ...process.env, ...env },
    });
    let stderr = "";
    const timer = setTimeout(() => reject(new Error("replylint serve did not start:\n" + stderr)), 20000);
    proc.stderr.on("data", (chunk) => {
      stderr += chunk;
      const m = /serving (http:\/\/127\.0\.0\.1:\d+\/) /.exec(stderr);
      if (m && timer) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stderr: () => stderr,
          stop: () => stop(proc, () => stderr),
        });
      }
    });
    proc.on("exit", (code) => reject(new Error(`replylint serve exited (${code}) before serving:\n${stderr}`)));
    proc.on("error", reject);
  });
}

function stop(proc, stderr) {
  return new Promise((resolve, reject) => {
    proc.removeAllListeners("exit");
    proc.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`replylint serve exited with ${code ?? signal} on SIGTERM:\n${stderr()}`));
    });
    proc.kill("SIGTERM");
  });
}

// A package of the test's own, with a hint when `npm ci` was not run.
function need(name) {
  try {
    return require(name);
  } catch (e) {
    console.error(`cannot load ${name}: run \`npm ci --prefix tests/node\` first (README, Quick start)`);
    throw e;
  }
}

module.exports = { startServer, need };
