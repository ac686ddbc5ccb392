// Helvetica's glyph advance widths (1/1000 em) for printable ASCII, from Adobe's public AFM metrics of the standard
// 14 fonts: what a PDF viewer lays the text out with, so lines wrap where they will really end.
const ASCII_FROM_SPACE = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
];

/** Width by WinAnsi code; codes outside printable ASCII are absent (callers use a digit's width, 556). */
export const HELVETICA_WIDTHS: Readonly<Record<number, number>> = Object.fromEntries(ASCII_FROM_SPACE.map((w, i) => [0x20 + i, w]));
