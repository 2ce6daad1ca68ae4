import { Field, Float64, Int64, List, Struct, Utf8 } from "apache-arrow";

/** Arrow types of the columns the exports write; every field nullable, as pandas writes them. */
const utf8 = (name: string) => new Field(name, new Utf8(), true);

export const arrowString = new Utf8();
export const arrowFloat = new Float64();
export const arrowInt = new Int64();

export const arrowStruct = (fields: Record<string, Utf8 | Float64 | Int64 | Struct | List>) =>
  new Struct(Object.entries(fields).map(([name, type]) => new Field(name, type, true)));

export const arrowList = (item: Utf8 | Struct) => new List(new Field("element", item, true));

/** `{role, content}` chat messages, the shape of verl's `prompt` column. */
export const plainMessagesType = arrowList(new Struct([utf8("role"), utf8("content")]));

/**
 * OpenAI chat messages with tool calls (arguments as JSON strings), the shape of FTRL's
 * `messages` column once a conversation has assistant turns; absent fields are null.
 */
export const toolMessagesType = arrowList(
  arrowStruct({
    role: arrowString,
    content: arrowString,
    tool_calls: arrowList(
      arrowStruct({
        id: arrowString,
        type: arrowString,
        function: arrowStruct({ name: arrowString, arguments: arrowString }),
      }),
    ),
    tool_call_id: arrowString,
  }),
);
