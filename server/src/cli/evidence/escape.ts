/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escapes text for a Markdown table cell: pipes and line breaks would end the cell, and `<`,
 * `&`, emphasis marks and brackets would turn into markup when the file is rendered. Backticks
 * stay, because finding messages use them for code spans.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\*_|[\]])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, ' ');
}
