import type { JsonObject, JsonValue } from "../json/json-value.js";

/**
 * Assigning `object["__proto__"] = v` would change the prototype instead of adding a key, and a
 * model may well write that key; so every parsed key is defined as an own property.
 *
 * `Object.defineProperty` is several times slower than assignment, and parsed keys are many. For a
 * key that `Object.prototype` does not have (no setter or read-only property to get in the way),
 * assigning to a plain object does exactly the same. (`Object.hasOwn` asks that faster than `in`,
 * and the same, as `Object.prototype` has no prototype.)
 */
export function setOwn(object: JsonObject, key: string, value: JsonValue): void {
  if (Object.hasOwn(Object.prototype, key)) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}
