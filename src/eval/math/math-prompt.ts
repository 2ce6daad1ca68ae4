import type { Message } from "../../core/index.js";

/**
 * How the calculator reaches a policy: `native`, as a function tool in the request (the
 * server's own tool calling; the result comes back as a tool message and the model answers in
 * a later turn), or `text`, TRICE's format — the model writes `calculator(<expression>)` and
 * that call's result is its answer, or it writes the answer itself.
 */
export type MathToolFormat = "native" | "text";
export const MATH_TOOL_FORMATS: readonly MathToolFormat[] = ["native", "text"];

/** The system prompts that explain the calculator and the answer format, per tool format. */
export const MATH_SYSTEM_PROMPTS: Record<MathToolFormat | "none", string> = {
  text: [
    "Solve the math word problem. You can use a calculator for help.",
    "To use it, reply with calculator(<expression>) only, the expression in numbers with + - * / and parentheses: its result is taken as your answer.",
    'When you can answer without it, reply "The answer is <number>."',
  ].join("\n"),
  native: [
    "Solve the math word problem. You can call the calculator tool to do the arithmetic.",
    'When you know the answer, reply "The answer is <number>."',
  ].join("\n"),
  none: [
    "Solve the math word problem without a calculator.",
    'Reply "The answer is <number>."',
  ].join("\n"),
};

/** A worked example for few-shot prompts: the question and, when the tool helps, the formula. */
export interface MathExample {
  readonly question: string;
  readonly answer: number;
  readonly formula?: string;
}

/** TRICE's three few-shot examples (GSM8K), then one that needs no calculator. */
export const MATH_EXAMPLES: readonly MathExample[] = [
  {
    question:
      "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
    answer: 72,
    formula: "48+48/2",
  },
  {
    question:
      "Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?",
    answer: 10,
    formula: "(12/60)*50",
  },
  {
    question:
      "Betty is saving money for a new wallet which costs $100. Betty has only half of the money she needs. Her parents decided to give her $15 for that purpose, and her grandparents twice as much as her parents. How much more money does Betty need to buy the wallet?",
    answer: 5,
    formula: "100-100/2-15-15*2",
  },
  {
    question:
      "Janet has 9 oranges and Sharon has 7 oranges. How many oranges do they have together?",
    answer: 16,
  },
];

export interface MathMessagesOptions {
  readonly question: string;
  /** The prompt's form: the tool format, or `none` (the calculator withheld). */
  readonly format: MathToolFormat | "none";
  /** The system prompt; undefined = `MATH_SYSTEM_PROMPTS[format]`, null = no system message. */
  readonly system?: string | null;
  /** Few-shot examples appended to the system prompt (none by default). */
  readonly examples?: readonly MathExample[];
}

/**
 * The conversation a policy is asked a math problem with: the system prompt (with any examples
 * written out in the form the format asks for), then the question as the user turn.
 *
 * @example
 * mathMessages({ question: "Janet has 9 oranges…", format: "text" })
 * // [{ role: "system", content: "Solve the math word problem. You can use a calculator…" },
 * //  { role: "user", content: "Janet has 9 oranges…" }]
 */
export function mathMessages({
  question,
  format,
  system,
  examples = [],
}: MathMessagesOptions): Message[] {
  const prompt = system === undefined ? MATH_SYSTEM_PROMPTS[format] : system;
  const shots = examples.map((e) => renderExample(e, format));
  const content = [prompt ?? "", ...(shots.length > 0 ? ["Examples:", ...shots] : [])]
    .filter((part) => part !== "")
    .join("\n\n");
  const messages: Message[] = content === "" ? [] : [{ role: "system", content }];
  messages.push({ role: "user", content: question });
  return messages;
}

function renderExample(
  { question, answer, formula }: MathExample,
  format: MathToolFormat | "none",
) {
  const direct = `The answer is ${answer}.`;
  if (formula === undefined || format === "none") return `Question: ${question}\nReply: ${direct}`;
  if (format === "text") return `Question: ${question}\nReply: calculator(${formula})`;
  return `Question: ${question}\nCall: calculator ${JSON.stringify({ expression: formula })}\nThen reply: ${direct}`;
}
