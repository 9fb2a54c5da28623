/** What a JSON column holds. The driver binds objects and arrays as JSON text and parses JSON columns back. */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
export type JsonArray = JsonValue[];
export interface JsonObject {
  [key: string]: JsonValue;
}
