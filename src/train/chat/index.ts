// The chat template the built-in model is trained and sampled with, and its tokenization.
export * from "./chat-segments.js";
export * from "./chat-template-options.js";
export * from "./chat-token-ids.js";
export * from "./chat-tokens.js";
export * from "./parse-assistant-output.js";
export * from "./render-chat-text.js";
export * from "./render-tool-docs.js";
export * from "./tokenize-chat.js";
export * from "./train-chat-tokenizer.js";
export * from "./trice-messages.js";
