// The smallest line edits that turn one text into another (Myers' O(ND)
// diff over lines): for the language server's range formatting, which
// touches only the range, and for `herd fmt --diff`.
//
// Lines both texts start and end with are set aside first (a formatting
// change is usually a few lines in a long file). The search keeps one small
// array per step, so memory grows with the square of the number of
// differing lines: past MAX_D of them (a file written on one line, or none
// of whose lines was formatted) the middle is one edit instead, still a
// correct diff, only not the smallest.

export interface LineEdit {
  /** Lines [fromLine, toLine) of the old text are replaced by `lines`. */
  fromLine: number;
  toLine: number;
  lines: string[];
}

const MAX_D = 2000;

export function lineDiff(oldText: string, newText: string): LineEdit[] {
  const a = oldText.split("\n");
  const b = newText.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n === 0 && m === 0) return [];
  const whole: LineEdit[] = [{ fromLine: head, toLine: head + n, lines: b.slice(head, head + m) }];
  if (n === 0 || m === 0) return whole;
  const A = (i: number) => a[head + i];
  const B = (j: number) => b[head + j];
  // v[k + offset] is the furthest x on diagonal k; trace[d] keeps v's diagonals -d..d after step d.
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= Math.min(n + m, MAX_D) && !found; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[k - 1 + offset]! < v[k + 1 + offset]!) ? v[k + 1 + offset]! : v[k - 1 + offset]! + 1;
      let y = x - k;
      while (x < n && y < m && A(x) === B(y)) {
        x++;
        y++;
      }
      v[k + offset] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (!found) return whole;
  // Walk back through the trace to collect the matching lines.
  const at = (d: number, k: number) => trace[d]![k + d]!;
  const matches: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const k = x - y;
    let prevK: number;
    let prevX: number;
    if (d === 0) {
      prevK = 0;
      prevX = 0;
    } else {
      prevK = k === -d || (k !== d && at(d - 1, k - 1) < at(d - 1, k + 1)) ? k + 1 : k - 1;
      prevX = at(d - 1, prevK);
    }
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      matches.push([x - 1, y - 1]);
      x--;
      y--;
    }
    if (d > 0) {
      x = prevX;
      y = prevY;
    }
  }
  matches.reverse();
  const edits: LineEdit[] = [];
  let ai = 0;
  let bi = 0;
  for (const [ma, mb] of [...matches, [n, m] as [number, number]]) {
    if (ma > ai || mb > bi) edits.push({ fromLine: head + ai, toLine: head + ma, lines: b.slice(head + bi, head + mb) });
    ai = ma + 1;
    bi = mb + 1;
  }
  return edits;
}
