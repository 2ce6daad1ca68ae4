import type { JsonObject } from "../../stages/stage-types.js";
import { listPhrase } from "../phrasing.js";
import { UNIT_WORDS } from "./units.js";

/** The gold plan's sub-question of a compute step, with its concrete inputs. */
export function subQuestion(op: string, inputs: JsonObject): string {
  const s = (key: string) => String(inputs[key]);
  switch (op) {
    case "convert_currency":
      return `How much is ${s("amount")} ${s("from")} in ${s("to")}?`;
    case "convert_units":
      return `Convert ${s("value")} ${UNIT_WORDS[s("from")]} to ${UNIT_WORDS[s("to")]}.`;
    case "convert_time":
      return `What time is it at ${s("to_tz")} when it is ${s("time")} at ${s("from_tz")}?`;
    case "days_between":
      return `How many days are there from ${s("start")} to ${s("end")}?`;
    case "add_days":
      return `What date is ${s("days")} days after ${s("date")}?`;
    case "weekday":
      return `What day of the week was ${s("date")}?`;
    case "age_on":
      return `How old is someone born on ${s("birth_date")} on ${s("date")}?`;
    case "difference":
      return `What is ${s("a")} minus ${s("b")}?`;
    case "sum":
      return `What is the sum of ${listPhrase((inputs.values as number[]).map(String))}?`;
    case "average":
      return `What is the average of ${listPhrase((inputs.values as number[]).map(String))}?`;
    default:
      throw new RangeError(`no sub-question for ${op}`);
  }
}
