// chat: the chat template the built-in model reads and writes (tool docs, turns, tool-call text)
// and its tokenization, shared by inference (policy) and training (train).
export {
  assistantBodyPieces,
  type ChatPiece,
  type ChatSegment,
  type ChatSegmentsOptions,
  type ChatTemplateOptions,
  chatSegments,
  compactCallJson,
  compactType,
  cutText,
  DEFAULT_CHAT_TEMPLATE,
  renderChatText,
  renderToolDocs,
  triceMessages,
} from "./chat-template.js";
export { CHAT_TOKENS, type ChatTokenIds, type ChatTokenName, chatTokenIds } from "./chat-tokens.js";
export { parseAssistantOutput } from "./parse-assistant-output.js";
export { type TokenizeChatOptions, type TokenizedChat, tokenizeChat } from "./tokenize-chat.js";
export { type TrainChatTokenizerOptions, trainChatTokenizer } from "./train-chat-tokenizer.js";
