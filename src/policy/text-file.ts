/** Reading the text of a JSON or YAML file a user wrote. */

/** `text` without a leading byte order mark, which some editors write and which is no syntax. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
