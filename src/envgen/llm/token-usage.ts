/** Token counts as an OpenAI-compatible server reports them in a completion's `usage`. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** Tokens spent per stage (every request of that stage, re-asks and repairs included). */
export type UsageByStage = Record<string, TokenUsage>;

export const ZERO_USAGE: Readonly<TokenUsage> = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
});

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** The sum over stages. */
export function totalUsage(byStage: UsageByStage): TokenUsage {
  return Object.values(byStage).reduce(addUsage, ZERO_USAGE);
}
