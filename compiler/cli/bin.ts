// Entry point of the bundled CLI (dist/herd.mjs).
import { main } from "./main.js";

void main();
