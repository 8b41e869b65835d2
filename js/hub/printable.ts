// Text from a server or a file, made safe to print on a terminal or in a log: control characters (C0,
// DEL, C1) and the bidirectional overrides become visible escapes, so a name can neither move the
// cursor, recolour the terminal, hide text, nor start a forged "E_GATED: ..." line. Pure; used by the
// CLI and available to the page.

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control or bidi-override character written as \xNN or \u{NNNN}. */
export function escapeControls(text: string): string {
  return String(text).replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** True when `text` holds a character escapeControls would rewrite. */
export function hasControls(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(text);
  UNPRINTABLE.lastIndex = 0;
  return found;
}
