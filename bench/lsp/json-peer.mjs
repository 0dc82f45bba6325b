// Language-server benchmark: the peer. vscode-json-languageservice answering
// on one JSON document with the fleet schema, in this process (no JSON-RPC,
// no stdio, no second process). Keeps the parsed document per version, as
// the VS Code JSON server does, so that completion and hover after an edit
// reuse the parse that validation made.
import jsonService from "vscode-json-languageservice";
import { fleetSchema } from "./schema.mjs";

const { getLanguageService, TextDocument } = jsonService;

export class JsonSession {
  constructor(uri, text) {
    this.ls = getLanguageService({ schemaRequestService: (u) => Promise.reject(new Error(`no schema at ${u}`)) });
    this.ls.configure({ validate: true, allowComments: false, schemas: [{ uri: fleetSchema.$id, fileMatch: ["*.json"], schema: fleetSchema }] });
    this.doc = TextDocument.create(uri, "json", 1, text);
    this.parsed = this.ls.parseJSONDocument(this.doc);
  }

  get text() {
    return this.doc.getText();
  }

  positionAt(offset) {
    return this.doc.positionAt(offset);
  }

  /** One keystroke (insert `text` at `offset`, or delete `remove` characters there), then parse and validate: the diagnostics. */
  async edit(offset, text, remove = 0) {
    const range = { start: this.doc.positionAt(offset), end: this.doc.positionAt(offset + remove) };
    TextDocument.update(this.doc, [{ range, text }], this.doc.version + 1);
    this.parsed = this.ls.parseJSONDocument(this.doc);
    return this.ls.doValidation(this.doc, this.parsed);
  }

  /** One keystroke and the parse, without validation (what completion typed right after it needs). */
  editOnly(offset, text, remove = 0) {
    const range = { start: this.doc.positionAt(offset), end: this.doc.positionAt(offset + remove) };
    TextDocument.update(this.doc, [{ range, text }], this.doc.version + 1);
    this.parsed = this.ls.parseJSONDocument(this.doc);
  }

  /** The whole text replaced (as a client syncing full documents sends it), then parse and validate: the diagnostics. */
  async replace(text) {
    TextDocument.update(this.doc, [{ text }], this.doc.version + 1);
    this.parsed = this.ls.parseJSONDocument(this.doc);
    return this.ls.doValidation(this.doc, this.parsed);
  }

  /** The diagnostics of the current text, parsing again. */
  async validate() {
    this.parsed = this.ls.parseJSONDocument(this.doc);
    return this.ls.doValidation(this.doc, this.parsed);
  }

  complete(offset) {
    return this.ls.doComplete(this.doc, this.doc.positionAt(offset), this.parsed);
  }

  hover(offset) {
    return this.ls.doHover(this.doc, this.doc.positionAt(offset), this.parsed);
  }
}
