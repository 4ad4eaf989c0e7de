// Makes `require("pulumi-acr-ee/...")` resolve inside this checkout, as it does in a user's project.
// Serialized dynamic providers require the package by name from the program's directory (the
// provider host resolves from its cwd), and Node has no self-reference for code loaded from a string.
// We link only package.json and dist/, so node_modules holds no cycle back to the repo.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const pkg = require(path.join(root, "package.json"));
const dir = path.join(root, "node_modules", pkg.name);

fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
fs.symlinkSync(path.join("..", "..", "package.json"), path.join(dir, "package.json"));
fs.symlinkSync(path.join("..", "..", "dist"), path.join(dir, "dist"), "dir");
