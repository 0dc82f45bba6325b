// Drives the VS Code workbench in the browser the way a user does: the
// keyboard, the mouse, and what is on the screen (token colours, hovers, the
// suggest list, the Problems panel, status bar, webviews). Every wait has a
// timeout and says what it was waiting for.
import type { FrameLocator, Locator, Page } from "playwright-core";

export interface ColouredToken {
  text: string;
  color: string;
  line: number;
}

export class Workbench {
  private file = "";
  constructor(readonly page: Page) {}

  /** Waits until `probe` returns a value (not undefined/false), or fails saying what was awaited. */
  async until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const v = await probe();
        if (v !== undefined && v !== false) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${(last as Error).message.split("\n")[0]})` : ""}`);
      await this.page.waitForTimeout(250);
    }
  }

  async open(url: string, folder: string): Promise<void> {
    await this.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: "domcontentloaded", timeout: 60_000 });
    await this.page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  }

  async openFile(name: string): Promise<void> {
    this.file = name;
    await this.page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first().waitFor({ timeout: 60_000 });
    await this.quickInput("Control+P", name, name);
    await this.page.locator(".tabs-container .tab", { hasText: name }).first().waitFor({ timeout: 15_000 });
    await this.editor().locator(".view-lines").waitFor({ timeout: 15_000 });
  }

  /** Gives the keyboard to the open file's editor (through its tab: the text area may be covered). */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press("Escape");
    await this.page.locator(".tabs-container .tab", { hasText: this.file }).first().click();
    await this.page.locator(".editor-instance .monaco-editor.focused").first().waitFor({ timeout: 10_000 });
  }

  editor(): Locator {
    return this.page.locator(".editor-instance .monaco-editor").first();
  }

  /** Opens a quick input (palette, quick open), types, and accepts the row showing `row`. */
  private async quickInput(key: string, text: string, row: string): Promise<void> {
    await this.page.keyboard.press(key);
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: 10_000 });
    await this.page.keyboard.type(text);
    await this.page.locator(".quick-input-list .monaco-list-row", { hasText: row }).first().waitFor({ timeout: 15_000 });
    await this.page.keyboard.press("Enter");
  }

  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press("Escape");
    await this.quickInput("F1", title, title);
  }

  /** Puts the cursor at a 1-based line and column (Go to Line). */
  async goTo(line: number, column = 1): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press("Control+G");
    await this.page.locator(".quick-input-widget input").waitFor({ state: "visible", timeout: 10_000 });
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
  }

  /** The visible tokens of the editor with their colours. */
  tokens(): Promise<ColouredToken[]> {
    return this.editor().evaluate((editor) => {
      const out: { text: string; color: string; line: number }[] = [];
      for (const line of Array.from(editor.querySelectorAll(".view-lines .view-line"))) {
        const top = parseFloat((line as HTMLElement).style.top || "0");
        for (const s of Array.from(line.querySelectorAll("span > span"))) {
          // The editor renders spaces as no-break spaces.
          const text = (s.textContent ?? "").replace(/\u00a0/g, " ");
          if (text.trim()) out.push({ text, color: getComputedStyle(s).color, line: top });
        }
      }
      return out;
    });
  }

  /** The screen box of `word` (a whole name) on the visible line containing `lineText`. */
  async wordBox(word: string, lineText: string): Promise<{ x: number; y: number; width: number; height: number } | undefined> {
    return this.editor().evaluate(
      (editor, [w, l]) => {
        for (const line of Array.from(editor.querySelectorAll(".view-lines .view-line"))) {
          if (!(line.textContent ?? "").replace(/\u00a0/g, " ").includes(l)) continue;
          for (const s of Array.from(line.querySelectorAll("span > span"))) {
            const node = s.firstChild;
            const text = s.textContent ?? "";
            for (let i = text.indexOf(w); node && node.nodeType === 3 && i >= 0; i = text.indexOf(w, i + 1)) {
              const before = text[i - 1];
              const after = text[i + w.length];
              if ((before && /[\w-]/.test(before)) || (after && /[\w-]/.test(after))) continue;
              const r = document.createRange();
              r.setStart(node, i);
              r.setEnd(node, i + w.length);
              const b = r.getBoundingClientRect();
              return { x: b.x, y: b.y, width: b.width, height: b.height };
            }
          }
        }
        return undefined;
      },
      [word, lineText] as const,
    );
  }

  /** Hovers the mouse over a word on a (visible) line and returns the hover's text once it matches `expect`. */
  async hover(word: string, lineText: string, expect: RegExp): Promise<string> {
    const widget = this.page.locator(".monaco-hover:not(.hidden)");
    return this.until(`a hover over \`${word}\` in \`${lineText}\` matching ${expect}`, async () => {
      const box = await this.wordBox(word, lineText);
      if (!box) return undefined;
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      await this.page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2, { steps: 2 });
      try {
        await widget.first().waitFor({ state: "visible", timeout: 3000 });
      } catch {
        await this.page.mouse.move(2, 2);
        return undefined;
      }
      const text = (await widget.first().innerText()).trim();
      if (expect.test(text)) return text;
      await this.page.mouse.move(2, 2);
      return undefined;
    });
  }

  /** Triggers suggestions at the cursor and returns the labels shown once `expect` is among them. */
  async suggestions(expect: string): Promise<string[]> {
    const rows = this.page.locator(".suggest-widget.visible .monaco-list-row");
    return this.until(`the suggest list to show \`${expect}\``, async () => {
      if ((await rows.count()) === 0) {
        await this.page.keyboard.press("Control+Space");
        await rows.first().waitFor({ timeout: 5000 });
      }
      const labels = await rows.evaluateAll((els) => els.map((e) => (e.querySelector(".label-name")?.textContent ?? e.getAttribute("aria-label") ?? "").trim()));
      return labels.includes(expect) ? labels : undefined;
    });
  }

  async showProblems(): Promise<Locator> {
    const panel = this.page.locator(".markers-panel");
    if (await panel.isVisible()) return panel;
    await this.page.keyboard.press("Escape");
    // Ctrl+Shift+M toggles: only press it when the panel is hidden.
    await this.page.keyboard.press("Control+Shift+M");
    await panel.waitFor({ timeout: 10_000 });
    return panel;
  }

  /** The rows of the Problems panel, as text. */
  async problems(): Promise<string[]> {
    return (await this.page.locator(".markers-panel .monaco-list-row").allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim());
  }

  statusBarItem(text: RegExp): Locator {
    return this.page.locator(".statusbar-item", { hasText: text });
  }

  /** The document inside a webview panel (webviews are two nested iframes). */
  webview(): FrameLocator {
    return this.page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
  }

  /** Notifications currently shown (toasts), as text. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator(".notification-toast .notification-list-item-message").allInnerTexts()).map((s) => s.trim());
  }
}
