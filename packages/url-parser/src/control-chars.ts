function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

/** True when the text holds a C0 control character or DEL. */
export function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isControl(text.charCodeAt(i))) return true;
  }
  return false;
}

/** The text with each C0 control character and DEL replaced by U+FFFD, so it prints on one line. */
export function replaceControlChars(text: string): string {
  let out = "";
  for (const char of text) out += isControl(char.charCodeAt(0)) ? "\ufffd" : char;
  return out;
}
