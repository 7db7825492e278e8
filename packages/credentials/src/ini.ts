/** Sections of an INI file: section name -> key -> value. */
export type IniSections = Map<string, Map<string, string>>;

/**
 * Parses the AWS shared config/credentials INI dialect: `[section]` headers, `key = value`
 * lines, full-line comments and inline comments after whitespace (`# …`, `; …`). Indented lines
 * under a key with an empty value are nested settings (`s3 =\n  max_concurrent_requests = 10`)
 * and are skipped: no credential setting is nested. Keys are lower-cased; a later duplicate
 * wins, as in the AWS CLI.
 */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  let nestedUnder = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[#;]/)[0]?.trimEnd() ?? "";
    if (line.trim() === "") continue;
    const header = /^\s*\[([^[\]]+)\]\s*$/.exec(line);
    if (header) {
      const name = (header[1] as string).trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      nestedUnder = false;
      continue;
    }
    if (/^\s/.test(raw) && nestedUnder) continue;
    const eq = line.indexOf("=");
    if (eq < 0 || current === undefined) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    nestedUnder = value === "";
    if (key !== "") current.set(key, value);
  }
  return sections;
}
