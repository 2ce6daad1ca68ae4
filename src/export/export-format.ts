export const EXPORT_FORMATS = [
  "verl",
  "ftrl",
  "openrlhf",
  "trl-sft",
  "trl-dpo",
  "trl-grpo",
  "openai-sft",
  "openai-dpo",
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
