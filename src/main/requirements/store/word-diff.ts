// A word-level diff between two revisions' texts: the longest common subsequence over words, so a reviewer sees
// which words an edit removed and which it added.
import type { WordDiffPart } from '../../../shared/requirements';

/** Words and the spaces after them stay together, so joining the parts gives back each side's text exactly. */
function words(text: string): string[] {
  return text.match(/\S+\s*|^\s+/g) ?? [];
}

/** Two words are the same when they differ only in the spaces that follow them. */
const key = (word: string): string => word.trimEnd();

/** Runs of same / removed / added words; the 'same' and 'removed' parts join to `before`, 'same' and 'added' to `after`. */
export function wordDiff(before: string, after: string): WordDiffPart[] {
  const a = words(before);
  const b = words(after);
  // lcs[i][j]: the LCS length of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i][j] = key(a[i]) === key(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const parts: WordDiffPart[] = [];
  const push = (op: WordDiffPart['op'], text: string): void => {
    const last = parts[parts.length - 1];
    if (last?.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && key(a[i]) === key(b[j])) {
      // a shared word keeps the new side's spacing
      push('same', b[j]);
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      push('added', b[j]);
      j += 1;
    } else {
      push('removed', a[i]);
      i += 1;
    }
  }
  return parts;
}
