/**
 * Answers to the entries of `BFCL_LIVE_FIXTURE`, each with the verdict of the leaderboard's own
 * checker (`ast_checker.py` and `eval_runner`'s relevance rule, run on these very entries and
 * answers): "ok" or its error type. Arguments are JSON text, as a model sends them.
 */
import type { BfclErrorType } from "../../../reward/index.js";

export interface BfclLiveCase {
  id: string;
  label: string;
  calls: [name: string, args: string][];
  expected: "ok" | BfclErrorType;
}

/** live_simple_2-1-0's right answer with some arguments changed; `budget` stays the float `120.0`. */
const hotel = (overrides: Record<string, unknown>) =>
  JSON.stringify({
    location: { city: "Paris", country: "France" },
    nights: 3,
    budget: 120.5,
    amenities: ["wifi", "pool"],
    guests: [
      { name: "Ann", age: 30 },
      { name: "Bo", age: 4 },
    ],
    ...overrides,
  }).replace('"budget":120.5', '"budget":120.0');

const weather = (location: string, unit = "celsius") => JSON.stringify({ location, unit });

export const BFCL_LIVE_CASES: BfclLiveCase[] = [
  // Strings: BFCL drops spaces and ,./-_*^ and lower-cases; other punctuation counts.
  {
    id: "live_simple_0-0-0",
    label: "normalized string",
    calls: [["get_current_weather", '{"location": "boston ma"}']],
    expected: "ok",
  },
  {
    id: "live_simple_0-0-0",
    label: "extra spaces and case",
    calls: [["get_current_weather", '{"location": "BOSTON,  MA"}']],
    expected: "ok",
  },
  {
    id: "live_simple_0-0-0",
    label: "other punctuation",
    calls: [["get_current_weather", '{"location": "Boston; MA"}']],
    expected: "value_error:string",
  },
  {
    id: "live_simple_0-0-0",
    label: "another city",
    calls: [["get_current_weather", '{"location": "Boston, Massachusetts"}']],
    expected: "value_error:string",
  },
  {
    id: "live_simple_0-0-0",
    label: "optional given an allowed value",
    calls: [["get_current_weather", '{"location": "Boston, MA", "unit": "Fahrenheit"}']],
    expected: "ok",
  },
  {
    id: "live_simple_0-0-0",
    label: "optional given a wrong value",
    calls: [["get_current_weather", '{"location": "Boston, MA", "unit": "celsius"}']],
    expected: "value_error:string",
  },
  {
    id: "live_simple_0-0-0",
    label: "optional given as empty string",
    calls: [["get_current_weather", '{"location": "Boston, MA", "unit": ""}']],
    expected: "ok",
  },
  {
    id: "live_simple_0-0-0",
    label: "required left out",
    calls: [["get_current_weather", '{"unit": "fahrenheit"}']],
    expected: "simple_function_checker:missing_required",
  },
  {
    id: "live_simple_0-0-0",
    label: "undeclared parameter",
    calls: [["get_current_weather", '{"location": "Boston, MA", "units": "f"}']],
    expected: "simple_function_checker:unexpected_param",
  },
  {
    id: "live_simple_0-0-0",
    label: "no call",
    calls: [],
    expected: "simple_function_checker:wrong_count",
  },
  {
    id: "live_simple_1-0-1",
    label: "second allowed value",
    calls: [["get_current_weather", '{"location": "new york", "unit": "fahrenheit"}']],
    expected: "ok",
  },
  {
    id: "live_simple_1-0-1",
    label: "optional the ground truth lists first, left out",
    calls: [["get_current_weather", '{"location": "New York, NY"}']],
    expected: "ok",
  },

  // Dicts: keys compared one by one, string values normalized, missing keys need "".
  {
    id: "live_simple_2-1-0",
    label: "dict values normalized, second allowed value",
    calls: [["book_hotel", hotel({ location: { city: "paris", country: "fr" } })]],
    expected: "ok",
  },
  {
    id: "live_simple_2-1-0",
    label: "dict key missing",
    calls: [["book_hotel", hotel({ location: { city: "Paris" } })]],
    expected: "value_error:dict_key",
  },
  {
    id: "live_simple_2-1-0",
    label: "dict key extra",
    calls: [
      ["book_hotel", hotel({ location: { city: "Paris", country: "France", zip: "75001" } })],
    ],
    expected: "value_error:dict_key",
  },
  {
    id: "live_simple_2-1-0",
    label: "dict value wrong",
    calls: [["book_hotel", hotel({ location: { city: "Lyon", country: "France" } })]],
    expected: "value_error:dict_value",
  },
  {
    id: "live_simple_2-1-0",
    label: "string for a dict",
    calls: [["book_hotel", hotel({ location: "Paris, France" })]],
    expected: "type_error:simple",
  },
  // Lists: in order, items normalized; any allowed list.
  {
    id: "live_simple_2-1-0",
    label: "second allowed list",
    calls: [["book_hotel", hotel({ amenities: ["pool", "wifi"] })]],
    expected: "ok",
  },
  {
    id: "live_simple_2-1-0",
    label: "list items normalized",
    calls: [["book_hotel", hotel({ amenities: ["Wi-Fi", "POOL"] })]],
    expected: "ok",
  },
  {
    id: "live_simple_2-1-0",
    label: "list too short",
    calls: [["book_hotel", hotel({ amenities: ["wifi"] })]],
    expected: "value_error:list/tuple",
  },
  // Lists of dicts: position by position.
  {
    id: "live_simple_2-1-0",
    label: "list of dicts normalized",
    calls: [
      [
        "book_hotel",
        hotel({
          guests: [
            { name: "ann", age: 30 },
            { name: "BO", age: 4 },
          ],
        }),
      ],
    ],
    expected: "ok",
  },
  {
    id: "live_simple_2-1-0",
    label: "list of dicts reordered",
    calls: [
      [
        "book_hotel",
        hotel({
          guests: [
            { name: "Bo", age: 4 },
            { name: "Ann", age: 30 },
          ],
        }),
      ],
    ],
    expected: "value_error:dict_value",
  },
  {
    id: "live_simple_2-1-0",
    label: "list of dicts, number as string",
    calls: [
      [
        "book_hotel",
        hotel({
          guests: [
            { name: "Ann", age: "30" },
            { name: "Bo", age: 4 },
          ],
        }),
      ],
    ],
    expected: "value_error:dict_value",
  },
  {
    id: "live_simple_2-1-0",
    label: "list of dicts too short",
    calls: [["book_hotel", hotel({ guests: [{ name: "Ann", age: 30 }] })]],
    expected: "value_error:list_dict_count",
  },
  // Numbers: an int passes for a float, never a float for an int; bools are not ints.
  {
    id: "live_simple_2-1-0",
    label: "int for a float",
    calls: [["book_hotel", hotel({ budget: 120 })]],
    expected: "ok",
  },
  {
    id: "live_simple_2-1-0",
    label: "integral float for an int",
    calls: [["book_hotel", hotel({ nights: 3.5 }).replace('"nights":3.5', '"nights":3.0')]],
    expected: "type_error:simple",
  },
  {
    id: "live_simple_2-1-0",
    label: "optional boolean given its allowed value",
    calls: [["book_hotel", hotel({ breakfast: false })]],
    expected: "ok",
  },
  {
    id: "live_simple_2-1-0",
    label: "boolean as a string",
    calls: [["book_hotel", hotel({ breakfast: "false" })]],
    expected: "type_error:simple",
  },
  {
    id: "live_simple_3-1-1",
    label: "optional list given empty",
    calls: [
      [
        "book_hotel",
        '{"location": {"city": "austin", "country": "us"}, "nights": 2, "budget": 99.5, "amenities": [], "breakfast": true}',
      ],
    ],
    expected: "ok",
  },
  {
    id: "live_simple_3-1-1",
    label: "1 for true",
    calls: [
      [
        "book_hotel",
        '{"location": {"city": "Austin"}, "nights": 2, "budget": 99.5, "breakfast": 1}',
      ],
    ],
    expected: "type_error:simple",
  },
  {
    id: "live_simple_3-1-1",
    label: "float as a string",
    calls: [
      [
        "book_hotel",
        '{"location": {"city": "Austin"}, "nights": 2, "budget": "99.5", "breakfast": true}',
      ],
    ],
    expected: "type_error:simple",
  },
  {
    id: "live_simple_3-1-1",
    label: "gold parameter without '' left out",
    calls: [["book_hotel", '{"location": {"city": "Austin"}, "budget": 99.5, "breakfast": true}']],
    expected: "simple_function_checker:missing_optional",
  },

  // A dotted name, sent with underscores as OpenAI-style APIs must; dict values compare with ==.
  {
    id: "live_simple_4-2-0",
    label: "underscored name",
    calls: [
      [
        "requests_get",
        '{"url": "https://api.example.com/v1/items", "params": {"limit": 10}, "timeout": 10}',
      ],
    ],
    expected: "ok",
  },
  {
    id: "live_simple_4-2-0",
    label: "float equal to the int in a dict",
    calls: [
      [
        "requests.get",
        '{"url": "https://api.example.com/v1/items", "params": {"limit": 10.0}, "timeout": 10.0}',
      ],
    ],
    expected: "ok",
  },
  {
    id: "live_simple_4-2-0",
    label: "string for the int in a dict",
    calls: [
      [
        "requests.get",
        '{"url": "https://api.example.com/v1/items", "params": {"limit": "10"}, "timeout": 10.0}',
      ],
    ],
    expected: "value_error:dict_value",
  },
  {
    id: "live_simple_4-2-0",
    label: "a tuple where only '' is allowed",
    calls: [
      [
        "requests.get",
        '{"url": "https://api.example.com/v1/items", "params": {"limit": 10}, "timeout": 10.0, "auth": ["u", "p"]}',
      ],
    ],
    expected: "value_error:list/tuple",
  },
  {
    id: "live_simple_4-2-0",
    label: "an empty tuple where only '' is allowed",
    calls: [
      [
        "requests.get",
        '{"url": "https://api.example.com/v1/items", "params": {"limit": 10}, "timeout": 10.0, "auth": []}',
      ],
    ],
    expected: "ok",
  },

  // Required parameters whose only allowed value is "": sent empty, or the entry fails.
  {
    id: "live_simple_5-3-0",
    label: "required '' params sent empty",
    calls: [["search_products", '{"query": "", "category": "", "tags": []}']],
    expected: "ok",
  },
  {
    id: "live_simple_5-3-0",
    label: "required '' param left out",
    calls: [["search_products", '{"query": "", "category": ""}']],
    expected: "simple_function_checker:missing_required",
  },
  {
    id: "live_simple_5-3-0",
    label: "required '' param given a value",
    calls: [["search_products", '{"query": "shoes", "category": "", "tags": []}']],
    expected: "value_error:string",
  },
  {
    id: "live_simple_5-3-0",
    label: "string for a required '' array",
    calls: [["search_products", '{"query": "", "category": "", "tags": ""}']],
    expected: "type_error:simple",
  },
  {
    id: "live_simple_6-3-1",
    label: "any-typed '' param given a dict",
    calls: [
      [
        "search_products",
        '{"query": "red shoes", "category": "footwear", "tags": ["sale", "new"], "payload": {"a": 1}}',
      ],
    ],
    expected: "type_error:simple",
  },
  {
    id: "live_simple_6-3-1",
    label: "normalized list and string",
    calls: [
      [
        "search_products",
        '{"query": "Red-Shoes", "category": "FOOTWEAR", "tags": ["New", "SALE"]}',
      ],
    ],
    expected: "ok",
  },

  {
    id: "live_multiple_0-0-0",
    label: "another function",
    calls: [["play_music", '{"artist": "tea"}']],
    expected: "simple_function_checker:wrong_func_name",
  },
  {
    id: "live_multiple_0-0-0",
    label: "case-insensitive label",
    calls: [["set_timer", '{"minutes": 25, "label": "TEA"}']],
    expected: "ok",
  },
  {
    id: "live_multiple_0-0-0",
    label: "two calls",
    calls: [
      ["set_timer", '{"minutes": 25}'],
      ["set_timer", '{"minutes": 25}'],
    ],
    expected: "multiple_function_checker:wrong_count",
  },
  {
    id: "live_multiple_1-1-0",
    label: "float as given",
    calls: [["play_music", '{"artist": "daft punk", "volume": 0.2}']],
    expected: "ok",
  },
  {
    id: "live_multiple_1-1-0",
    label: "broken arguments",
    calls: [["play_music", '{"artist": "Daft Punk", "volume": 0.2']],
    expected: "ast_decoder:decoder_failed",
  },

  {
    id: "live_parallel_0-0-0",
    label: "in the other order",
    calls: [
      ["get_current_weather", weather("Chicago")],
      ["get_current_weather", weather("Boston")],
    ],
    expected: "ok",
  },
  {
    id: "live_parallel_0-0-0",
    label: "one city twice",
    calls: [
      ["get_current_weather", weather("Boston")],
      ["get_current_weather", weather("Boston, MA")],
    ],
    expected: "parallel_function_checker_no_order:cannot_find_match",
  },
  {
    id: "live_parallel_0-0-0",
    label: "one call short",
    calls: [["get_current_weather", weather("Boston")]],
    expected: "parallel_function_checker_no_order:wrong_count",
  },
  // BFCL pairs greedily: gold call 0 takes the first call that fits it, even one gold call 1 needs.
  {
    id: "live_parallel_1-0-1",
    label: "greedy pairing misses the assignment",
    calls: [
      ["get_current_weather", '{"location": "Boston, MA"}'],
      ["get_current_weather", '{"location": "Chicago, IL"}'],
    ],
    expected: "parallel_function_checker_no_order:cannot_find_match",
  },
  {
    id: "live_parallel_1-0-1",
    label: "greedy pairing finds it",
    calls: [
      ["get_current_weather", '{"location": "Chicago, IL"}'],
      ["get_current_weather", '{"location": "Boston, MA"}'],
    ],
    expected: "ok",
  },

  {
    id: "live_parallel_multiple_0-0-0",
    label: "in the other order, '' sent",
    calls: [
      ["play_music", '{"artist": "queen", "volume": 1}'],
      ["set_timer", '{"minutes": 10, "label": ""}'],
    ],
    expected: "ok",
  },
  {
    id: "live_parallel_multiple_0-0-0",
    label: "a number as a string",
    calls: [
      ["set_timer", '{"minutes": 10}'],
      ["play_music", '{"artist": "Queen", "volume": "1"}'],
    ],
    expected: "parallel_function_checker_no_order:cannot_find_match",
  },

  // Irrelevance: right with no call; a call whose arguments do not decode is no call (BFCL).
  {
    id: "live_irrelevance_0-0-0",
    label: "a call",
    calls: [["get_current_weather", '{"location": "Antarctica"}']],
    expected: "irrelevance_error:decoder_success",
  },
  {
    id: "live_irrelevance_0-0-0",
    label: "an undecodable call",
    calls: [["get_current_weather", '{"location": ']],
    expected: "ok",
  },
  {
    id: "live_irrelevance_1-1-0",
    label: "a call with no function offered",
    calls: [["get_joke", "{}"]],
    expected: "irrelevance_error:decoder_success",
  },
  { id: "live_irrelevance_2-2-0", label: "no call", calls: [], expected: "ok" },
  // Relevance: right with any decodable call, whatever its arguments.
  {
    id: "live_relevance_0-0-0",
    label: "any call",
    calls: [["search_products", '{"query": "gift"}']],
    expected: "ok",
  },
  {
    id: "live_relevance_0-0-0",
    label: "a call to an unknown function",
    calls: [["buy", "{}"]],
    expected: "ok",
  },
  {
    id: "live_relevance_1-1-0",
    label: "no call",
    calls: [],
    expected: "relevance_error:decoder_failed",
  },
  {
    id: "live_relevance_1-1-0",
    label: "one call of two undecodable",
    calls: [
      ["get_current_weather", "{}"],
      ["play_music", "[1]"],
    ],
    expected: "relevance_error:decoder_failed",
  },
];
