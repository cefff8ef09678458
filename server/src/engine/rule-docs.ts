/** Where each rule's documentation page is published; the language server and the CLI link it. */
export const RULE_DOC_BASE = 'https://github.com/phi-guard/phi-guard/blob/main/rules';

export function ruleDocUrl(ruleId: string): string {
  return `${RULE_DOC_BASE}/${ruleId}/README.md`;
}
