import type { JsonObject, JsonValue } from "../json/json-value.js";

/**
 * Assigning `object["__proto__"] = v` would change the prototype instead of adding a key, and a
 * model may well write that key; so every parsed key is defined as an own property.
 */
export function setOwn(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
